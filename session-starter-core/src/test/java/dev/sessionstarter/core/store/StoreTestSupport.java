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
import java.util.Map;
import java.util.function.Consumer;

import dev.sessionstarter.core.codec.AttributeCodec;
import dev.sessionstarter.core.codec.JsonAttributeCodec;
import dev.sessionstarter.test.RealRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.FindByIndexNameSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared set-up for store tests: a Lettuce connection to the run's real Redis.
 * <p>
 * With {@code -Dsession-starter.test.near-cache=true} (the build's {@code near-cache}
 * execution) every store these methods make serves from one near cache per test class, so
 * that the same tests prove that the cache changes none of the store's rules.
 */
abstract class StoreTestSupport {

	static final SessionKeys KEYS = new SessionKeys("test");

	static final boolean NEAR_CACHE = Boolean.getBoolean("session-starter.test.near-cache");

	static LettuceConnectionFactory connectionFactory;

	private static @Nullable NearCache nearCache;

	@BeforeAll
	static void connect() {
		RealRedis redis = RealRedis.get();
		connectionFactory = redis.isCluster()
				? new LettuceConnectionFactory(new RedisClusterConfiguration(
						redis.nodePorts().stream().map((port) -> redis.host() + ":" + port).toList()))
				: new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
	}

	@AfterAll
	static void disconnect() {
		if (nearCache != null) {
			System.out.println("[near-cache] " + nearCache.hits() + " loads served from memory");
			nearCache.close();
			nearCache = null;
		}
		connectionFactory.destroy();
	}

	static RedisSessionStore store() {
		return store(SessionTimeouts.DEFAULTS);
	}

	static RedisSessionStore store(SessionTimeouts timeouts) {
		return store(timeouts, new JsonAttributeCodec());
	}

	static RedisSessionStore store(SessionTimeouts timeouts, AttributeCodec codec) {
		RedisSessionStore store = new RedisSessionStore(connectionFactory, codec, timeouts, KEYS);
		// As the auto-configuration does: a Cluster script may touch one slot only.
		store.setIndexInScripts(!connectionFactory.isClusterAware());
		if (NEAR_CACHE) {
			if (nearCache == null) {
				nearCache = NearCache.start(connectionFactory, KEYS, 10_000);
			}
			store.setNearCache(nearCache);
		}
		return store;
	}

	static SessionTimeouts timeouts(long idleMillis, long absoluteMillis, long touchMillis) {
		return new SessionTimeouts(Duration.ofMillis(idleMillis), Duration.ofMillis(absoluteMillis),
				Duration.ofMillis(touchMillis));
	}

	static String storedSession(RedisSessionStore store, Map<String, Object> attributes) {
		StoredSession session = store.createSession();
		attributes.forEach(session::setAttribute);
		store.save(session);
		return session.getId();
	}

	/**
	 * A stored session that belongs to a principal (and so is in its index), as a login
	 * leaves it.
	 */
	static String signedInSession(RedisSessionStore store, String principal) {
		return storedSession(store, Map.of(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, principal));
	}

	/**
	 * One request: load within a request scope, let the application work, save.
	 * @return the token the client holds afterwards
	 */
	static String request(RedisSessionStore store, String token, Consumer<StoredSession> work) {
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			StoredSession session = store.findById(token);
			assertThat(session).as("session for the request").isNotNull();
			work.accept(session);
			store.save(session);
			return session.getId();
		}
	}

	static long pttl(RealRedis redis, String token) {
		return Long
			.parseLong(redis.command("PTTL", KEYS.session(dev.sessionstarter.core.token.SessionTokens.storageId(token)))
				.trim());
	}

}
