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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RedisMonitor;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.session.FindByIndexNameSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

@RealRedisTest
class SessionStoreCostAndConcurrencyTests extends StoreTestSupport {

	// Standalone only: MONITOR watches one node, and a Cluster spreads the keys over
	// three.
	@Tag("standalone-only")
	// uncached: counts the round trips of a store without a near cache (NearCacheTests
	// counts those of one with it).
	@Tag("uncached")
	@Test
	void readThatChangesNothingCostsExactlyOneRoundTrip(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("cart", "3 apples", "SPRING_SECURITY_CONTEXT", context("alice")));
		store.findById(token); // loads the script into the server's cache (EVAL on
								// NOSCRIPT)
		Map<String, Long> before = redis.commandStats();
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			StoredSession session = store.findById(token);
			session.getAttribute("SPRING_SECURITY_CONTEXT");
			session.getAttribute("cart");
			store.save(session);
			assertThat(monitor.roundTrips()).isEqualTo(Map.of("evalsha", 1L));
			assertThat(monitor.scriptCommands()).isEqualTo(Map.of("hgetall", 1L));
		}
		// INFO commandstats agrees: one EVALSHA and the one HGETALL it ran (plus the
		// monitor's own MONITOR and ECHO markers).
		assertThat(redis.commandStatsDelta(before))
			.isEqualTo(Map.of("evalsha", 1L, "hgetall", 1L, "echo", 2L, "monitor", 1L));
	}

	@Test
	void malformedTokensCostNoRedisCommand(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		store.findById(token);
		Map<String, Long> before = redis.commandStats();
		for (String bad : List.of("", "x", token + "A", token.substring(1), token.replace(token.charAt(3), '%'),
				token.substring(0, 42) + "\u0000", "ref:" + SessionTokens.storageId(token) + "x", "a".repeat(8192))) {
			assertThat(store.findById(bad)).isNull();
			store.deleteById(bad);
		}
		assertThat(redis.commandStatsDelta(before)).isEmpty();
	}

	@Test
	void concurrentWritersOfDifferentAttributesLoseNothing() throws Exception {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("seed", "1"));
		int threads = 8;
		int writes = 1000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String attribute = "thread-" + t;
				futures.add(pool.submit(() -> {
					for (int i = 1; i <= writes; i++) {
						StoredSession session = store.findById(token);
						session.setAttribute(attribute, i);
						session.setAttribute(attribute + "-seen-" + (i % 10), i);
						store.save(session);
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		StoredSession result = store.findById(token);
		assertThat(result.getAttributeNames()).hasSize(1 + threads * 11);
		for (int t = 0; t < threads; t++) {
			assertThat(result.<Integer>getAttribute("thread-" + t)).isEqualTo(writes);
			for (int k = 0; k < 10; k++) {
				assertThat(result.<Integer>getAttribute("thread-" + t + "-seen-" + k))
					.isEqualTo(writes - 10 + ((k == 0) ? 10 : k));
			}
		}
	}

	@Test
	void principalLookupReturnsOnlyLiveSessions(RealRedis redis) throws InterruptedException {
		RedisSessionStore shortLived = store(timeouts(500, 60_000, 0));
		RedisSessionStore store = store();
		String expiring = storedSession(shortLived, Map.of("SPRING_SECURITY_CONTEXT", context("bob")));
		String live = storedSession(store, Map.of("SPRING_SECURITY_CONTEXT", context("bob")));
		String deleted = storedSession(store, Map.of("SPRING_SECURITY_CONTEXT", context("bob")));
		storedSession(store, Map.of("SPRING_SECURITY_CONTEXT", context("carol")));
		store.deleteById(deleted);
		Thread.sleep(700);
		Map<String, StoredSession> sessions = store.findByPrincipalName("bob");
		assertThat(sessions).hasSize(1);
		StoredSession found = sessions.values().iterator().next();
		assertThat(found.getStorageId()).isEqualTo(SessionTokens.storageId(live));
		assertThat(found.getId()).startsWith(StoredSession.REFERENCE_PREFIX).doesNotContain(live);
		assertThat(found.getPrincipalName()).isEqualTo("bob");
		assertThat(
				store.findByIndexNameAndIndexValue(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "carol"))
			.hasSize(1);
		String index = redis.command("ZRANGE", KEYS.userIndex("bob"), "0", "-1");
		assertThat(index.trim()).isEqualTo(SessionTokens.storageId(live));
		assertThat(SessionTokens.storageId(expiring)).isNotEqualTo(SessionTokens.storageId(live));
	}

	@Test
	void loginRotationMovesTheIndexEntry() {
		RedisSessionStore store = store();
		String anonymous = storedSession(store, Map.of("cart", "1 pear"));
		StoredSession session = store.findById(anonymous);
		String token = session.changeSessionId();
		session.setAttribute("SPRING_SECURITY_CONTEXT", context("dave"));
		store.save(session);
		Map<String, StoredSession> sessions = store.findByPrincipalName("dave");
		assertThat(sessions).hasSize(1);
		assertThat(sessions.values().iterator().next().getStorageId()).isEqualTo(SessionTokens.storageId(token));
		StoredSession again = store.findById(token);
		String rotated = again.changeSessionId();
		store.save(again);
		assertThat(store.findByPrincipalName("dave").values().iterator().next().getStorageId())
			.isEqualTo(SessionTokens.storageId(rotated));
		store.deleteById(rotated);
		assertThat(store.findByPrincipalName("dave")).isEmpty();
	}

	private static SecurityContextImpl context(String name) {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(name, null,
				AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

}
