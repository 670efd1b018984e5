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
package dev.sessionstarter.core.security;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.sessionstarter.core.store.ProviderSessions;
import dev.sessionstarter.core.store.UserSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.util.ClassUtils;

/**
 * What a session records about the identity provider a user signed in with, the same on
 * servlet and reactive nodes: the OAuth 2.0 client registration id of the login, so that
 * "your sessions" can show it, and the hashes a back-channel logout token is matched
 * against ({@link ProviderSessions}), never the provider's identifiers themselves. Spring
 * Security's OAuth 2.0 client is optional: without it, and for other logins, nothing is
 * recorded.
 *
 * @author session-starter
 */
public final class IdentityProviders {

	private static final boolean OAUTH2_CLIENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken",
			IdentityProviders.class.getClassLoader());

	private IdentityProviders() {
	}

	/**
	 * The session attributes that record an authentication's identity provider.
	 * @param authentication the authentication a login stores in the session
	 * @return the attributes by name, empty when the login was not through a provider
	 */
	public static Map<String, String> attributes(Authentication authentication) {
		Map<String, String> attributes = new LinkedHashMap<>();
		if (OAUTH2_CLIENT) {
			putIfPresent(attributes, UserSessions.PROVIDER_ATTRIBUTE, OAuth2Logins.registrationId(authentication));
			putIfPresent(attributes, ProviderSessions.SID_ATTRIBUTE, OAuth2Logins.marker(authentication, "sid"));
			putIfPresent(attributes, ProviderSessions.SUBJECT_ATTRIBUTE, OAuth2Logins.marker(authentication, "sub"));
		}
		return attributes;
	}

	/**
	 * The OAuth 2.0 client registration an authentication signed in through.
	 * @param authentication the authentication, if any
	 * @return the registration id, or {@code null} for any other login
	 */
	public static @Nullable String registrationId(@Nullable Authentication authentication) {
		return (OAUTH2_CLIENT && authentication != null) ? OAuth2Logins.registrationId(authentication) : null;
	}

	private static void putIfPresent(Map<String, String> attributes, String name, @Nullable String value) {
		if (value != null) {
			attributes.put(name, value);
		}
	}

	/**
	 * Touched only when the OAuth 2.0 client is on the class path.
	 */
	private static final class OAuth2Logins {

		static @Nullable String registrationId(Authentication authentication) {
			return (authentication instanceof org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken oauth2)
					? oauth2.getAuthorizedClientRegistrationId() : null;
		}

		static @Nullable String marker(Authentication authentication, String claim) {
			if (!(authentication
				.getPrincipal() instanceof org.springframework.security.oauth2.core.oidc.user.OidcUser user)
					|| user.getIssuer() == null) {
				return null;
			}
			String value = user.getIdToken().getClaimAsString(claim);
			return (value != null) ? ProviderSessions.marker(user.getIssuer().toExternalForm(), claim, value) : null;
		}

	}

}
