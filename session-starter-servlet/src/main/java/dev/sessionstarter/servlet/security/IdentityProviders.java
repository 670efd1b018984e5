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
package dev.sessionstarter.servlet.security;

import java.util.Objects;

import dev.sessionstarter.core.store.ProviderSessions;
import dev.sessionstarter.core.store.UserSessions;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.util.ClassUtils;

/**
 * Records in the session which identity provider a user signed in with (the OAuth 2.0
 * client registration id of an {@code oauth2Login()}), so that "your sessions" can show
 * it. Spring Security's OAuth 2.0 client is optional: without it nothing is recorded.
 *
 * @author session-starter
 */
final class IdentityProviders {

	private static final boolean OAUTH2_CLIENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken",
			IdentityProviders.class.getClassLoader());

	private IdentityProviders() {
	}

	static void record(Authentication authentication, HttpSession session) {
		if (!OAUTH2_CLIENT) {
			return;
		}
		setIfChanged(session, UserSessions.PROVIDER_ATTRIBUTE, OAuth2Logins.registrationId(authentication));
		// What a back-channel logout token names (see ProviderSessions): hashes only.
		setIfChanged(session, ProviderSessions.SID_ATTRIBUTE, OAuth2Logins.marker(authentication, "sid"));
		setIfChanged(session, ProviderSessions.SUBJECT_ATTRIBUTE, OAuth2Logins.marker(authentication, "sub"));
	}

	private static void setIfChanged(HttpSession session, String name, @Nullable String value) {
		if (value != null && !Objects.equals(session.getAttribute(name), value)) {
			session.setAttribute(name, value);
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
