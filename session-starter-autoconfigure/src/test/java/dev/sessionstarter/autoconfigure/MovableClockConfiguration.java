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
package dev.sessionstarter.autoconfigure;

import java.time.Duration;
import java.time.Instant;

import dev.sessionstarter.test.MovableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Gives the session store a {@link MovableClock}, so that tests cross deadlines, rotation
 * intervals and grace periods by moving it instead of sleeping.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MovableClockConfiguration {

	@Bean
	MovableClock movableClock() {
		return new MovableClock();
	}

	@Bean
	SessionStoreCustomizer movableClockCustomizer(MovableClock clock) {
		return (store) -> store.setClock(clock);
	}

	/**
	 * Moves the clock to an hour past the real time. Key expiries follow the store's
	 * clock while Redis expires keys by its own, and the clock stands still while a
	 * cached context waits for its next test: an hour ahead, Redis never ends a session
	 * before the moved clock does, however slowly a loaded machine runs the test.
	 * @param clock the store's clock
	 */
	public static void runAheadOfRealTime(MovableClock clock) {
		Duration behind = Duration.between(clock.instant(), Instant.now());
		clock.advance(behind.isNegative() ? Duration.ofHours(1) : behind.plusHours(1));
	}

}
