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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Periodic rotation with a grace period and reuse detection, against a real Redis. Time
 * is moved by a test clock (the scripts take "now" from the store), so nothing sleeps.
 */
@RealRedisTest
class SessionRotationTests extends StoreTestSupport {

	private static final Duration INTERVAL = Duration.ofMinutes(10);

	private static final Duration GRACE = Duration.ofSeconds(5);

	private final MovableClock clock = new MovableClock();

	private final List<Object> events = new ArrayList<>();

	@BeforeEach
	void resetEvents() {
		this.events.clear();
	}

	@Test
	void rotatesAfterTheIntervalKeepingDataAndDeadlines(RealRedis redis) {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		String original = storedSession(store, Map.of("cart", "3 apples"));
		StoredSession before = store.findById(original);
		this.clock.advance(INTERVAL.minusSeconds(1));
		StoredSession early = store.findById(original);
		assertThat(early.getId()).as("before the interval").isEqualTo(original);
		this.clock.advance(Duration.ofSeconds(1));
		String rotated = request(store, original, (session) -> session.setAttribute("seen", "yes"));
		assertThat(rotated).isNotEqualTo(original).matches(SessionTokens::isWellFormed);
		StoredSession after = store.findById(rotated);
		assertThat(after.<String>getAttribute("cart")).isEqualTo("3 apples");
		assertThat(after.<String>getAttribute("seen")).isEqualTo("yes");
		assertThat(after.getCreationTime()).isEqualTo(before.getCreationTime());
		assertThat(after.getAbsoluteDeadline()).isEqualTo(before.getAbsoluteDeadline());
		assertThat(after.getLastRotation())
			.isEqualTo(this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		assertThat(redis.command("HGET", KEYS.session(SessionTokens.storageId(original)), "alias").trim())
			.isEqualTo(SessionTokens.storageId(rotated));
		assertThat(redis.command("HGET", KEYS.session(SessionTokens.storageId(original)), "a:cart"))
			.as("the retired-token record holds no session data")
			.isNull();
	}

	@Test
	void previousTokenWorksWithinGraceAndItsReuseAfterwardsRevokesTheSession() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		String original = storedSession(store, Map.of("cart", "3 apples"));
		this.clock.advance(INTERVAL);
		String rotated = request(store, original, (session) -> {
		});
		this.clock.advance(GRACE.minusMillis(100));
		String inFlight = request(store, original, (session) -> {
			assertThat(session.<String>getAttribute("cart")).isEqualTo("3 apples");
			session.setAttribute("late", "write");
		});
		assertThat(inFlight).as("no new token for a request within the grace period").isEqualTo(original);
		assertThat(store.findById(rotated).<String>getAttribute("late")).as("writes reach the session")
			.isEqualTo("write");
		assertThat(this.events).filteredOn(SessionRotatedEvent.class::isInstance)
			.singleElement()
			.isInstanceOfSatisfying(SessionRotatedEvent.class, (event) -> {
				assertThat(event.getReason()).isEqualTo(SessionRotatedEvent.Reason.INTERVAL);
				assertThat(event.getPreviousSessionId()).isEqualTo(SessionTokens.storageId(original));
				assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(rotated));
			});
		this.events.clear();
		this.clock.advance(Duration.ofMillis(100));
		assertThat(store.findById(original)).as("the previous token after its grace period").isNull();
		assertThat(store.findById(rotated)).as("the session is revoked").isNull();
		assertThat(this.events).hasSize(2);
		assertThat(this.events.get(0)).isInstanceOfSatisfying(SessionReuseDetectedEvent.class, (event) -> {
			assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(original));
			assertThat(event.getTokenKind()).isEqualTo(SessionReuseDetectedEvent.TokenKind.SESSION);
		});
		assertThat(this.events.get(1)).isInstanceOfSatisfying(SessionRevokedEvent.class, (event) -> {
			assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(rotated));
			assertThat(event.getReason()).isEqualTo(SessionRevokedEvent.Reason.REUSE_DETECTED);
		});
	}

	@Test
	void reusePolicyReportKeepsTheSession() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REPORT);
		String original = storedSession(store, Map.of("cart", "3 apples"));
		this.clock.advance(INTERVAL);
		String rotated = request(store, original, (session) -> {
		});
		this.clock.advance(GRACE);
		this.events.clear();
		assertThat(store.findById(original)).isNull();
		assertThat(store.findById(rotated)).isNotNull();
		assertThat(this.events).singleElement().isInstanceOf(SessionReuseDetectedEvent.class);
	}

	@Test
	void reuseOfAnOldTokenFindsTheSessionThroughEveryLaterRotation() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		String first = storedSession(store, Map.of("cart", "3 apples"));
		Instant deadline = store.findById(first).getAbsoluteDeadline();
		String current = first;
		for (int i = 0; i < 20; i++) {
			this.clock.advance(INTERVAL);
			current = request(store, current, (session) -> {
			});
		}
		StoredSession latest = store.findById(current);
		assertThat(latest.getAbsoluteDeadline()).as("the absolute deadline never moves").isEqualTo(deadline);
		assertThat(latest.<String>getAttribute("cart")).isEqualTo("3 apples");
		assertThat(store.findById(first)).isNull();
		assertThat(store.findById(current)).as("revoked through 20 retired tokens").isNull();
	}

	@Test
	void parallelRequestsDueForRotationRotateOnceAndLoseNoWrite() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		String original = storedSession(store, Map.of("cart", "3 apples"));
		this.clock.advance(INTERVAL);
		StoredSession first;
		StoredSession second;
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			first = store.findById(original);
		}
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			second = store.findById(original);
		}
		first.setAttribute("from", "first");
		second.setAttribute("also", "second");
		store.save(first);
		store.save(second);
		assertThat(first.getId()).isNotEqualTo(original);
		assertThat(second.getId()).as("the loser keeps the presented token (still within grace)").isEqualTo(original);
		StoredSession session = store.findById(first.getId());
		assertThat(session.<String>getAttribute("from")).isEqualTo("first");
		assertThat(session.<String>getAttribute("also")).isEqualTo("second");
	}

	@Test
	void saveOfARequestThatLoadedBeforeARotationIsNotLost() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		String original = storedSession(store, Map.of("cart", "3 apples"));
		this.clock.advance(INTERVAL.minusSeconds(1));
		StoredSession slow = store.findById(original);
		this.clock.advance(Duration.ofSeconds(1));
		String rotated = request(store, original, (session) -> {
		});
		slow.setAttribute("slow", "write");
		store.save(slow);
		assertThat(store.findById(rotated).<String>getAttribute("slow")).isEqualTo("write");
	}

	@Test
	void logoutInTheRequestThatRotatesEndsTheSession() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		String original = storedSession(store, Map.of("cart", "3 apples"));
		this.clock.advance(INTERVAL);
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			StoredSession session = store.findById(original);
			store.deleteById(session.getId());
		}
		assertThat(store.findById(original)).isNull();
	}

	@Test
	void logoutWithThePreviousTokenWithinGraceEndsTheSession() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		String original = storedSession(store, Map.of("cart", "3 apples"));
		this.clock.advance(INTERVAL);
		String rotated = request(store, original, (session) -> {
		});
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			StoredSession session = store.findById(original);
			store.deleteById(session.getId());
		}
		assertThat(store.findById(rotated)).isNull();
		this.events.clear();
		this.clock.advance(GRACE);
		assertThat(store.findById(original)).isNull();
		assertThat(this.events).as("a stale tab after logout is no theft").isEmpty();
	}

	@Test
	void loginWithThePreviousTokenWithinGraceKillsEveryEarlierToken() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		String original = storedSession(store, Map.of("cart", "3 apples"));
		this.clock.advance(INTERVAL);
		String rotated = request(store, original, (session) -> {
		});
		String login = request(store, original, StoredSession::changeSessionId);
		assertThat(login).isNotIn(original, rotated);
		assertThat(store.findById(rotated)).isNull();
		assertThat(store.findById(original)).isNull();
		assertThat(store.findById(login).<String>getAttribute("cart")).isEqualTo("3 apples");
	}

	@Test
	void withoutAnIntervalTokensNeverRotate() {
		RedisSessionStore store = store();
		store.setClock(this.clock);
		String original = storedSession(store, Map.of("cart", "3 apples"));
		for (int i = 0; i < 5; i++) {
			this.clock.advance(Duration.ofMinutes(25));
			assertThat(request(store, original, (session) -> session.setAttribute("x", "y"))).isEqualTo(original);
		}
	}

	@Test
	void graceMustBeShorterThanTheInterval() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SessionRotation(Duration.ofSeconds(5), Duration.ofSeconds(5),
					SessionRotation.ReusePolicy.REVOKE))
			.withMessageContaining("grace");
	}

	@Test
	void signingOutOthersOnARequestThatRotatesKeepsThisSession() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		UserSessions sessions = new UserSessions(store);
		String mine = signedInSession(store, "alice");
		String other = signedInSession(store, "alice");
		this.clock.advance(INTERVAL);
		// Rotation is due on this request: the session already carries its next token
		// when the application signs out the others (a password change does).
		String rotated = request(store, mine, (session) -> {
			assertThat(session.getId()).isNotEqualTo(mine);
			assertThat(sessions.revokeOthers("alice", session.getId())).hasSize(1);
		});
		assertThat(rotated).isNotEqualTo(mine);
		assertThat(store.findById(rotated)).as("this session, under its new token").isNotNull();
		assertThat(store.findById(other)).as("the other session").isNull();
	}

	@Test
	void signingOutOthersWithATokenWithinItsGraceKeepsThisSession() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		UserSessions sessions = new UserSessions(store);
		String mine = signedInSession(store, "alice");
		String other = signedInSession(store, "alice");
		this.clock.advance(INTERVAL);
		String rotated = request(store, mine, (session) -> {
		});
		// A second tab still sends the previous token, within its grace period.
		request(store, mine, (session) -> sessions.revokeOthers("alice", session.getId()));
		assertThat(store.findById(rotated)).as("this session").isNotNull();
		assertThat(store.findById(other)).as("the other session").isNull();
	}

	@Test
	void reuseOfATokenRetiredBeforeAPrivilegeChangeStillRevokesTheSession() {
		RedisSessionStore store = rotatingStore(SessionRotation.ReusePolicy.REVOKE);
		String stolen = signedInSession(store, "alice");
		this.clock.advance(INTERVAL);
		String rotated = request(store, stolen, (session) -> {
		});
		String elevated = request(store, rotated, StoredSession::changeSessionId);
		assertThat(elevated).isNotEqualTo(rotated);
		this.clock.advance(GRACE);
		this.events.clear();
		assertThat(store.findById(rotated)).as("the token before the privilege change").isNull();
		assertThat(this.events).as("a stale token after a privilege change is no alarm").isEmpty();
		assertThat(store.findById(stolen)).as("the stolen token, replayed after its grace period").isNull();
		assertThat(this.events).hasAtLeastOneElementOfType(SessionReuseDetectedEvent.class);
		assertThat(store.findById(elevated)).as("the session it led to, elevated since").isNull();
	}

	private RedisSessionStore rotatingStore(SessionRotation.ReusePolicy onReuse) {
		RedisSessionStore store = store();
		store.setClock(this.clock);
		store.setRotation(new SessionRotation(INTERVAL, GRACE, onReuse));
		store.setApplicationEventPublisher(this.events::add);
		return store;
	}

}
