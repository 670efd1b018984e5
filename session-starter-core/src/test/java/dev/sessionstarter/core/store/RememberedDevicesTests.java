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

/**
 * Remembered devices against a real Redis: single use with rotation, grace, theft, the
 * absolute lifetime and revocation. The store's clock is moved by the test.
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
