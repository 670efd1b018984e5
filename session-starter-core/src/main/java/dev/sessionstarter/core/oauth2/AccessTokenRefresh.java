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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

/**
 * The rules both web stacks' single-refresh authorized client managers follow: when an
 * access token needs refreshing, and the session lock that lets one request on one node
 * do it. One place, so that a servlet node and a reactive node judge and lock the same
 * way.
 *
 * @author session-starter
 */
public final class AccessTokenRefresh {

	/** How long the refresh lock lives at most, and how long a waiter waits for it. */
	public static final Duration LOCK_TIME_TO_LIVE = Duration.ofSeconds(10);

	/** How often a waiter asks whether the refresh lock was released. */
	public static final Duration POLL = Duration.ofMillis(20);

	/** Spring Security refreshes this long before a token expires. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private AccessTokenRefresh() {
	}

	/**
	 * The name of the session lock for refreshing one registration's access token.
	 * @param registrationId the client registration id
	 * @return the lock name
	 */
	public static String lockName(String registrationId) {
		return "oauth2-refresh:" + registrationId;
	}

	/**
	 * Whether Spring Security would refresh this client's access token now: it has a
	 * refresh token and its access token expires within the clock skew.
	 * @param client the authorized client
	 * @param clock the clock
	 * @return whether a refresh is due
	 */
	public static boolean isDue(OAuth2AuthorizedClient client, Clock clock) {
		Instant expiresAt = client.getAccessToken().getExpiresAt();
		return client.getRefreshToken() != null && expiresAt != null
				&& !clock.instant().isBefore(expiresAt.minus(CLOCK_SKEW));
	}

	/**
	 * Whether the session's map of authorized clients (the value a session-backed
	 * repository keeps) holds one for the registration whose refresh is due.
	 * @param clients the session attribute, or {@code null}
	 * @param registrationId the client registration id
	 * @param clock the clock
	 * @return whether a refresh is due
	 */
	public static boolean isDueInSession(@Nullable Object clients, String registrationId, Clock clock) {
		return clients instanceof Map<?, ?> map && map.get(registrationId) instanceof OAuth2AuthorizedClient client
				&& isDue(client, clock);
	}

}
