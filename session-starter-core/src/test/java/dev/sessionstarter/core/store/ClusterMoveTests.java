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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three-step session move of Cluster mode (see move-in.lua), with a logout landing
 * between its steps, and a revocation landing between the move and its index update. The
 * interleaving is made exact, not hoped for: the node that holds the new key is paused
 * for writes ({@code CLIENT PAUSE ... WRITE}) so the move waits in its second step, while
 * the old key, on another node, is deleted.
 * <p>
 * Cluster only (run by the build's cluster execution): it needs the two keys on different
 * nodes.
 */
@RealRedisTest
@Tag("cluster-only")
class ClusterMoveTests extends StoreTestSupport {

	@Test
	void aLogoutBetweenTheStepsOfAMoveLeavesNeitherTheOldNorTheNewSession(RealRedis redis) throws Exception {
		RedisSessionStore store = store();
		assertThat(store.isIndexInScripts()).isFalse();
		String oldToken = storedSession(store, Map.of("cart", "3 apples"));
		String oldKey = KEYS.session(SessionTokens.storageId(oldToken));
		int oldNode = redis.nodePortOf(oldKey);
		StoredSession inFlight = store.findById(oldToken);
		String newToken = inFlight.changeSessionId();
		while (redis.nodePortOf(KEYS.session(SessionTokens.storageId(newToken))) == oldNode) {
			newToken = inFlight.changeSessionId();
		}
		String newKey = KEYS.session(SessionTokens.storageId(newToken));
		int newNode = redis.nodePortOf(newKey);
		long loadsBefore = evalshaCalls(redis, oldNode);

		redis.commandOn(newNode, "CLIENT", "PAUSE", "20000", "WRITE");
		CompletableFuture<Void> save;
		try {
			save = CompletableFuture.runAsync(() -> store.save(inFlight));
			// Step 1 (the load of the old key) has run once the old node counts it.
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
			while (evalshaCalls(redis, oldNode) == loadsBefore && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(evalshaCalls(redis, oldNode)).as("the move has read the old session").isGreaterThan(loadsBefore);
			assertThat(save).as("the move waits in its second step").isNotDone();
			assertThat(redis.commandOn(oldNode, "DEL", oldKey)).as("the racing logout").isEqualTo("1");
		}
		finally {
			redis.commandOn(newNode, "CLIENT", "UNPAUSE");
		}
		save.get(15, TimeUnit.SECONDS);

		assertThat(store.findById(newToken)).isNull();
		assertThat(store.findById(oldToken)).isNull();
		assertThat(redis.command("EXISTS", newKey)).isEqualTo("0");
	}

	@Test
	void aMoveAcrossNodesKeepsAttributesAndCreationTimeAndKillsTheOldToken(RealRedis redis) {
		RedisSessionStore store = store();
		String oldToken = storedSession(store, Map.of("cart", "3 apples"));
		int oldNode = redis.nodePortOf(KEYS.session(SessionTokens.storageId(oldToken)));
		StoredSession session = store.findById(oldToken);
		String newToken = session.changeSessionId();
		while (redis.nodePortOf(KEYS.session(SessionTokens.storageId(newToken))) == oldNode) {
			newToken = session.changeSessionId();
		}
		session.setAttribute("after", "login");
		store.save(session);
		assertThat(store.findById(oldToken)).isNull();
		StoredSession moved = store.findById(newToken);
		assertThat(moved).isNotNull();
		assertThat(moved.<String>getAttribute("cart")).isEqualTo("3 apples");
		assertThat(moved.<String>getAttribute("after")).isEqualTo("login");
		assertThat(moved.getCreationTime()).isEqualTo(session.getCreationTime());
		assertThat(moved.getAbsoluteDeadline()).isEqualTo(session.getAbsoluteDeadline());
	}

	@Test
	void signOutEverywhereBetweenAMoveAndItsIndexUpdateEndsTheMovedSession(RealRedis redis) {
		RedisSessionStore store = store();
		UserSessions sessions = new UserSessions(store);
		String oldToken = signedInSession(store, "alice");
		StoredSession session = store.findById(oldToken);
		String newToken = session.changeSessionId();
		String newStorageId = SessionTokens.storageId(newToken);
		List<String> revoked = new ArrayList<>();
		List<String> indexWhenRevoked = new ArrayList<>();
		// The store announces the privilege-change rotation after the move and before it
		// adds the new storage id to the index: the revocation runs exactly there, while
		// the index still names only the old storage id, which now holds the record of
		// the move.
		store.setApplicationEventPublisher((event) -> {
			if (event instanceof SessionRotatedEvent && revoked.isEmpty()) {
				indexWhenRevoked.add(String.valueOf(redis.command("ZRANGE", KEYS.userIndex("alice"), "0", "-1")));
				revoked.addAll(sessions.revokeAll("alice"));
			}
		});
		store.save(session);
		assertThat(indexWhenRevoked).singleElement()
			.asString()
			.isEqualTo(SessionTokens.storageId(oldToken))
			.doesNotContain(newStorageId);
		assertThat(revoked).containsExactly(StoredSession.referenceOf(newStorageId));
		assertThat(store.findById(newToken)).isNull();
		assertThat(store.findById(oldToken)).isNull();
		assertThat(sessions.list("alice", null)).isEmpty();
	}

	@Test
	void signOutEverywhereDuringAPeriodicRotationEndsTheRotatedSession() {
		MovableClock clock = new MovableClock();
		RedisSessionStore store = store();
		store.setClock(clock);
		store.setRotation(
				new SessionRotation(Duration.ofMinutes(10), Duration.ofSeconds(5), SessionRotation.ReusePolicy.REVOKE));
		UserSessions sessions = new UserSessions(store);
		String token = signedInSession(store, "alice");
		clock.advance(Duration.ofMinutes(10));
		List<String> revoked = new ArrayList<>();
		// As above, but the old key now holds the retired-token record of the rotation.
		store.setApplicationEventPublisher((event) -> {
			if (event instanceof SessionRotatedEvent && revoked.isEmpty()) {
				revoked.addAll(sessions.revokeAll("alice"));
			}
		});
		String rotated;
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			StoredSession session = store.findById(token);
			rotated = session.getId();
			store.save(session);
		}
		assertThat(rotated).isNotEqualTo(token);
		assertThat(revoked).containsExactly(StoredSession.referenceOf(SessionTokens.storageId(rotated)));
		assertThat(store.findById(rotated)).isNull();
		assertThat(store.findById(token)).as("the previous token, within its grace period").isNull();
	}

	@Test
	void signingOutOthersDuringAMoveKeepsTheMovingSession() {
		RedisSessionStore store = store();
		UserSessions sessions = new UserSessions(store);
		String mine = signedInSession(store, "alice");
		String other = signedInSession(store, "alice");
		StoredSession session = store.findById(mine);
		String newToken = session.changeSessionId();
		List<String> revoked = new ArrayList<>();
		// The index still names the old storage id, whose record leads to the session
		// being kept: following it must stop there.
		store.setApplicationEventPublisher((event) -> {
			if (event instanceof SessionRotatedEvent && revoked.isEmpty()) {
				revoked.addAll(sessions.revokeOthers("alice", newToken));
			}
		});
		store.save(session);
		assertThat(revoked).containsExactly(StoredSession.referenceOf(SessionTokens.storageId(other)));
		assertThat(store.findById(newToken)).isNotNull();
		assertThat(store.findById(other)).isNull();
	}

	@Test
	void theRecordOfAMovedTokenIsNoSessionAndAnnouncesNothing(RealRedis redis) {
		RedisSessionStore store = store();
		List<Object> events = new ArrayList<>();
		String oldToken = signedInSession(store, "alice");
		StoredSession session = store.findById(oldToken);
		String newToken = session.changeSessionId();
		store.save(session);
		String oldKey = KEYS.session(SessionTokens.storageId(oldToken));
		assertThat(redis.command("HGET", oldKey, "moved")).isEqualTo(SessionTokens.storageId(newToken));
		// It lives as long as the session can (PTTL: Redis 6.2 has no PEXPIRETIME).
		long untilDeadline = session.getAbsoluteDeadline().toEpochMilli() - System.currentTimeMillis();
		assertThat(Long.parseLong(redis.command("PTTL", oldKey).trim())).isBetween(untilDeadline - 10_000,
				untilDeadline);
		assertThat(redis.command("HGETALL", oldKey)).as("no session data").doesNotContain("a:");
		store.setApplicationEventPublisher(events::add);
		assertThat(store.findById(oldToken)).isNull();
		store.deleteById(oldToken);
		assertThat(events).as("neither a load nor a logout with the old token announces anything").isEmpty();
		assertThat(redis.command("HGET", oldKey, "moved")).as("the record stays for revocations under way")
			.isEqualTo(SessionTokens.storageId(newToken));
		assertThat(store.findById(newToken)).isNotNull();
	}

	private static long evalshaCalls(RealRedis redis, int port) {
		String stats = String.valueOf(redis.commandOn(port, "INFO", "commandstats"));
		for (String line : stats.split("\r?\n")) {
			if (line.startsWith("cmdstat_evalsha:calls=")) {
				return Long.parseLong(line.substring("cmdstat_evalsha:calls=".length(), line.indexOf(',')));
			}
		}
		return 0;
	}

}
