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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.sessionstarter.core.codec.JsonAttributeCodec;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The near cache against real Redis servers: an unchanged session costs no command, a
 * change made through another node's connection reaches this node as an invalidation (the
 * delay is measured and printed), and the cache serves nothing while its tracking
 * connection is down or not confirmed again. Standalone only: the near cache refuses
 * Redis Cluster ({@code NearCacheClusterTests}).
 */
@RealRedisTest
@Tag("standalone-only")
class NearCacheTests extends StoreTestSupport {

	private final List<AutoCloseable> started = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		Collections.reverse(this.started);
		for (AutoCloseable closeable : this.started) {
			closeable.close();
		}
	}

	@Test
	void anUnchangedSessionCostsNoRedisCommandInSteadyState(RealRedis redis) {
		RedisSessionStore node = cachedStore(connectionFactory, SessionTimeouts.DEFAULTS);
		String token = signedInSession(node, "alice");
		request(node, token);
		Map<String, Long> before = redis.commandStats();
		for (int i = 0; i < 100; i++) {
			assertThat(request(node, token)).isTrue();
		}
		// The tracking connection's check (CLIENT ID, no key) is all Redis sees.
		assertThat(redis.commandStatsDelta(before).keySet()).isSubsetOf("client", "client|id");
		assertThat(nearCache(node).hits()).isGreaterThanOrEqualTo(100);
	}

	@Test
	void aRevocationThroughAnotherNodeReachesThisNodeAsAnInvalidation(RealRedis redis) throws Exception {
		RedisSessionStore nodeA = cachedStore(connectionFactory, SessionTimeouts.DEFAULTS);
		RedisSessionStore nodeB = store(otherNode(redis), SessionTimeouts.DEFAULTS);
		UserSessions onB = new UserSessions(nodeB);
		List<Long> delays = new ArrayList<>();
		int refusedAtOnce = 0;
		int rounds = 200;
		for (int i = 0; i < rounds; i++) {
			String token = signedInSession(nodeA, "carol");
			request(nodeA, token);
			assertThat(request(nodeA, token)).as("served from memory").isTrue();
			long hits = nearCache(nodeA).hits();
			assertThat(onB.revokeAll("carol")).isNotEmpty();
			long revoked = System.nanoTime();
			boolean atOnce = !request(nodeA, token);
			if (atOnce) {
				refusedAtOnce++;
			}
			else {
				waitUntil(() -> !request(nodeA, token), Duration.ofSeconds(2));
			}
			delays.add(System.nanoTime() - revoked);
			assertThat(nearCache(nodeA).hits()).as("not served from memory once refused").isGreaterThanOrEqualTo(hits);
		}
		Collections.sort(delays);
		System.out.printf(
				"[near-cache] revocation through another node, %d rounds: refused on the next request"
						+ " %d times; delay until refused p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
				rounds, refusedAtOnce, delays.get(rounds / 2) / 1e6, delays.get(rounds * 99 / 100) / 1e6,
				delays.get(rounds - 1) / 1e6);
	}

	@Test
	void writesOfThisNodeAreReadBackAtOnce() {
		RedisSessionStore node = cachedStore(connectionFactory, SessionTimeouts.DEFAULTS);
		String token = storedSession(node, Map.of("cart", "1 apple"));
		for (int i = 2; i < 50; i++) {
			String value = i + " apples";
			try (RedisSessionStore.RequestScope scope = node.openRequestScope()) {
				StoredSession session = node.findById(token);
				session.setAttribute("cart", value);
				node.save(session);
			}
			try (RedisSessionStore.RequestScope scope = node.openRequestScope()) {
				assertThat(node.findById(token).<String>getAttribute("cart")).isEqualTo(value);
			}
		}
	}

	@Test
	void killingTheTrackingConnectionBypassesTheCacheUntilItTracksAgain(RealRedis redis) throws Exception {
		RedisSessionStore nodeA = cachedStore(connectionFactory, SessionTimeouts.DEFAULTS);
		RedisSessionStore nodeB = store(otherNode(redis), SessionTimeouts.DEFAULTS);
		String token = storedSession(nodeA, Map.of("cart", "3 apples"));
		request(nodeA, token);
		assertThat(nearCache(nodeA).isServing()).isTrue();
		redis.command("CLIENT", "KILL", "ID", trackingClientId(redis));
		waitUntil(() -> !nearCache(nodeA).isServing(), Duration.ofSeconds(2));
		Map<String, Long> before = redis.commandStats();
		long hits = nearCache(nodeA).hits();
		// Another node changes the session while this one has no tracking connection.
		try (RedisSessionStore.RequestScope scope = nodeB.openRequestScope()) {
			StoredSession session = nodeB.findById(token);
			session.setAttribute("cart", "changed elsewhere");
			nodeB.save(session);
		}
		if (!nearCache(nodeA).isServing()) {
			try (RedisSessionStore.RequestScope scope = nodeA.openRequestScope()) {
				assertThat(nodeA.findById(token).<String>getAttribute("cart")).isEqualTo("changed elsewhere");
			}
			assertThat(nearCache(nodeA).hits()).as("nothing served from memory meanwhile").isEqualTo(hits);
			assertThat(redis.commandStatsDelta(before)).containsKey("evalsha");
		}
		waitUntil(() -> nearCache(nodeA).isServing(), Duration.ofSeconds(5));
		try (RedisSessionStore.RequestScope scope = nodeA.openRequestScope()) {
			assertThat(nodeA.findById(token).<String>getAttribute("cart")).as("the copy from before was dropped")
				.isEqualTo("changed elsewhere");
		}
		request(nodeA, token);
		assertThat(nearCache(nodeA).hits()).as("served from memory again").isGreaterThan(hits);
	}

	@Test
	@Tag("own-redis")
	void whileRedisIsDownNothingIsServedFromMemoryAndARestartFlushesTheCache() throws Exception {
		RealRedis dedicated = RealRedis.startDedicated();
		this.started.add(dedicated::stop);
		RedisSessionStore nodeA = cachedStore(factory(dedicated), SessionTimeouts.DEFAULTS);
		RedisSessionStore nodeB = store(factory(dedicated), SessionTimeouts.DEFAULTS);
		String token = storedSession(nodeA, Map.of("cart", "3 apples"));
		request(nodeA, token);
		assertThat(request(nodeA, token)).isTrue();
		dedicated.stop();
		waitUntil(() -> !nearCache(nodeA).isServing(), Duration.ofSeconds(2));
		assertThatExceptionOfType(SessionStoreUnavailableException.class)
			.as("an outage is an outage, not a session served from memory")
			.isThrownBy(() -> request(nodeA, token));
		dedicated.restart();
		nodeB.deleteById(token);
		assertThat(request(nodeA, token)).as("deleted right after the restart").isFalse();
		waitUntil(() -> nearCache(nodeA).isServing(), Duration.ofSeconds(5));
		assertThat(request(nodeA, token)).isFalse();
	}

	@Test
	void theTouchIsStillWrittenOncePerTouchIntervalThroughTheScript(RealRedis redis) throws Exception {
		MovableClock clock = new MovableClock();
		RedisSessionStore node = cachedStore(connectionFactory,
				new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofMinutes(1)));
		node.setClock(clock);
		String token = storedSession(node, Map.of("cart", "3 apples"));
		request(node, token);
		Map<String, Long> before = redis.commandStats();
		clock.advance(Duration.ofSeconds(59));
		request(node, token);
		assertThat(redis.commandStatsDelta(before)).doesNotContainKey("evalsha");
		clock.advance(Duration.ofSeconds(1));
		request(node, token);
		assertThat(redis.commandStatsDelta(before)).containsEntry("evalsha", 1L).containsKey("hset");
		assertThat(redis.command("HGET", KEYS.session(SessionTokens.storageId(token)), "lastAccess").trim())
			.isEqualTo(Long.toString(clock.millis()));
		Map<String, Long> afterTouch = redis.commandStats();
		request(node, token);
		assertThat(redis.commandStatsDelta(afterTouch)).as("tracked again after its own touch")
			.doesNotContainKey("evalsha");
		// Changed elsewhere after that touch: the invalidation still arrives.
		redis.command("HSET", KEYS.session(SessionTokens.storageId(token)), "a:cart", "\"changed\"");
		waitUntil(() -> {
			try (RedisSessionStore.RequestScope scope = node.openRequestScope()) {
				return "changed".equals(node.findById(token).getAttribute("cart"));
			}
		}, Duration.ofSeconds(2));
	}

	@Test
	void parallelWritersOnTwoCachedNodesLoseNothing(RealRedis redis) throws Exception {
		RedisSessionStore nodeA = cachedStore(connectionFactory, SessionTimeouts.DEFAULTS);
		RedisSessionStore nodeB = cachedStore(otherNode(redis), SessionTimeouts.DEFAULTS);
		String token = storedSession(nodeA, Map.of("start", "yes"));
		ExecutorService pool = Executors.newFixedThreadPool(10);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < 10; t++) {
				RedisSessionStore node = (t % 2 == 0) ? nodeA : nodeB;
				String attribute = "writer-" + t;
				writers.add(pool.submit(() -> {
					for (int i = 1; i <= 100; i++) {
						try (RedisSessionStore.RequestScope scope = node.openRequestScope()) {
							StoredSession session = node.findById(token);
							Integer previous = session.getAttribute(attribute);
							assertThat(previous).as(attribute + " before write " + i)
								.isEqualTo((i == 1) ? null : i - 1);
							session.setAttribute(attribute, i);
							node.save(session);
						}
					}
					return null;
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		for (int t = 0; t < 10; t++) {
			assertThat(redis.command("HGET", KEYS.session(SessionTokens.storageId(token)), "a:writer-" + t).trim())
				.isEqualTo("100");
		}
	}

	private boolean request(RedisSessionStore node, String token) {
		try (RedisSessionStore.RequestScope scope = node.openRequestScope()) {
			StoredSession session = node.findById(token);
			if (session != null) {
				node.save(session);
			}
			return session != null;
		}
	}

	private RedisSessionStore cachedStore(LettuceConnectionFactory factory, SessionTimeouts timeouts) {
		RedisSessionStore store = store(factory, timeouts);
		NearCache cache = NearCache.start(factory, KEYS, 1000);
		this.started.add(cache);
		store.setNearCache(cache);
		return store;
	}

	private static RedisSessionStore store(LettuceConnectionFactory factory, SessionTimeouts timeouts) {
		RedisSessionStore store = new RedisSessionStore(factory, new JsonAttributeCodec(), timeouts, KEYS);
		store.setIndexInScripts(true);
		return store;
	}

	private static NearCache nearCache(RedisSessionStore store) {
		return store.nearCache();
	}

	private LettuceConnectionFactory otherNode(RealRedis redis) {
		return factory(redis);
	}

	private LettuceConnectionFactory factory(RealRedis redis) {
		// Commands fail after a second, not Lettuce's default minute, while Redis is
		// down.
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		factory.afterPropertiesSet();
		factory.start();
		this.started.add(factory::destroy);
		return factory;
	}

	private static String trackingClientId(RealRedis redis) {
		for (String line : String.valueOf(redis.command("CLIENT", "LIST")).split("\n")) {
			if (line.matches(".*\\bflags=[A-Za-z]*t[A-Za-z]*\\b.*")) {
				for (String field : line.split(" ")) {
					if (field.startsWith("id=")) {
						return field.substring(3);
					}
				}
			}
		}
		throw new IllegalStateException("No tracking client connected");
	}

	private static void waitUntil(BooleanSupplier condition, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited " + limit).isLessThan(deadline);
			Thread.sleep(1);
		}
	}

}
