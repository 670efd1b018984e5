/*
 * Copyright 2026 the session-starter authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.sessionstarter.reactive.oauth2;

import dev.sessionstarter.core.freshness.Reauthentication;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Security's {@link WebSessionServerOAuth2AuthorizedClientRepository} (authorized
 * clients in the session), except that an identity provider's login into a signed-in
 * session as another user, which the re-authentication rules refuse
 * ({@link Reauthentication#refusalOfAuthorizedClient}), writes nothing, the reactive
 * counterpart of the servlet {@code ReauthenticatingAuthorizedClientRepository}. Spring
 * Security writes a login's authorized client before it saves the login's security
 * context, so without this check a refused login would leave the session signed in as
 * before but holding the other login's provider tokens (which a gateway's
 * {@code TokenRelay} would then send). The refusal ends the login like a wrong password.
 *
 * @author session-starter
 */
public class ReauthenticatingServerAuthorizedClientRepository implements ServerOAuth2AuthorizedClientRepository {

	private final WebSessionServerOAuth2AuthorizedClientRepository delegate = new WebSessionServerOAuth2AuthorizedClientRepository();

	@Override
	public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
			@Nullable Authentication principal, ServerWebExchange exchange) {
		return this.delegate.loadAuthorizedClient(clientRegistrationId, principal, exchange);
	}

	@Override
	public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal,
			ServerWebExchange exchange) {
		return exchange.getSession().flatMap((session) -> {
			Object stored = session.getAttributes()
				.get(WebSessionServerSecurityContextRepository.DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME);
			String refusal = Reauthentication.refusalOfAuthorizedClient(
					(stored instanceof SecurityContext context) ? context.getAuthentication() : null, principal);
			if (refusal != null) {
				return Mono.error(new SessionAuthenticationException(refusal));
			}
			return this.delegate.saveAuthorizedClient(authorizedClient, principal, exchange);
		});
	}

	@Override
	public Mono<Void> removeAuthorizedClient(String clientRegistrationId, @Nullable Authentication principal,
			ServerWebExchange exchange) {
		return this.delegate.removeAuthorizedClient(clientRegistrationId, principal, exchange);
	}

}
