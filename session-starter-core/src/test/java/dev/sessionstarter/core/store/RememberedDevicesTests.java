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

import dev.sessionstarter.core.event.SessionRememberedDeviceEvent;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.token.RefreshTokens;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Remembered devices against a real Redis: single use with rotation, grace, theft, the
 * absolute lifetime and revocation, the user's list of devices and revoking one of them.
 * The store's clock is moved by the test.
 */
@RealRedisTest
class RememberedDevicesTests extends StoreTestSupport {

	private final MovableClock clock = new MovableClock();

	private final List<Object> events = new ArrayList<>();

	@Test
	void aCredentialIsUsedOnceAndRotatedAndStoredOnlyAsItsHash(RealRedis redis) {
		RememberedDevices devices = devices(store());
		String first = devices.remember(context("alice"), "Firefox 128 on Linux", "203.0.113.7");
		String chain = KEYS.rememberedDevice(RefreshTokens.familyOf(first));
		assertThat(redis.command("HGETALL", chain)).contains("live:" + RefreshTokens.hash(first))
			.doesNotContain(first.substring(SessionTokens.TOKEN_LENGTH + 1));

		RememberedDevices.Restored restored = devices.use(first, SessionTokens.storageId(SessionTokens.mint()));
		assertThat(restored).isNotNull();
		assertThat(restored.principal()).isEqualTo("alice");
		assertThat(restored.context().getAuthentication().getName()).isEqualTo("alice");
		assertThat(restored.credential()).isNotEqualTo(first);
		assertThat(restored.toString()).doesNotContain(restored.credential());
		assertThat(devices.use(restored.credential(), SessionTokens.storageId(SessionTokens.mint())))
			.as("the next credential works once too")
			.isNotNull();
	}

	@Test
	void withinTheGraceAUsedCredentialStillWorksAfterItItIsTheftAndEndsTheChainAndItsSessions() {
		RedisSessionStore store = store();
		RememberedDevices devices = devices(store);
		String first = devices.remember(context("alice"), null, null);
		String tabOne = signedInSession(store, "alice");
		String tabTwo = signedInSession(store, "alice");
		String unrelated = signedInSession(store, "alice");
		assertThat(devices.use(first, SessionTokens.storageId(tabOne))).isNotNull();
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(devices.use(first, SessionTokens.storageId(tabTwo))).as("a parallel tab").isNotNull();
		this.clock.advance(Duration.ofSeconds(1));
		this.events.clear();

		assertThat(devices.use(first, SessionTokens.storageId(SessionTokens.mint()))).as("replayed").isNull();
		assertThat(store.findById(tabOne)).as("sessions the chain created end").isNull();
		assertThat(store.findById(tabTwo)).isNull();
		assertThat(store.findById(unrelated)).as("other sessions of the user stay").isNotNull();
		assertThat(this.events).first()
			.isInstanceOfSatisfying(SessionReuseDetectedEvent.class, (event) -> assertThat(event.getTokenKind())
				.isEqualTo(SessionReuseDetectedEvent.TokenKind.REMEMBERED_DEVICE));
		assertThat(this.events).filteredOn(SessionRevokedEvent.class::isInstance).hasSize(2);
	}

	@Test
	void theLifetimeIsAbsoluteUseNeverExtendsIt() {
		RememberedDevices devices = devices(store());
		String credential = devices.remember(context("alice"), null, null);
		for (int day = 1; day < 30; day++) {
			this.clock.advance(Duration.ofDays(1));
			RememberedDevices.Restored restored = devices.use(credential,
					SessionTokens.storageId(SessionTokens.mint()));
			assertThat(restored).as("day %d", day).isNotNull();
			credential = restored.credential();
		}
		this.clock.advance(Duration.ofDays(1));
		assertThat(devices.use(credential, SessionTokens.storageId(SessionTokens.mint()))).as("day 30").isNull();
	}

	@Test
	void signingOutEverywhereAndLogoutForgetTheDevice() {
		RememberedDevices devices = devices(store());
		String alice = devices.remember(context("alice"), null, null);
		String bob = devices.remember(context("bob"), null, null);
		this.clock.advance(Duration.ofMillis(1));
		devices.revokeAll("alice");
		assertThat(devices.use(alice, SessionTokens.storageId(SessionTokens.mint()))).isNull();
		assertThat(devices.forget(bob)).isTrue();
		assertThat(devices.use(bob, SessionTokens.storageId(SessionTokens.mint()))).isNull();
		assertThat(devices.use("not a credential", "x")).isNull();
	}

	@Test
	void devicesAreListedByAReferenceThatIsNeitherTheCredentialNorItsLookupHash(RealRedis redis) {
		RememberedDevices devices = devices(store());
		Instant remembered = Instant.ofEpochMilli(this.clock.millis());
		String credential = devices.remember(context("alice"), "Firefox 128 on Linux", "203.0.113.7");
		String chainId = RefreshTokens.familyOf(credential);

		assertThat(devices.list("alice")).singleElement().satisfies((device) -> {
			assertThat(device.reference()).startsWith("device:")
				.isEqualTo(RememberedDevices.reference(credential))
				.doesNotContain(chainId)
				.doesNotContain(credential.substring(SessionTokens.TOKEN_LENGTH + 1))
				.doesNotContain(RefreshTokens.hash(credential))
				.isNotEqualTo("device:" + SessionTokens.sha256(chainId));
			assertThat(device.created()).isEqualTo(remembered);
			assertThat(device.absoluteDeadline()).isEqualTo(remembered.plus(Duration.ofDays(30)));
			assertThat(device.lastUsed()).as("not used yet").isNull();
			assertThat(device.userAgent()).isEqualTo("Firefox 128 on Linux");
			assertThat(device.clientIp()).isEqualTo("203.0.113.7");
		});
		assertThat(devices.list("bob")).isEmpty();
		assertThat(redis.command("ZRANGE", KEYS.rememberedDevices("alice"), "0", "-1")).isEqualTo(chainId);

		this.clock.advance(Duration.ofHours(9));
		RememberedDevices.Restored restored = devices.use(credential, SessionTokens.storageId(SessionTokens.mint()));
		assertThat(restored.reference()).as("the same device").isEqualTo(RememberedDevices.reference(credential));
		assertThat(devices.list("alice")).singleElement().satisfies((device) -> {
			assertThat(device.lastUsed()).isEqualTo(Instant.ofEpochMilli(this.clock.millis()));
			assertThat(device.absoluteDeadline()).as("using it moves nothing")
				.isEqualTo(remembered.plus(Duration.ofDays(30)));
		});
		assertThat(devices.forget(restored.credential())).as("logout on it").isTrue();
		assertThat(devices.list("alice")).isEmpty();
	}

	@Test
	void revokingADeviceForgetsItAndEndsTheSessionsItBelongsToButOnlyForItsOwner() {
		RedisSessionStore store = store();
		RememberedDevices devices = devices(store);
		UserSessions sessions = new UserSessions(store);
		sessions.setRememberedDevices(devices);
		String credential = devices.remember(context("alice"), null, null);
		String reference = RememberedDevices.reference(credential);
		String login = UserSessionsTests.login(store, "alice",
				Map.of(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE, reference));
		String signedInAgain = SessionTokens.mint();
		RememberedDevices.Restored restored = devices.use(credential, SessionTokens.storageId(signedInAgain));
		String restoredSession = UserSessionsTests.login(store, "alice",
				Map.of(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE, restored.reference()));
		String unrelated = UserSessionsTests.login(store, "alice", Map.of());
		String bobs = UserSessionsTests.login(store, "bob",
				Map.of(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE, reference));
		assertThat(sessions.list("alice", unrelated)).extracting(SessionInfo::rememberedDevice)
			.containsExactlyInAnyOrder(reference, reference, null);

		assertThat(sessions.revoke("bob", reference)).as("not bob's device").isFalse();
		assertThat(sessions.rememberedDevices("alice")).hasSize(1);
		this.events.clear();
		assertThat(sessions.revoke("alice", reference)).isTrue();

		assertThat(store.findById(login)).as("the login that remembered the device").isNull();
		assertThat(store.findById(restoredSession)).as("a session the device signed in").isNull();
		assertThat(store.findById(unrelated)).as("other sessions of the user stay").isNotNull();
		assertThat(store.findById(bobs)).as("another user's session never ends").isNotNull();
		assertThat(devices.use(restored.credential(), SessionTokens.storageId(SessionTokens.mint())))
			.as("the credential no longer signs in")
			.isNull();
		assertThat(sessions.rememberedDevices("alice")).isEmpty();
		assertThat(sessions.revoke("alice", reference)).as("once").isFalse();
		assertThat(this.events).filteredOn(SessionRevokedEvent.class::isInstance)
			.extracting((event) -> ((SessionRevokedEvent) event).getReason())
			.containsExactly(SessionRevokedEvent.Reason.USER, SessionRevokedEvent.Reason.USER);
		assertThat(this.events).filteredOn(SessionRememberedDeviceEvent.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(((SessionRememberedDeviceEvent) event).getType())
				.isEqualTo("device-forgotten"));
	}

	@Test
	void devicesVoidedBySigningOutEverywhereOrPastTheirLifetimeAreNotListed() {
		RedisSessionStore store = store();
		RememberedDevices devices = devices(store);
		UserSessions sessions = new UserSessions(store);
		sessions.setRememberedDevices(devices);
		devices.remember(context("alice"), null, null);
		devices.remember(context("alice"), null, null);
		assertThat(sessions.rememberedDevices("alice")).hasSize(2);
		this.clock.advance(Duration.ofMillis(1));
		sessions.revokeAll("alice");
		assertThat(sessions.rememberedDevices("alice")).as("after signing out everywhere").isEmpty();

		this.clock.advance(Duration.ofMillis(1));
		devices.remember(context("alice"), null, null);
		assertThat(sessions.rememberedDevices("alice")).as("remembered again afterwards").hasSize(1);
		this.clock.advance(Duration.ofDays(30));
		assertThat(sessions.rememberedDevices("alice")).as("past the lifetime").isEmpty();
	}

	@Test
	void eachStepOfADevicePublishesAnEventNamingItByItsReference() {
		RememberedDevices devices = devices(store());
		String credential = devices.remember(context("alice"), null, null);
		String newSession = SessionTokens.storageId(SessionTokens.mint());
		RememberedDevices.Restored restored = devices.use(credential, newSession);
		devices.forget(restored.credential());
		assertThat(this.events).filteredOn(SessionRememberedDeviceEvent.class::isInstance)
			.map(SessionRememberedDeviceEvent.class::cast)
			.extracting(SessionRememberedDeviceEvent::getType, SessionRememberedDeviceEvent::getSessionId,
					SessionRememberedDeviceEvent::getDevice)
			.containsExactly(tuple("device-remembered", "", restored.reference()),
					tuple("device-signed-in", newSession, restored.reference()),
					tuple("device-forgotten", "", restored.reference()));
	}

	private RememberedDevices devices(RedisSessionStore store) {
		store.setClock(this.clock);
		store.setApplicationEventPublisher(this.events::add);
		return new RememberedDevices(store, connectionFactory, Duration.ofDays(30), Duration.ofSeconds(5));
	}

	private static SecurityContextImpl context(String name) {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(name, null,
				AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

}
