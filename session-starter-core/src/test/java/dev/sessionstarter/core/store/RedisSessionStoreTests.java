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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sessionstarter.core.codec.AttributeCodecException;
import dev.sessionstarter.core.event.SessionLoggedOutEvent;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@RealRedisTest
class RedisSessionStoreTests extends StoreTestSupport {

	@Test
	void newSessionWithoutAttributesIsNeverStored(RealRedis redis) {
		RedisSessionStore store = store();
		StoredSession session = store.createSession();
		store.save(session);
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
		assertThat(store.findById(session.getId())).isNull();
	}

	@Test
	void storedSessionLoadsWithItsAttributes() {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("cart", "3 apples", "count", 7));
		StoredSession loaded = store.findById(token);
		assertThat(loaded).isNotNull();
		assertThat(loaded.getId()).isEqualTo(token);
		assertThat(loaded.<String>getAttribute("cart")).isEqualTo("3 apples");
		assertThat(loaded.<Integer>getAttribute("count")).isEqualTo(7);
		assertThat(loaded.getAttributeNames()).containsExactlyInAnyOrder("cart", "count");
	}

	@Test
	void tokenIsNeverStoredOnlyItsHash(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("name", "value"));
		String keys = redis.command("KEYS", "*");
		assertThat(keys).doesNotContain(token).contains(SessionTokens.storageId(token));
		String contents = redis.command("HGETALL", KEYS.session(SessionTokens.storageId(token)));
		assertThat(contents).doesNotContain(token);
	}

	@Test
	void removedAttributeIsDeletedFromTheStore() {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1", "b", "2"));
		StoredSession session = store.findById(token);
		session.removeAttribute("a");
		store.save(session);
		assertThat(store.findById(token).getAttributeNames()).containsExactly("b");
	}

	@Test
	void changeIdKeepsAttributesAndCreationTimeAndKillsTheOldToken() {
		RedisSessionStore store = store();
		String oldToken = storedSession(store, Map.of("cart", "3 apples"));
		StoredSession session = store.findById(oldToken);
		String newToken = session.changeSessionId();
		session.setAttribute("after", "login");
		store.save(session);
		assertThat(newToken).isNotEqualTo(oldToken);
		assertThat(store.findById(oldToken)).isNull();
		StoredSession moved = store.findById(newToken);
		assertThat(moved).isNotNull();
		assertThat(moved.<String>getAttribute("cart")).isEqualTo("3 apples");
		assertThat(moved.<String>getAttribute("after")).isEqualTo("login");
		assertThat(moved.getCreationTime()).isEqualTo(session.getCreationTime());
		assertThat(moved.getAbsoluteDeadline()).isEqualTo(session.getAbsoluteDeadline());
	}

	@Test
	void changeIdOnUnsavedSessionStoresItUnderTheNewTokenOnly(RealRedis redis) {
		RedisSessionStore store = store();
		StoredSession session = store.createSession();
		String first = session.getId();
		session.setAttribute("a", "1");
		String second = session.changeSessionId();
		store.save(session);
		assertThat(store.findById(first)).isNull();
		assertThat(store.findById(second).<String>getAttribute("a")).isEqualTo("1");
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("1");
	}

	@Test
	void deleteTakesEffectOnTheNextLoad() {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		store.deleteById(token);
		assertThat(store.findById(token)).isNull();
	}

	@Test
	void saveRacingADeleteDoesNotResurrectTheSession(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		StoredSession inFlight = store.findById(token);
		store.deleteById(token);
		inFlight.setAttribute("late", "write");
		store.save(inFlight);
		assertThat(store.findById(token)).isNull();
		assertThat(redis.command("EXISTS", KEYS.session(SessionTokens.storageId(token))).trim()).isEqualTo("0");
	}

	@Test
	void rotationRacingADeleteDoesNotResurrectTheSession(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		StoredSession inFlight = store.findById(token);
		store.deleteById(token);
		String newToken = inFlight.changeSessionId();
		store.save(inFlight);
		assertThat(store.findById(newToken)).isNull();
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	@Test
	void logoutLandingAfterAParallelPrivilegeChangeEndsTheSessionUnderItsNewToken() throws Exception {
		RedisSessionStore store = store();
		List<Object> events = new ArrayList<>();
		store.setApplicationEventPublisher(events::add);
		String token = signedInSession(store, "alice");
		String elevated;
		try (RedisSessionStore.RequestScope logout = store.openRequestScope()) {
			assertThat(store.findById(token)).isNotNull();
			// Another request of the same browser (a step-up) rotates the session and its
			// response carries the new cookie, after the logout request loaded it.
			elevated = CompletableFuture.supplyAsync(() -> {
				StoredSession stepUp = store.findById(token);
				String next = stepUp.changeSessionId();
				store.save(stepUp);
				return next;
			}).get(10, TimeUnit.SECONDS);
			events.clear();
			store.deleteById(token);
		}
		assertThat(store.findById(elevated)).as("the session under the step-up's token").isNull();
		assertThat(store.findByPrincipalName("alice")).isEmpty();
		assertThat(events).singleElement()
			.isInstanceOfSatisfying(SessionLoggedOutEvent.class,
					(event) -> assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(elevated)));
	}

	@Test
	void deleteByReferenceEndsTheSessionButAReferenceNeverLoadsIt() {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		String reference = store.findById(token).reference();
		assertThat(store.findById(reference)).isNull();
		assertThat(store.findById(SessionTokens.storageId(token))).isNull();
		store.deleteById(reference);
		assertThat(store.findById(token)).isNull();
	}

	@Test
	void settingAnAttributeToItsStoredValueWritesNothing(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		StoredSession session = store.findById(token);
		session.setAttribute("a", "1");
		Map<String, Long> before = redis.commandStats();
		store.save(session);
		assertThat(redis.commandStatsDelta(before)).isEmpty();
	}

	@Test
	void inPlaceChangesAreSavedWithSaveModeOnGetAttribute() {
		RedisSessionStore store = store();
		store.setSaveMode(org.springframework.session.SaveMode.ON_GET_ATTRIBUTE);
		String token = storedSession(store, Map.of("list", new java.util.ArrayList<>(java.util.List.of("a"))));
		StoredSession session = store.findById(token);
		session.<java.util.List<String>>getAttribute("list").add("b");
		store.save(session);
		assertThat(store.findById(token).<java.util.List<String>>getAttribute("list")).containsExactly("a", "b");
	}

	@Test
	void attributeThatCannotBeDecodedEndsTheSession(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		redis.command("HSET", KEYS.session(SessionTokens.storageId(token)), "a:a",
				"[\"java.io.File\",\"/etc/passwd\"]");
		StoredSession session = store.findById(token);
		assertThat(session.<Object>getAttribute("a")).isNull();
		store.save(session);
		assertThat(store.findById(token)).isNull();
	}

	@Test
	void sessionOfAnotherFormatVersionIsDropped(RealRedis redis) {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("a", "1"));
		redis.command("HSET", KEYS.session(SessionTokens.storageId(token)), "v", "99");
		assertThat(store.findById(token)).isNull();
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	@Test
	void settingAnAttributeThatCouldNotBeReadBackFailsWhereItIsSet() {
		StoredSession session = store().createSession();
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> session.setAttribute("cart", new Unlisted("book")))
			.withMessageContaining("'cart'")
			.withMessageContaining(Unlisted.class.getName())
			.withMessageContaining("session-starter.attributes.allowed-types");
		assertThat(session.getAttributeNames()).isEmpty();
	}

	record Unlisted(String name) {
	}

	@Test
	void attributeNamesNeverCollideWithMetadata() {
		RedisSessionStore store = store();
		String token = storedSession(store, Map.of("absolute", "x", "v", "y", "created", "z"));
		StoredSession session = store.findById(token);
		assertThat(session).isNotNull();
		assertThat(session.getAttributeNames()).isEqualTo(Set.of("absolute", "v", "created"));
	}

}
