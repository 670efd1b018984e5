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

package dev.sessionstarter.core.oauth2;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.sessionstarter.core.store.ProviderSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Spring Security's {@link OidcSessionRegistry} over {@link ProviderSessions}: what
 * {@code oidcLogout()} registers at login lands in Redis, for every node, instead of in
 * the memory of the node that handled the login (Spring Security's default
 * {@code InMemoryOidcSessionRegistry}, which also keeps each session's raw id).
 *
 * <p>
 * Nothing is ever handed back for Spring Security's default logout handler to replay as a
 * session cookie over HTTP: a logout token ends the matching sessions here, directly in
 * Redis, and the returned list is empty. The starter's {@code BackChannelLogoutFilter}
 * answers the back-channel logout endpoint itself (with replay protection); this
 * registry's removal is the path for applications that wire Spring Security's handler by
 * hand.
 *
 * @author session-starter
 */
public class RedisOidcSessionRegistry implements OidcSessionRegistry {

	private final ProviderSessions sessions;

	/**
	 * Create a registry.
	 * @param sessions where provider sessions are recorded
	 */
	public RedisOidcSessionRegistry(ProviderSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public void saveSessionInformation(OidcSessionInformation info) {
		OidcUser user = info.getPrincipal();
		if (user.getIssuer() != null && user.getSubject() != null) {
			this.sessions.register(user.getIssuer().toExternalForm(), user.getIdToken().getClaimAsString("sid"),
					user.getSubject(), user.getName());
		}
	}

	@Override
	public @Nullable OidcSessionInformation removeSessionInformation(String clientSessionId) {
		// Sessions are found through their principal, not their id (which changes at
		// every rotation); an ended session simply matches nothing any more.
		return null;
	}

	@Override
	public Iterable<OidcSessionInformation> removeSessionInformation(OidcLogoutToken logoutToken) {
		if (logoutToken.getIssuer() != null && logoutToken.getId() != null
				&& (logoutToken.getSessionId() != null || logoutToken.getSubject() != null)) {
			// Remembered until the token expires (and the clock skew after), as by the
			// starter's own endpoint.
			Instant now = Instant.now();
			Instant until = (logoutToken.getExpiresAt() != null) ? logoutToken.getExpiresAt()
					: now.plus(LogoutTokenValidator.MAX_AGE);
			this.sessions.end(logoutToken.getIssuer().toExternalForm(), logoutToken.getSessionId(),
					logoutToken.getSubject(), logoutToken.getId(),
					Duration.between(now, until.plus(LogoutTokenValidator.CLOCK_SKEW)));
		}
		return List.of();
	}

}
