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
package dev.sessionstarter.servlet.oauth2;

import dev.sessionstarter.core.freshness.Reauthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Spring Security's {@link HttpSessionOAuth2AuthorizedClientRepository} (authorized
 * clients in the session), except that an identity provider's login into a signed-in
 * session as another user, which the re-authentication rules refuse
 * ({@link Reauthentication#refusalOfAuthorizedClient}), writes nothing. Spring Security
 * writes a login's authorized client before it saves the login's security context, so
 * without this check a refused login would leave the session signed in as before but
 * holding the other login's provider tokens. The refusal ends the login like a wrong
 * password.
 *
 * @author session-starter
 */
public class ReauthenticatingAuthorizedClientRepository implements OAuth2AuthorizedClientRepository {

	private final HttpSessionOAuth2AuthorizedClientRepository delegate = new HttpSessionOAuth2AuthorizedClientRepository();

	@Override
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			@Nullable Authentication principal, HttpServletRequest request) {
		return this.delegate.loadAuthorizedClient(clientRegistrationId, principal, request);
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal,
			HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		Object stored = (session != null)
				? session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) : null;
		String refusal = Reauthentication.refusalOfAuthorizedClient(
				(stored instanceof SecurityContext context) ? context.getAuthentication() : null, principal);
		if (refusal != null) {
			throw new SessionAuthenticationException(refusal);
		}
		this.delegate.saveAuthorizedClient(authorizedClient, principal, request, response);
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, @Nullable Authentication principal,
			HttpServletRequest request, HttpServletResponse response) {
		this.delegate.removeAuthorizedClient(clientRegistrationId, principal, request, response);
	}

}
