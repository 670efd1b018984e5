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
import java.util.Map;

import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

@RealRedisTest
class SessionTimeoutTests extends StoreTestSupport {

	@Test
	void expiresAfterIdleTimeout() throws InterruptedException {
		RedisSessionStore store = store(timeouts(2000, 60_000, 0));
		storedSession(store, Map.of("warm", "up")); // first use of the codec is slow
		String token = storedSession(store, Map.of("a", "1"));
		Thread.sleep(500);
		assertThat(store.findById(token)).as("used within the idle timeout").isNotNull();
		Thread.sleep(2500);
		assertThat(store.findById(token)).as("idle for longer than the timeout").isNull();
	}

	@Test
	void expiredAfterAbsoluteTimeoutEvenWhenActive() throws InterruptedException {
		// Generous margins (idle 1.5 s between uses 0.2 s apart, last use 0.6 s before
		// the deadline) keep a slow CI machine from ending the session early.
		Instant created = Instant.now();
		RedisSessionStore store = store(timeouts(1500, 3000, 0));
		String token = storedSession(store, Map.of("a", "1"));
		while (Duration.between(created, Instant.now()).toMillis() < 2400) {
			assertThat(store.findById(token)).as("active and before the absolute deadline").isNotNull();
			Thread.sleep(200);
		}
		Thread.sleep(1000);
		assertThat(store.findById(token)).as("active but past the absolute deadline").isNull();
	}

	@Test
	void ttlEqualsTheNearerDeadline(RealRedis redis) throws InterruptedException {
		RedisSessionStore store = store(timeouts(10_000, 15_000, 0));
		storedSession(store, Map.of("warm", "up")); // first use of the codec is slow
		String token = storedSession(store, Map.of("a", "1"));
		assertThat(pttl(redis, token)).as("idle deadline is nearer").isCloseTo(10_000L, within(500L));
		Thread.sleep(6000);
		store.findById(token);
		assertThat(pttl(redis, token)).as("absolute deadline is nearer").isCloseTo(9_000L, within(500L));
	}

	@Test
	void lastAccessMovesOnlyAfterTheTouchInterval(RealRedis redis) throws InterruptedException {
		RedisSessionStore store = store(timeouts(60_000, 120_000, 1000));
		String token = storedSession(store, Map.of("a", "1"));
		Instant created = store.findById(token).getLastAccessedTime();
		Map<String, Long> before = redis.commandStats();
		store.findById(token);
		assertThat(redis.commandStatsDelta(before)).doesNotContainKeys("hset", "pexpireat");
		Thread.sleep(1100);
		StoredSession touched = store.findById(token);
		assertThat(touched.getLastAccessedTime()).isAfter(created.plusMillis(1000));
		assertThat(store.findById(token).getLastAccessedTime()).isEqualTo(touched.getLastAccessedTime());
	}

	@Test
	void policyRejectsAbsoluteShorterThanIdle() {
		assertThatIllegalArgumentException().isThrownBy(() -> timeouts(2000, 1000, 0))
			.withMessageContaining("Absolute timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> timeouts(1000, 2000, 1000))
			.withMessageContaining("Touch interval");
	}

	@Test
	void derivedTouchIntervalIsATenthOfTheIdleTimeoutAndAtMostAMinute() {
		assertThat(SessionTimeouts.defaultTouchInterval(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(100));
		assertThat(SessionTimeouts.defaultTouchInterval(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
		assertThat(SessionTimeouts.defaultTouchInterval(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(6));
		assertThat(SessionTimeouts.defaultTouchInterval(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(1));
		assertThat(SessionTimeouts.defaultTouchInterval(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(1));
		assertThat(new SessionTimeouts(Duration.ofMillis(1), Duration.ofMillis(1)).touchInterval())
			.isLessThan(Duration.ofMillis(1));
		assertThat(SessionTimeouts.DEFAULTS.touchInterval()).isEqualTo(Duration.ofMinutes(1));
	}

}
