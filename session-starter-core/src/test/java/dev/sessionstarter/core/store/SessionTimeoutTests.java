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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Idle and absolute deadlines, key expiry and the touch interval. The store's clock is
 * moved instead of sleeping, since the store judges deadlines by its own clock; one test
 * waits in real time, to prove that Redis itself expires the key of an idle session.
 */
@RealRedisTest
class SessionTimeoutTests extends StoreTestSupport {

	/**
	 * An hour ahead of real time: key expiries follow the store's clock while Redis
	 * expires keys by its own, so Redis never ends a session before the moved clock does,
	 * however slowly a loaded machine runs the test.
	 */
	private final MovableClock clock = aheadOfRealTime();

	@Test
	void expiresAfterIdleTimeout() {
		RedisSessionStore store = store(timeouts(2000, 60_000, 0), this.clock);
		String token = storedSession(store, Map.of("a", "1"));
		this.clock.advance(Duration.ofMillis(500));
		assertThat(store.findById(token)).as("used within the idle timeout").isNotNull();
		this.clock.advance(Duration.ofMillis(1999));
		assertThat(store.findById(token)).as("used just within the idle timeout of the last use").isNotNull();
		this.clock.advance(Duration.ofMillis(2000));
		assertThat(store.findById(token)).as("idle for as long as the timeout").isNull();
		assertThat(store.findById(token)).as("ended for good").isNull();
	}

	@Test
	void expiredAfterAbsoluteTimeoutEvenWhenActive() {
		RedisSessionStore store = store(timeouts(1500, 3000, 0), this.clock);
		String token = storedSession(store, Map.of("a", "1"));
		for (int elapsed = 200; elapsed < 3000; elapsed += 200) {
			this.clock.advance(Duration.ofMillis(200));
			assertThat(store.findById(token)).as("active and before the absolute deadline").isNotNull();
		}
		this.clock.advance(Duration.ofMillis(199));
		assertThat(store.findById(token)).as("active, 1 ms before the absolute deadline").isNotNull();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(store.findById(token)).as("active but at the absolute deadline").isNull();
	}

	@Test
	void ttlEqualsTheNearerDeadline(RealRedis redis) {
		// Redis counts the TTL in real time down to the expiry instant set from the
		// store's clock; a clock started just now (after the slow first use of the codec)
		// makes the TTL the store's deadline minus almost nothing.
		storedSession(store(timeouts(10_000, 15_000, 0), Clock.systemUTC()), Map.of("warm", "up"));
		MovableClock clock = new MovableClock();
		RedisSessionStore store = store(timeouts(10_000, 15_000, 0), clock);
		String token = storedSession(store, Map.of("a", "1"));
		assertThat(pttl(redis, token)).as("idle deadline is nearer").isCloseTo(10_000L, within(500L));
		clock.advance(Duration.ofSeconds(8));
		store.findById(token);
		assertThat(pttl(redis, token)).as("absolute deadline is nearer (idle would be 18 s away)")
			.isCloseTo(15_000L, within(500L));
	}

	@Test
	void redisExpiresTheKeyOfAnIdleSessionByItself(RealRedis redis) throws InterruptedException {
		// The real clock: the key must go when nobody reads the session again, not only
		// when the load script finds it past its deadline.
		RedisSessionStore store = store(timeouts(1000, 60_000, 0), Clock.systemUTC());
		String token = storedSession(store, Map.of("a", "1"));
		String key = KEYS.session(SessionTokens.storageId(token));
		assertThat(redis.command("EXISTS", key)).as("stored").isEqualToIgnoringWhitespace("1");
		Thread.sleep(1200);
		assertThat(redis.command("EXISTS", key)).as("expired by Redis").isEqualToIgnoringWhitespace("0");
	}

	@Test
	void lastAccessMovesOnlyAfterTheTouchInterval(RealRedis redis) {
		RedisSessionStore store = store(timeouts(60_000, 120_000, 1000), this.clock);
		String token = storedSession(store, Map.of("a", "1"));
		Instant created = store.findById(token).getLastAccessedTime();
		Map<String, Long> before = redis.commandStats();
		store.findById(token);
		this.clock.advance(Duration.ofMillis(999));
		assertThat(store.findById(token).getLastAccessedTime()).as("within the touch interval").isEqualTo(created);
		assertThat(redis.commandStatsDelta(before)).doesNotContainKeys("hset", "pexpireat");
		this.clock.advance(Duration.ofMillis(101));
		StoredSession touched = store.findById(token);
		assertThat(touched.getLastAccessedTime()).isAfter(created.plusMillis(1000));
		assertThat(redis.commandStatsDelta(before)).containsKeys("hset", "pexpireat");
		assertThat(store.findById(token).getLastAccessedTime()).isEqualTo(touched.getLastAccessedTime());
	}

	private static MovableClock aheadOfRealTime() {
		MovableClock clock = new MovableClock();
		clock.advance(Duration.ofHours(1));
		return clock;
	}

	private static RedisSessionStore store(SessionTimeouts timeouts, Clock clock) {
		RedisSessionStore store = StoreTestSupport.store(timeouts);
		store.setClock(clock);
		return store;
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
