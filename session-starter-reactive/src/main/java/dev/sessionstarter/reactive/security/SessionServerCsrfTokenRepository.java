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

package dev.sessionstarter.reactive.security;

import java.util.Set;

import dev.sessionstarter.core.security.SessionCsrfToken;
import dev.sessionstarter.core.token.SessionTokens;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.DefaultCsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.WebSessionServerCsrfTokenRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * Keeps CSRF tokens in the session as the servlet side's
 * {@code SessionCsrfTokenRepository} does: only the token's value, under the same
 * attribute ({@value SessionCsrfToken#ATTRIBUTE}), so that a form rendered by a servlet
 * node can be posted to a reactive one and back.
 *
 * <p>
 * It differs from Spring Security's {@link WebSessionServerCsrfTokenRepository} in three
 * ways. Saving a token does not change the session id (Spring's does on every save, a
 * write each time); the new token at login comes from
 * {@link RotatingServerSecurityContextRepository}. A token is generated on the calling
 * thread, without a worker scheduler. And a state-changing request that arrived without a
 * session never gets one just to hold a token (no store flooding by forged POSTs).
 *
 * @author session-starter
 */
public class SessionServerCsrfTokenRepository implements ServerCsrfTokenRepository {

	/** Where {@link WebSessionServerCsrfTokenRepository} keeps the whole token. */
	private static final String LEGACY_ATTRIBUTE = WebSessionServerCsrfTokenRepository.class.getName()
		.concat(".CSRF_TOKEN");

	private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.TRACE);

	@Override
	public Mono<CsrfToken> generateToken(ServerWebExchange exchange) {
		return Mono.fromSupplier(() -> new DefaultCsrfToken(SessionCsrfToken.HEADER_NAME,
				SessionCsrfToken.PARAMETER_NAME, SessionTokens.mint()));
	}

	@Override
	public Mono<Void> saveToken(ServerWebExchange exchange, @Nullable CsrfToken token) {
		return exchange.getSession().doOnNext((session) -> {
			if (token == null) {
				remove(session);
			}
			else if (session.isStarted() || SAFE_METHODS.contains(exchange.getRequest().getMethod())) {
				session.getAttributes().put(SessionCsrfToken.ATTRIBUTE, token.getToken());
				session.getAttributes().remove(LEGACY_ATTRIBUTE);
			}
		}).then();
	}

	@Override
	public Mono<CsrfToken> loadToken(ServerWebExchange exchange) {
		return exchange.getSession().mapNotNull(SessionServerCsrfTokenRepository::token);
	}

	private static @Nullable CsrfToken token(WebSession session) {
		// Anything but a non-empty string (crafted store contents) is no token: the
		// request then fails the CSRF check like any request without one.
		if (session.getAttributes().get(SessionCsrfToken.ATTRIBUTE) instanceof String value) {
			return value.isEmpty() ? null
					: new DefaultCsrfToken(SessionCsrfToken.HEADER_NAME, SessionCsrfToken.PARAMETER_NAME, value);
		}
		return (session.getAttributes().get(LEGACY_ATTRIBUTE) instanceof CsrfToken legacy) ? legacy : null;
	}

	/**
	 * Remove the session's CSRF token, in either form.
	 * @param session the session
	 */
	static void remove(WebSession session) {
		session.getAttributes().remove(SessionCsrfToken.ATTRIBUTE);
		session.getAttributes().remove(LEGACY_ATTRIBUTE);
	}

}
