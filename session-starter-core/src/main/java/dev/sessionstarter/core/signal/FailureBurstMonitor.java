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

package dev.sessionstarter.core.signal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sessionstarter.core.event.SessionAnomalyEvent;
import dev.sessionstarter.core.event.SessionEventContext;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

/**
 * Counts failures per user (failed logins, failed refreshes) and publishes a
 * {@link SessionAnomalyEvent} when {@code threshold} failures of one kind fall within
 * {@code window}: once when the threshold is reached, then again only after the window
 * has passed. Nothing is blocked; rate limiting is a separate concern.
 *
 * <p>
 * Counts are kept in memory, per application instance, for a bounded number of users (the
 * least recently failing are forgotten first), so a flood of made-up user names cannot
 * exhaust memory. Behind a load balancer each instance counts its own share.
 *
 * @author session-starter
 */
public class FailureBurstMonitor {

	private static final int MAX_TRACKED = 10_000;

	private final ApplicationEventPublisher publisher;

	private final int threshold;

	private final Duration window;

	private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
			return size() > MAX_TRACKED;
		}

	};

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a new monitor.
	 * @param publisher where events go
	 * @param threshold failures within the window that make a burst, 0 to never report
	 * @param window the window
	 */
	public FailureBurstMonitor(ApplicationEventPublisher publisher, int threshold, Duration window) {
		Assert.isTrue(threshold >= 0, "The threshold must not be negative");
		this.publisher = publisher;
		this.threshold = threshold;
		this.window = window;
	}

	/**
	 * Set the clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Record a failure of a user, publishing an event when it completes a burst.
	 * @param kind {@link SessionAnomalyEvent.Kind#FAILED_LOGINS} or
	 * {@link SessionAnomalyEvent.Kind#REFRESH_FAILURES}
	 * @param principal the user the failure was for
	 * @return whether this failure completed a burst
	 */
	public boolean failure(SessionAnomalyEvent.Kind kind, String principal) {
		if (this.threshold == 0) {
			return false;
		}
		long now = this.clock.millis();
		int count;
		synchronized (this.failures) {
			Deque<Long> times = this.failures.computeIfAbsent(kind.name() + ':' + principal,
					(key) -> new ArrayDeque<>());
			long windowStart = now - this.window.toMillis();
			while (!times.isEmpty() && times.peekFirst() < windowStart) {
				times.removeFirst();
			}
			times.addLast(now);
			count = times.size();
			if (count >= this.threshold) {
				// Start over, so one burst is reported once rather than on every failure.
				times.clear();
			}
		}
		if (count < this.threshold) {
			return false;
		}
		this.publisher.publishEvent(new SessionAnomalyEvent(this, "", principal, SessionEventContext.current(), kind,
				count + " failures within " + this.window));
		return true;
	}

}
