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
import java.util.concurrent.CountDownLatch;
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

import static org.assertj.core.api.Assertions.assertThat;

@RealRedisTest
class UserSessionsTests extends StoreTestSupport {

	@Test
	void listsLiveSessionsWithMetadataAndMarksTheCurrentOne() {
		RedisSessionStore store = store();
		UserSessions sessions = new UserSessions(store);
		String first = login(store, "erin", Map.of(UserSessions.USER_AGENT_ATTRIBUTE, "Firefox 140 on Linux",
				UserSessions.CLIENT_IP_ATTRIBUTE, "203.0.113.7", UserSessions.PROVIDER_ATTRIBUTE, "keycloak"));
		String second = login(store, "erin", Map.of());
		login(store, "frank", Map.of());
		List<SessionInfo> list = sessions.list("erin", second);
		assertThat(list).hasSize(2);
		SessionInfo firstInfo = list.stream().filter((s) -> !s.current()).findFirst().orElseThrow();
		assertThat(firstInfo.reference()).isEqualTo(StoredSession.REFERENCE_PREFIX + SessionTokens.storageId(first));
		assertThat(firstInfo.userAgent()).isEqualTo("Firefox 140 on Linux");
		assertThat(firstInfo.clientIp()).isEqualTo("203.0.113.7");
		assertThat(firstInfo.provider()).isEqualTo("keycloak");
		assertThat(list).filteredOn(SessionInfo::current)
			.singleElement()
			.satisfies((current) -> assertThat(current.provider()).as("a form login").isNull());
		assertThat(firstInfo.absoluteDeadline()).isEqualTo(firstInfo.created().plus(store.getTimeouts().absolute()));
		assertThat(firstInfo.idleDeadline()).isEqualTo(firstInfo.lastAccessed().plus(store.getTimeouts().idle()));
		assertThat(list).filteredOn(SessionInfo::current)
			.singleElement()
			.satisfies((current) -> assertThat(current.reference())
				.isEqualTo(StoredSession.REFERENCE_PREFIX + SessionTokens.storageId(second)));
		assertThat(list).allSatisfy((info) -> assertThat(info.reference()).doesNotContain(first, second));
	}

	@Test
	void aSessionWithDamagedMetadataIsLeftOutOfTheListInsteadOfBreakingIt(RealRedis redis) {
		RedisSessionStore store = store();
		UserSessions sessions = new UserSessions(store);
		String damaged = login(store, "gwen", Map.of());
		String intact = login(store, "gwen", Map.of());
		redis.command("HSET", KEYS.session(SessionTokens.storageId(damaged)), "created", "yesterday");
		assertThat(sessions.list("gwen", null)).singleElement()
			.satisfies((info) -> assertThat(info.reference())
				.isEqualTo(StoredSession.REFERENCE_PREFIX + SessionTokens.storageId(intact)));
		assertThat(store.findByPrincipalName("gwen")).hasSize(1);
		assertThat(store.findById(damaged)).as("dropped when presented").isNull();
	}

	@Test
	void revokeTakesEffectOnTheNextLoad() {
		RedisSessionStore store = store();
		UserSessions sessions = new UserSessions(store);
		String token = login(store, "erin", Map.of());
		assertThat(sessions.revoke("erin", sessions.list("erin", null).get(0).reference())).isTrue();
		assertThat(store.findById(token)).isNull();
		assertThat(sessions.list("erin", null)).isEmpty();
	}

	@Test
	void aUserCannotRevokeAnotherUsersSession() {
		RedisSessionStore store = store();
		UserSessions sessions = new UserSessions(store);
		String victim = login(store, "erin", Map.of());
		login(store, "mallory", Map.of());
		String reference = StoredSession.REFERENCE_PREFIX + SessionTokens.storageId(victim);
		assertThat(sessions.revoke("mallory", reference)).isFalse();
		assertThat(sessions.revoke("mallory", "ref:not-a-storage-id")).isFalse();
		assertThat(store.findById(victim)).isNotNull();
	}

	@Test
	void revokeOthersKeepsOnlyTheCurrentSession() {
		RedisSessionStore store = store();
		UserSessions sessions = new UserSessions(store);
		String a = login(store, "erin", Map.of());
		String b = login(store, "erin", Map.of());
		String current = login(store, "erin", Map.of());
		assertThat(sessions.revokeOthers("erin", current)).hasSize(2);
		assertThat(store.findById(a)).isNull();
		assertThat(store.findById(b)).isNull();
		assertThat(store.findById(current)).isNotNull();
	}

	// Standalone only: in a Cluster revocation takes one command per session by design.
	// uncached: with a near cache, its CLIENT ID heartbeat can fall into the window.
	@Tag("standalone-only")
	@Tag("uncached")
	@Test
	void revokeAllOfAThousandSessionsIsOneRoundTrip(RealRedis redis) {
		RedisSessionStore store = store();
		UserSessions sessions = new UserSessions(store);
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			tokens.add(login(store, "grace", Map.of()));
		}
		sessions.revokeAll("nobody");
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			assertThat(sessions.revokeAll("grace")).hasSize(1000);
			assertThat(monitor.roundTrips()).isEqualTo(Map.of("evalsha", 1L));
			assertThat(monitor.scriptCommands()).containsEntry("del", 1000L);
		}
		assertThat(tokens).allSatisfy((token) -> assertThat(store.findById(token)).isNull());
	}

	// Standalone only: see rejectPolicyKeepsExistingSessionsAndDoesNotStoreTheNewLogin.
	@Tag("standalone-only")
	@Test
	void parallelLoginsNeverExceedTheLimit() throws Exception {
		for (SessionLimitPolicy policy : SessionLimitPolicy.values()) {
			RedisSessionStore store = store();
			store.setSessionLimit(3, policy);
			List<String> anonymous = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				anonymous.add(storedSession(store, Map.of("cart", "item " + i)));
			}
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(20);
			try {
				List<Future<?>> logins = new ArrayList<>();
				for (String token : anonymous) {
					logins.add(pool.submit(() -> {
						start.await();
						StoredSession session = store.findById(token);
						session.changeSessionId();
						session.setAttribute("SPRING_SECURITY_CONTEXT", context("henry-" + policy));
						store.save(session);
						return null;
					}));
				}
				start.countDown();
				for (Future<?> login : logins) {
					login.get();
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(new UserSessions(store).list("henry-" + policy, null)).as(policy.name()).hasSize(3);
		}
	}

	// Standalone only: see rejectPolicyKeepsExistingSessionsAndDoesNotStoreTheNewLogin.
	@Tag("standalone-only")
	@Test
	void evictionEndsTheLeastRecentlyUsedSession() throws InterruptedException {
		RedisSessionStore store = store(timeouts(60_000, 120_000, 0));
		store.setSessionLimit(2, SessionLimitPolicy.EVICT_OLDEST);
		String first = login(store, "ivy", Map.of());
		Thread.sleep(20);
		String second = login(store, "ivy", Map.of());
		Thread.sleep(20);
		store.findById(first);
		String third = login(store, "ivy", Map.of());
		assertThat(store.findById(second)).as("least recently used").isNull();
		assertThat(store.findById(first)).isNotNull();
		assertThat(store.findById(third)).isNotNull();
	}

	// Standalone only: the session limit runs inside the login scripts, which cannot
	// reach the index in a Cluster (the auto-configuration refuses a limit there).
	@Tag("standalone-only")
	@Test
	void rejectPolicyKeepsExistingSessionsAndDoesNotStoreTheNewLogin() {
		RedisSessionStore store = store();
		store.setSessionLimit(1, SessionLimitPolicy.REJECT);
		String first = login(store, "jack", Map.of());
		String anonymous = storedSession(store, Map.of("cart", "1"));
		StoredSession session = store.findById(anonymous);
		String rejected = session.changeSessionId();
		session.setAttribute("SPRING_SECURITY_CONTEXT", context("jack"));
		store.save(session);
		assertThat(store.findById(rejected)).isNull();
		assertThat(store.findById(anonymous)).as("the anonymous session is untouched").isNotNull();
		assertThat(store.findById(first)).isNotNull();
	}

	static String login(RedisSessionStore store, String name, Map<String, Object> attributes) {
		StoredSession session = store.createSession();
		attributes.forEach(session::setAttribute);
		session.setAttribute("SPRING_SECURITY_CONTEXT", context(name));
		store.save(session);
		return session.getId();
	}

	static SecurityContextImpl context(String name) {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(name, null,
				AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

}
