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

import java.util.Map;

import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RedisMonitor;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@RealRedisTest
class RequestScopeTests extends StoreTestSupport {

	// uncached: counts the round trips of a store without a near cache (NearCacheTests
	// counts those of one with it).
	@Tag("uncached")
	@Test
	void tokenIsLoadedOnceWithinAScope(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		store.findById(token);
		Map<String, Long> before = redis.commandStats();
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			StoredSession first = store.findById(token);
			assertThat(store.findById(token)).isSameAs(first);
		}
		assertThat(redis.commandStatsDelta(before)).containsEntry("evalsha", 1L);
	}

	@Test
	void closedScopeLoadsAgainSoDeadlinesAreChecked(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			store.findById(token);
		}
		store.deleteById(token);
		assertThat(store.findById(token)).isNull();
	}

	@Test
	void deletedSessionIsGoneForTheRestOfTheScope() {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			assertThat(store.findById(token)).isNotNull();
			store.deleteById(token);
			assertThat(store.findById(token)).isNull();
		}
	}

	// Standalone only: in a Cluster the index lives in another slot, so cleaning it takes
	// a second command by design.
	@Tag("standalone-only")
	@Test
	void deletingTheLoadedSessionOfAUserIsOneRoundTripThatAlsoCleansTheIndex(RealRedis redis) {
		RedisSessionStore store = store();
		String token = UserSessionsTests.login(store, "kate", Map.of());
		store.findById(token);
		store.deleteById(UserSessionsTests.login(store, "other", Map.of())); // caches the
																				// script
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			store.findById(token);
			try (RedisMonitor monitor = RedisMonitor.start(redis)) {
				store.deleteById(token);
				assertThat(monitor.roundTrips()).isEqualTo(Map.of("evalsha", 1L));
				assertThat(monitor.scriptCommands()).containsEntry("zrem", 1L);
			}
		}
		assertThat(redis.command("ZCARD", KEYS.userIndex("kate")).trim()).isEqualTo("0");
	}

	@Test
	void rotatedTokenIsDeadForTheRestOfTheScope() {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			StoredSession session = store.findById(token);
			String newToken = session.changeSessionId();
			store.save(session);
			assertThat(store.findById(token)).isNull();
			assertThat(store.findById(newToken)).isNotNull();
		}
	}

}
