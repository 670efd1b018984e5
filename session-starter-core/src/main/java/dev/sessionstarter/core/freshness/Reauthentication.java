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
package dev.sessionstarter.core.freshness;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.util.ClassUtils;

/**
 * When a login into a signed-in session is refused, the same on servlet and reactive
 * nodes: a login into a signed-in session must be a re-authentication of the same user
 * (another user's login is refused like a wrong password, and the session stays signed in
 * as before), and for an OpenID Connect login the returned ID token must say that the
 * user entered credentials just now: its {@code auth_time} must be present, later than
 * that of the login being renewed, and not older than the allowed clock skew. A provider
 * that signs the user in again silently (ignoring {@code prompt=login} and
 * {@code max_age=0}) is refused.
 *
 * @author session-starter
 */
public final class Reauthentication {

	private static final boolean OIDC = ClassUtils.isPresent(
			"org.springframework.security.oauth2.core.oidc.user.OidcUser", Reauthentication.class.getClassLoader());

	private static final String ANOTHER_USER = "This session is signed in as another user: sign out before signing in as someone else";

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private Reauthentication() {
	}

	/**
	 * Why a login into a signed-in session is refused, if it is.
	 * @param current the session's authentication
	 * @param login the new login's authentication
	 * @param clockSkew how far an identity provider's {@code auth_time} may lie behind
	 * this application's clock
	 * @return the reason, or {@code null} when the login renews the session
	 */
	public static @Nullable String refusal(Authentication current, Authentication login, Duration clockSkew) {
		if (!current.getName().equals(login.getName())) {
			return ANOTHER_USER;
		}
		if (!OIDC || !AuthenticationProofs.OidcLogins.isOidc(login)) {
			return null;
		}
		Instant authenticatedAt = AuthenticationProofs.OidcLogins.authenticatedAt(login);
		Instant before = AuthenticationProofs.OidcLogins.authenticatedAt(current);
		if (authenticatedAt == null) {
			return "The identity provider did not say when the user authenticated (no auth_time)";
		}
		boolean fresh = !authenticatedAt.isBefore(Instant.now().minus(clockSkew))
				&& (before == null || authenticatedAt.isAfter(before));
		return fresh ? null : "The identity provider did not ask for the user's credentials again (auth_time "
				+ authenticatedAt + ")";
	}

	/**
	 * Why an authorized client may not be written into a signed-in session, if it may
	 * not: it is another user's. Spring Security writes a login's authorized client
	 * before it saves the login's security context, so a login that {@link #refusal}
	 * refuses because it is another user's would otherwise leave that user's provider
	 * tokens in the session. A write for the session's own user goes ahead: a refreshed
	 * token (whose ID token is new, with the same {@code auth_time}) cannot be told from
	 * a silent sign-in at this point, and either holds only that user's tokens of the
	 * same provider session; a silent sign-in is still refused when its security context
	 * is saved.
	 * @param current the session's authentication, if any
	 * @param principal the authentication the authorized client is written for
	 * @return the reason, or {@code null} when the write may go ahead
	 */
	public static @Nullable String refusalOfAuthorizedClient(@Nullable Authentication current,
			Authentication principal) {
		if (!trustResolver.isAuthenticated(current) || current.getName().equals(principal.getName())) {
			return null;
		}
		return ANOTHER_USER;
	}

}
