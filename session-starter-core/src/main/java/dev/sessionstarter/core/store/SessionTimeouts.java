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

import org.springframework.util.Assert;

/**
 * The timeout policy every session is held to, on the server: an idle timeout (time since
 * the last request), an absolute timeout (time since the session was created, whatever
 * the activity, surviving every token rotation) and the touch interval (how stale the
 * recorded last access may get before a read writes it back).
 *
 * <p>
 * Because last access is recorded at most once per touch interval, a session may end up
 * to one touch interval before its idle timeout, never after it. Where no touch interval
 * is chosen, {@link #defaultTouchInterval(Duration)} derives one from the idle timeout.
 *
 * @param idle the idle timeout
 * @param absolute the absolute timeout
 * @param touchInterval how often a read moves the recorded last access
 * @author session-starter
 */
public record SessionTimeouts(Duration idle, Duration absolute, Duration touchInterval) {

	// Declared before DEFAULTS, which needs it while the class initializes.
	private static final Duration LONGEST_DEFAULT_TOUCH_INTERVAL = Duration.ofMinutes(1);

	/**
	 * Defaults: 30 minutes idle, 8 hours absolute, last access recorded once a minute.
	 */
	public static final SessionTimeouts DEFAULTS = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(8));

	/**
	 * Validate the policy.
	 * @param idle the idle timeout
	 * @param absolute the absolute timeout
	 * @param touchInterval how often a read moves the recorded last access
	 */
	public SessionTimeouts {
		Assert.isTrue(idle.toMillis() > 0, "Idle timeout must be positive");
		Assert.isTrue(absolute.compareTo(idle) >= 0, "Absolute timeout must not be shorter than the idle timeout");
		Assert.isTrue(!touchInterval.isNegative(), "Touch interval must not be negative");
		Assert.isTrue(touchInterval.compareTo(idle) < 0, "Touch interval must be shorter than the idle timeout");
	}

	/**
	 * Create a policy whose touch interval is derived from the idle timeout (see
	 * {@link #defaultTouchInterval(Duration)}).
	 * @param idle the idle timeout
	 * @param absolute the absolute timeout
	 */
	public SessionTimeouts(Duration idle, Duration absolute) {
		this(idle, absolute, defaultTouchInterval(idle));
	}

	/**
	 * The touch interval used when none is chosen: the smaller of one minute and a tenth
	 * of the idle timeout. A session then ends at most a tenth of its idle timeout (and
	 * never more than a minute) early, while a busy session still writes its last access
	 * at most once a minute.
	 * @param idle the idle timeout (positive)
	 * @return the touch interval for it
	 */
	public static Duration defaultTouchInterval(Duration idle) {
		Duration tenth = idle.dividedBy(10);
		return (tenth.compareTo(LONGEST_DEFAULT_TOUCH_INTERVAL) < 0) ? tenth : LONGEST_DEFAULT_TOUCH_INTERVAL;
	}

}
