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

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Spring Security's authorization request resolver, except that a login started by a user
 * who is already signed in (a re-authentication, e.g. before a sensitive route) asks the
 * identity provider to authenticate the user again: OpenID Connect's {@code prompt=login}
 * and {@code max_age=0}. Without them a provider with a live session of its own signs the
 * user in silently, which proves nothing. The returned {@code auth_time} is checked by
 * the starter's re-authentication strategy.
 *
 * @author session-starter
 */
public class ReauthenticatingAuthorizationRequestResolver implements OAuth2AuthorizationRequestResolver {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final DefaultOAuth2AuthorizationRequestResolver delegate;

	/**
	 * Create a resolver for the default authorization request path
	 * ({@code /oauth2/authorization/{registrationId}}).
	 * @param registrations the client registrations
	 */
	public ReauthenticatingAuthorizationRequestResolver(ClientRegistrationRepository registrations) {
		this.delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations,
				OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		this.delegate.setAuthorizationRequestCustomizer((request) -> {
			if (this.trustResolver.isAuthenticated(SecurityContextHolder.getContext().getAuthentication())) {
				request.additionalParameters((parameters) -> {
					parameters.put("prompt", "login");
					parameters.put("max_age", "0");
				});
			}
		});
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
		return this.delegate.resolve(request);
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
		return this.delegate.resolve(request, clientRegistrationId);
	}

}
