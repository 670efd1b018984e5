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

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Security's reactive authorization request resolver, except that a login started
 * by a user who is already signed in (a re-authentication, e.g. before a sensitive route)
 * asks the identity provider to authenticate the user again: OpenID Connect's
 * {@code prompt=login} and {@code max_age=0}, as the servlet
 * {@code ReauthenticatingAuthorizationRequestResolver} does. Without them a provider with
 * a live session of its own signs the user in silently, which proves nothing. The
 * returned {@code auth_time} is checked when the login is saved into the session.
 *
 * @author session-starter
 */
public class ReauthenticatingServerAuthorizationRequestResolver implements ServerOAuth2AuthorizationRequestResolver {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final DefaultServerOAuth2AuthorizationRequestResolver login;

	private final DefaultServerOAuth2AuthorizationRequestResolver reauthentication;

	/**
	 * Create a resolver for the default authorization request path
	 * ({@code /oauth2/authorization/{registrationId}}).
	 * @param registrations the client registrations
	 */
	public ReauthenticatingServerAuthorizationRequestResolver(ReactiveClientRegistrationRepository registrations) {
		this.login = new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
		this.reauthentication = new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
		// The customizer cannot see the signed-in user on a reactive stack: which
		// resolver applies is decided per exchange, from its security context.
		this.reauthentication
			.setAuthorizationRequestCustomizer((request) -> request.additionalParameters((parameters) -> {
				parameters.put("prompt", "login");
				parameters.put("max_age", "0");
			}));
	}

	// The plain resolver answers first: it is asked on every request, and only a request
	// for an authorization endpoint resolves to anything. Only then is the signed-in user
	// looked at, so that other requests load no session for it.
	@Override
	public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange) {
		return this.login.resolve(exchange)
			.flatMap((request) -> signedIn()
				.flatMap((signedIn) -> signedIn ? this.reauthentication.resolve(exchange) : Mono.just(request)));
	}

	@Override
	public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange, String clientRegistrationId) {
		return this.login.resolve(exchange, clientRegistrationId)
			.flatMap((request) -> signedIn().flatMap((signedIn) -> signedIn
					? this.reauthentication.resolve(exchange, clientRegistrationId) : Mono.just(request)));
	}

	private Mono<Boolean> signedIn() {
		// The security context loaded for the request (Spring Security's Reactor
		// context filter runs before the redirect filter; the exchange's principal is
		// set later in the chain).
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.map(this.trustResolver::isAuthenticated)
			.defaultIfEmpty(false);
	}

}
