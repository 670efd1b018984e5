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

import dev.sessionstarter.core.codec.AttributeCodec;
import dev.sessionstarter.core.codec.JsonAttributeCodec;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.token.RefreshTokens;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import dev.sessionstarter.test.RedisMonitor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token families against a real Redis: single use, grace, reuse, lifetimes and costs.
 */
@RealRedisTest
class TokenFamiliesTests extends StoreTestSupport {

	private static final TokenFamilies.Settings SETTINGS = new TokenFamilies.Settings(Duration.ofMinutes(15),
			Duration.ofHours(1), Duration.ofDays(14), Duration.ofSeconds(5));

	private final MovableClock clock = new MovableClock();

	private final List<Object> events = new ArrayList<>();

	@Test
	void accessTokenIsASessionCarryingTheSecurityContext() {
		RedisSessionStore store = store();
		TokenFamilies.Tokens tokens = families(store).issue("alice", context("alice"));
		StoredSession access = store.findById(tokens.accessToken());
		assertThat(access.getPrincipalName()).isEqualTo("alice");
		assertThat(access.<SecurityContext>getAttribute("SPRING_SECURITY_CONTEXT").getAuthentication().getName())
			.isEqualTo("alice");
		assertThat(access.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(15));
		assertThat(access.getAbsoluteDeadline()).isEqualTo(access.getCreationTime().plus(Duration.ofHours(1)));
		assertThat(tokens.expiresIn()).isEqualTo(Duration.ofMinutes(15));
		assertThat(tokens.toString()).doesNotContain(tokens.accessToken(), tokens.refreshToken());
	}

	@Test
	void refreshTokensAreStoredOnlyAsTheirHash(RealRedis redis) {
		RedisSessionStore store = store();
		TokenFamilies.Tokens tokens = families(store).issue("alice", context("alice"));
		String family = KEYS.family(RefreshTokens.familyOf(tokens.refreshToken()));
		String stored = redis.command("HGETALL", family);
		assertThat(stored).contains("live:" + RefreshTokens.hash(tokens.refreshToken()))
			.doesNotContain(tokens.refreshToken().substring(SessionTokens.TOKEN_LENGTH + 1))
			.doesNotContain(tokens.accessToken());
	}

	@Test
	void aRefreshTokenIsSingleUseAndItsReuseEndsTheFamily() {
		RedisSessionStore store = store();
		TokenFamilies families = families(store);
		TokenFamilies.Tokens first = families.issue("alice", context("alice"));
		TokenFamilies.Tokens second = families.refresh(first.refreshToken());
		TokenFamilies.Tokens withinGrace = families.refresh(first.refreshToken());
		assertThat(withinGrace).as("a parallel refresh within the grace period").isNotNull();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(families.refresh(first.refreshToken())).as("reuse").isNull();
		assertThat(this.events).filteredOn(SessionReuseDetectedEvent.class::isInstance).hasSize(1);
		for (TokenFamilies.Tokens tokens : List.of(first, second, withinGrace)) {
			assertThat(store.findById(tokens.accessToken())).isNull();
			assertThat(families.refresh(tokens.refreshToken())).isNull();
		}
	}

	@Test
	void theFamilyEndsAtItsAbsoluteDeadlineHoweverOftenItIsRefreshed() {
		RedisSessionStore store = store();
		TokenFamilies families = families(store);
		TokenFamilies.Tokens tokens = families.issue("alice", context("alice"));
		for (int day = 0; day < 13; day++) {
			this.clock.advance(Duration.ofDays(1));
			tokens = families.refresh(tokens.refreshToken());
			assertThat(tokens).as("day " + (day + 1)).isNotNull();
		}
		this.clock.advance(Duration.ofDays(1));
		assertThat(families.refresh(tokens.refreshToken())).isNull();
	}

	@Test
	void oneTokenKindIsNeverAcceptedAsTheOther() {
		RedisSessionStore store = store();
		TokenFamilies families = families(store);
		TokenFamilies.Tokens tokens = families.issue("alice", context("alice"));
		assertThat(store.findById(tokens.refreshToken())).isNull();
		assertThat(families.refresh(tokens.accessToken())).isNull();
		assertThat(families.refresh(tokens.refreshToken())).isNotNull();
	}

	@Test
	void revokeAllVoidsFamiliesCreatedBeforeIt() {
		RedisSessionStore store = store();
		TokenFamilies families = families(store);
		TokenFamilies.Tokens old = families.issue("alice", context("alice"));
		TokenFamilies.Tokens bob = families.issue("bob", context("bob"));
		families.revokeAll("alice");
		this.clock.advance(Duration.ofMillis(1));
		TokenFamilies.Tokens fresh = families.issue("alice", context("alice"));
		assertThat(families.refresh(old.refreshToken())).isNull();
		assertThat(families.refresh(bob.refreshToken())).isNotNull();
		assertThat(families.refresh(fresh.refreshToken())).isNotNull();
	}

	@Test
	void signOutEverywhereLandingInTheMiddleOfARefreshLeavesNoAccessToken() {
		RaceCodec codec = new RaceCodec();
		RedisSessionStore store = store(SessionTimeouts.DEFAULTS, codec);
		TokenFamilies families = families(store);
		UserSessions sessions = new UserSessions(store);
		sessions.setTokenFamilies(families);
		TokenFamilies.Tokens tokens = families.issue("alice", context("alice"));
		// The family has granted the refresh and the new access token is not stored yet:
		// the index-based sign-out cannot see it, so the refresh must find the
		// revocation.
		codec.onNextDecode(() -> sessions.revokeAll("alice"));
		assertThat(families.refresh(tokens.refreshToken())).isNull();
		assertThat(codec.fired()).isTrue();
		assertThat(store.findById(tokens.accessToken())).isNull();
		assertThat(store.findByPrincipalName("alice")).isEmpty();
		assertThat(families.refresh(tokens.refreshToken())).isNull();
	}

	@Test
	void revokingTheFamilyInTheMiddleOfARefreshLeavesNoAccessToken() {
		RaceCodec codec = new RaceCodec();
		RedisSessionStore store = store(SessionTimeouts.DEFAULTS, codec);
		TokenFamilies families = families(store);
		TokenFamilies.Tokens tokens = families.issue("alice", context("alice"));
		codec.onNextDecode(() -> assertThat(families.revoke(tokens.refreshToken())).isTrue());
		assertThat(families.refresh(tokens.refreshToken())).isNull();
		assertThat(codec.fired()).isTrue();
		assertThat(store.findById(tokens.accessToken())).isNull();
		assertThat(store.findByPrincipalName("alice")).isEmpty();
	}

	// standalone-only: exact round-trip counts; in Cluster the per-user index takes
	// separate commands
	@Tag("standalone-only")
	@Test
	void costsInRoundTrips(RealRedis redis) {
		RedisSessionStore store = store();
		TokenFamilies families = families(store);
		// Load every script into the server's cache first (EVAL on NOSCRIPT).
		families.revoke(families.refresh(families.issue("warm", context("warm")).refreshToken()).refreshToken());
		TokenFamilies.Tokens tokens;
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			tokens = families.issue("alice", context("alice"));
			assertThat(monitor.roundTrips()).as("login").isEqualTo(Map.of("evalsha", 2L));
		}
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			tokens = families.refresh(tokens.refreshToken());
			assertThat(monitor.roundTrips()).as("refresh: family, access token, revocation mark, family check")
				.isEqualTo(Map.of("evalsha", 4L));
		}
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			assertThat(families.revoke(tokens.refreshToken())).isTrue();
			assertThat(monitor.roundTrips()).as("revoke: the family, then its two access tokens")
				.isEqualTo(Map.of("evalsha", 3L));
		}
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			assertThat(families.refresh("not a token")).isNull();
			assertThat(families.revoke(SessionTokens.mint() + "!")).isFalse();
			assertThat(families.introspect("")).isNull();
			assertThat(monitor.roundTrips()).as("malformed tokens").isEmpty();
		}
	}

	private TokenFamilies families(RedisSessionStore store) {
		store.setClock(this.clock);
		store.setApplicationEventPublisher(this.events::add);
		return new TokenFamilies(store, SETTINGS);
	}

	private static SecurityContextImpl context(String name) {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(name, null,
				AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

	/**
	 * The JSON codec, with a hook that runs once inside the next decode: a refresh
	 * decodes the family's security context after the family script granted it and before
	 * the new access token is stored, so the hook lands exactly there.
	 */
	private static final class RaceCodec implements AttributeCodec {

		private final JsonAttributeCodec json = new JsonAttributeCodec();

		private @Nullable Runnable hook;

		private boolean fired;

		void onNextDecode(Runnable hook) {
			this.hook = hook;
		}

		boolean fired() {
			return this.fired;
		}

		@Override
		public String encode(Object value) {
			return this.json.encode(value);
		}

		@Override
		public @Nullable Object decode(String stored) {
			Runnable hook = this.hook;
			if (hook != null) {
				this.hook = null;
				hook.run();
				this.fired = true;
			}
			return this.json.decode(stored);
		}

	}

}
