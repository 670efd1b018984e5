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
package dev.sessionstarter.core.store;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Periodic rotation of session tokens. A session older than the interval (counted from
 * its creation or its last rotation) gets a new token on its next request; the previous
 * token keeps leading to the same session for the grace period, so that requests already
 * in flight with it still work. The previous token presented after the grace period is
 * <em>reuse</em>: a copy of the token is in someone else's hands, and by default the
 * whole session is revoked.
 *
 * <p>
 * Off by default: a response lost on the network leaves the client with the previous
 * token, and after the grace period that looks exactly like theft.
 *
 * @param interval how long a token is used before it is replaced, {@code null} for never
 * @param grace how long a replaced token keeps working
 * @param onReuse what happens when a replaced token is used after its grace period
 * @author session-starter
 */
public record SessionRotation(@Nullable Duration interval, Duration grace, ReusePolicy onReuse) {

	/**
	 * No periodic rotation; tokens change only on login and privilege change.
	 */
	public static final SessionRotation OFF = new SessionRotation(null, Duration.ofSeconds(5), ReusePolicy.REVOKE);

	/**
	 * Create a rotation policy.
	 * @param interval how long a token is used, {@code null} for no periodic rotation
	 * @param grace how long a replaced token keeps working
	 * @param onReuse what happens when a replaced token is used after its grace period
	 * @throws IllegalArgumentException if the interval is not positive or the grace not
	 * shorter than the interval
	 */
	public SessionRotation {
		Assert.isTrue(interval == null || (!interval.isNegative() && !interval.isZero()),
				"The rotation interval must be positive");
		Assert.isTrue(!grace.isNegative(), "The rotation grace must not be negative");
		Assert.isTrue(interval == null || grace.compareTo(interval) < 0,
				"The rotation grace must be shorter than the rotation interval");
	}

	/**
	 * Whether a session last rotated at the given time is due for a new token.
	 * @param lastRotation the creation time or the last rotation
	 * @param now the current time
	 * @return whether to rotate now
	 */
	public boolean isDue(Instant lastRotation, Instant now) {
		return this.interval != null && !now.isBefore(lastRotation.plus(this.interval));
	}

	/**
	 * What happens when a replaced token is used after its grace period.
	 */
	public enum ReusePolicy {

		/** Revoke the session and publish a reuse-detected event (the default). */
		REVOKE,

		/**
		 * Only publish a reuse-detected event; the session goes on under its new token.
		 */
		REPORT

	}

}
