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

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers a request that presented a bearer token but is not authenticated with RFC
 * 6750's {@code 401} and {@code WWW-Authenticate: Bearer error="invalid_token"}, instead
 * of a redirect to a login page, as the servlet side's {@code BearerChallengeFilter}
 * does. It belongs just inside Spring Security's exception translation
 * ({@code SecurityWebFiltersOrder.EXCEPTION_TRANSLATION}), so it sees only the failures
 * of requests that carry a bearer token and leaves every other request to the
 * application's own entry points (an entry point for bearer requests would also become
 * the fallback for requests no other entry point claims).
 *
 * @author session-starter
 */
public class ServerBearerChallengeWebFilter implements WebFilter {

	private static final String BEARER = "Bearer ";

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!isBearer(exchange)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange)
			.onErrorResume((ex) -> isAuthenticationProblem(ex)
				.flatMap((problem) -> (problem && !exchange.getResponse().isCommitted()) ? challenge(exchange)
						: Mono.error(ex)));
	}

	private Mono<Boolean> isAuthenticationProblem(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof AuthenticationException) {
				return Mono.just(true);
			}
			if (cause instanceof AccessDeniedException) {
				// Denied because nobody is authenticated: the token was missing, wrong or
				// dead. An authenticated caller without the right role still gets its
				// 403.
				return ReactiveSecurityContextHolder.getContext()
					.flatMap((context) -> Mono.justOrEmpty(context.getAuthentication()))
					.map(this.trustResolver::isAnonymous)
					.defaultIfEmpty(true);
			}
		}
		return Mono.just(false);
	}

	private static Mono<Void> challenge(ServerWebExchange exchange) {
		exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		return exchange.getResponse().setComplete();
	}

	/**
	 * Whether a request uses the bearer scheme, with or without a token.
	 * @param exchange the exchange
	 * @return whether its Authorization header names the Bearer scheme
	 */
	public static boolean isBearer(ServerWebExchange exchange) {
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		return authorization != null && (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
				|| authorization.trim().equalsIgnoreCase(BEARER.trim()));
	}

}
