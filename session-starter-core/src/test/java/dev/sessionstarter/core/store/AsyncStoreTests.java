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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.codec.JsonAttributeCodec;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.FindByIndexNameSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store's non-blocking entry points, as reactive applications use them: the same
 * rules as the waiting ones, over the same keys.
 */
@RealRedisTest
class AsyncStoreTests extends StoreTestSupport {

	private static final SessionEventContext CLIENT = new SessionEventContext("192.0.2.7", "test-agent");

	@Test
	void isNonBlockingOverLettuce() {
		assertThat(store().isNonBlocking()).isTrue();
	}

	@Tag("uncached")
	@Test
	void malformedTokenIsNoSessionWithoutARedisCall(RealRedis redis) {
		RedisSessionStore store = store();
		Map<String, Long> before = redis.commandStats();
		for (String token : new String[] { "", "abc", "x".repeat(43), "A".repeat(4096), "../../etc" }) {
			CompletableFuture<StoredSession> found = store.findByIdAsync(token, CLIENT);
			assertThat(found).isCompletedWithValue(null);
		}
		assertThat(store.deleteByIdAsync("not-a-token")).isCompleted();
		assertThat(redis.commandStatsDelta(before)).isEmpty();
	}

	@Test
	void sessionSavedWithoutWaitingIsFoundByBothSides() {
		RedisSessionStore store = store();
		StoredSession session = store.createSession();
		session.setAttribute("cart", "3 items");
		store.saveAsync(session, CLIENT).join();
		StoredSession async = store.findByIdAsync(session.getId(), CLIENT).join();
		assertThat(async).isNotNull();
		assertThat((String) async.getAttribute("cart")).isEqualTo("3 items");
		assertThat((String) store.findById(session.getId()).getAttribute("cart")).isEqualTo("3 items");
	}

	@Test
	void newTokenOnLoginKeepsDataAndAbsoluteDeadline() {
		RedisSessionStore store = store();
		StoredSession session = store.createSession();
		session.setAttribute("cart", "3 items");
		store.saveAsync(session).join();
		String before = session.getId();
		StoredSession loaded = store.findByIdAsync(before).join();
		Instant deadline = loaded.getAbsoluteDeadline();
		loaded.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
		String after = loaded.changeSessionId();
		store.saveAsync(loaded, CLIENT).join();
		assertThat(after).isNotEqualTo(before);
		assertThat(store.findByIdAsync(before).join()).isNull();
		StoredSession rotated = store.findByIdAsync(after).join();
		assertThat((String) rotated.getAttribute("cart")).isEqualTo("3 items");
		assertThat(rotated.getAbsoluteDeadline()).isEqualTo(deadline);
		assertThat(
				store.findByIndexNameAndIndexValue(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice"))
			.hasSize(1);
	}

	@Test
	void eventsOfASaveAndALogoutNameTheRequestsClient() {
		RedisSessionStore store = store();
		List<Object> events = new CopyOnWriteArrayList<>();
		store.setApplicationEventPublisher(events::add);
		StoredSession session = store.createSession();
		session.setAttribute("cart", "3 items");
		store.saveAsync(session, CLIENT).join();
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "carol");
		session.changeSessionId();
		store.saveAsync(session, CLIENT).join();
		store.deleteByIdAsync(session.getId(), CLIENT).join();
		assertThat(events).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("SessionCreatedEvent", "SessionRotatedEvent", "SessionAuthenticatedEvent",
					"SessionLoggedOutEvent");
		assertThat(events).allSatisfy((event) -> assertThat(((SessionEvent) event).getContext()).isEqualTo(CLIENT));
	}

	@Test
	void deleteWithoutWaitingEndsTheSessionAndItsIndexEntry() {
		RedisSessionStore store = store();
		String token = signedInSession(store, "bob");
		store.deleteByIdAsync(token, CLIENT).join();
		assertThat(store.findByIdAsync(token).join()).isNull();
		assertThat(store.findById(token)).isNull();
		assertThat(
				store.findByIndexNameAndIndexValue(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "bob"))
			.isEmpty();
	}

	@Test
	void idleDeadlineIsEnforced() {
		MovableClock clock = new MovableClock();
		RedisSessionStore store = store(timeouts(60_000, 3_600_000, 1_000));
		store.setClock(clock);
		String token = storedSession(store, Map.of("a", "1"));
		clock.advance(Duration.ofSeconds(61));
		assertThat(store.findByIdAsync(token).join()).isNull();
	}

	// The call returns before Redis answers: the reply, not the caller, completes it.
	// Standalone only: CLIENT PAUSE pauses one server, and in a Cluster the session may
	// live on another node.
	@Tag("uncached")
	@Tag("standalone-only")
	@Test
	void callReturnsBeforeRedisAnswers(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		redis.command("CLIENT", "PAUSE", "1500", "ALL");
		CompletableFuture<StoredSession> found = store.findByIdAsync(token);
		assertThat(found).isNotDone();
		assertThat(found.join()).isNotNull();
	}

	@Tag("own-redis")
	@Test
	void redisDownFailsTheFutureAsUnavailable() {
		RealRedis dedicated = RealRedis.startDedicated();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(dedicated.host(), dedicated.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(3)).build());
		factory.afterPropertiesSet();
		factory.start();
		try {
			RedisSessionStore store = new RedisSessionStore(factory, new JsonAttributeCodec(),
					timeouts(60_000, 3_600_000, 1_000), KEYS);
			String token = storedSession(store, Map.of("a", "1"));
			dedicated.stop();
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> store.findByIdAsync(token).join())
				.withCauseInstanceOf(SessionStoreUnavailableException.class);
		}
		finally {
			factory.destroy();
			dedicated.stop();
		}
	}

}
