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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.sessionstarter.core.event.SessionAnomalyEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureBurstMonitorTests {

	private final List<Object> events = new ArrayList<>();

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");

	private final FailureBurstMonitor monitor = new FailureBurstMonitor(this.events::add, 3, Duration.ofMinutes(5));

	FailureBurstMonitorTests() {
		this.monitor.setClock(new Clock() {

			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return FailureBurstMonitorTests.this.now;
			}

		});
	}

	@Test
	void reportsABurstOnceWhenItReachesTheThreshold() {
		for (int i = 0; i < 5; i++) {
			this.monitor.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, "bob");
		}
		assertThat(this.events).singleElement().isInstanceOfSatisfying(SessionAnomalyEvent.class, (event) -> {
			assertThat(event.getKind()).isEqualTo(SessionAnomalyEvent.Kind.FAILED_LOGINS);
			assertThat(event.getPrincipal()).isEqualTo("bob");
			assertThat(event.getSessionId()).isEmpty();
		});
	}

	@Test
	void failuresOutsideTheWindowDoNotAddUp() {
		this.monitor.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, "bob");
		this.monitor.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, "bob");
		this.now = this.now.plus(Duration.ofMinutes(6));
		this.monitor.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, "bob");
		assertThat(this.events).isEmpty();
	}

	@Test
	void usersAndKindsAreCountedApart() {
		this.monitor.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, "bob");
		this.monitor.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, "alice");
		this.monitor.failure(SessionAnomalyEvent.Kind.REFRESH_FAILURES, "bob");
		this.monitor.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, "bob");
		assertThat(this.events).isEmpty();
		this.monitor.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, "bob");
		assertThat(this.events).hasSize(1);
	}

	@Test
	void thresholdZeroNeverReports() {
		FailureBurstMonitor off = new FailureBurstMonitor(this.events::add, 0, Duration.ofMinutes(5));
		for (int i = 0; i < 10; i++) {
			off.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, "bob");
		}
		assertThat(this.events).isEmpty();
	}

}
