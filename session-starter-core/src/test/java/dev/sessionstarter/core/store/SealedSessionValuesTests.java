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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sessionstarter.core.codec.AttributeCodecException;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Attribute values that hold an identity provider's tokens are stored sealed under a key
 * that only the session's token opens (see {@link SealedValues}): what Redis holds yields
 * no token value, every new token of the session reads them and no old one does, and
 * altered values end the session instead of being read. Against a real Redis, in both
 * topologies (Cluster moves included).
 */
@RealRedisTest
class SealedSessionValuesTests extends StoreTestSupport {

	private static final String ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.id-token-signature";

	private static final String ACCESS_TOKEN = "access-token-value-0123456789";

	private static final String REFRESH_TOKEN = "refresh-token-value-9876543210";

	private static final String CONTEXT = "SPRING_SECURITY_CONTEXT";

	private static final String CLIENTS = "org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository.AUTHORIZED_CLIENTS";

	private final MovableClock clock = new MovableClock();

	@Test
	void providerTokensAreSealedAndReadBackWhilePlainValuesStayPlain(RealRedis redis) {
		RedisSessionStore store = store();
		String token = oidcSession(store);
		String hash = hash(redis, token);
		assertThat(hash).doesNotContain(ID_TOKEN, ACCESS_TOKEN, REFRESH_TOKEN, "id-token-signature");
		assertThat(field(redis, token, "a:" + CONTEXT)).startsWith(SealedValues.PREFIX);
		assertThat(field(redis, token, "a:" + CLIENTS)).startsWith(SealedValues.PREFIX);
		assertThat(field(redis, token, "a:cart")).isEqualTo("\"3 apples\"");
		assertThat(field(redis, token, "dk")).as("the wrapped data key").isNotBlank();
		assertReadable(store, token);
	}

	@Test
	void aLoginGivesANewDataKeySoTheOldTokenAndAnOldDumpOpenNothing(RealRedis redis) {
		RedisSessionStore store = store();
		String before = oidcSession(store);
		String wrappedBefore = field(redis, before, "dk");
		String sealedBefore = field(redis, before, "a:" + CONTEXT);
		String after = request(store, before, StoredSession::changeSessionId);
		assertThat(after).isNotEqualTo(before);
		assertReadable(store, after);
		assertThat(store.findById(before)).isNull();
		assertThat(hash(redis, before)).as("the old key's record").doesNotContain(wrappedBefore);
		// An attacker with the old token and a dump from before the login: the old data
		// key, which opens the old values but none written since.
		byte[] oldKey = SealedValues.unwrap(before, wrappedBefore);
		assertThat(SealedValues.open(oldKey, CONTEXT, sealedBefore)).isNotEmpty();
		String sealedAfter = field(redis, after, "a:" + CONTEXT);
		assertThat(sealedAfter).as("resealed under the new key").isNotEqualTo(sealedBefore);
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> SealedValues.open(oldKey, CONTEXT, sealedAfter));
		assertThat(opens(before, field(redis, after, "dk"))).isFalse();
		assertThat(opens(after, field(redis, after, "dk"))).isTrue();
	}

	@Test
	void aPeriodicRotationKeepsTheValuesReadableForTheNewTokenAndForTheOldOneWithinGrace(RealRedis redis) {
		Duration interval = Duration.ofMinutes(10);
		Duration grace = Duration.ofSeconds(5);
		RedisSessionStore store = rotatingStore(interval, grace);
		String original = oidcSession(store);
		this.clock.advance(interval);
		String rotated = request(store, original, (session) -> {
		});
		assertThat(rotated).isNotEqualTo(original);
		assertReadable(store, rotated);
		String retiredKey = KEYS.retiredDataKey(SessionTokens.storageId(original));
		assertThat(redis.command("GET", retiredKey)).as("the old token's copy of the data key").isNotBlank();
		// Expires a minute after the grace period, by the store's clock (moved here).
		long expiresAt = System.currentTimeMillis() + Long.parseLong(redis.command("PTTL", retiredKey).trim());
		assertThat(expiresAt).isCloseTo(this.clock.millis() + grace.plusSeconds(60).toMillis(),
				org.assertj.core.api.Assertions.within(5000L));
		this.clock.advance(grace.minusMillis(100));
		String inFlight = request(store, original, (session) -> {
			assertThat(this.<SecurityContextImpl>read(session, CONTEXT)).isNotNull();
			session.setAttribute("late", "write");
		});
		assertThat(inFlight).isEqualTo(original);
		assertReadable(store, rotated);
		assertThat(store.findById(rotated).<String>getAttribute("late")).isEqualTo("write");
	}

	@Test
	void withoutTheOldTokensCopyOfTheKeyASessionWithSealedValuesIsNoSessionForIt(RealRedis redis) {
		Duration interval = Duration.ofMinutes(10);
		RedisSessionStore store = rotatingStore(interval, Duration.ofSeconds(5));
		String original = oidcSession(store);
		this.clock.advance(interval);
		String rotated = request(store, original, (session) -> {
		});
		redis.command("DEL", KEYS.retiredDataKey(SessionTokens.storageId(original)));
		assertThat(store.findById(original)).isNull();
		assertReadable(store, rotated);
	}

	@Test
	void alteredSealedValuesOrKeysEndTheSessionInsteadOfBeingRead(RealRedis redis) {
		RedisSessionStore store = store();
		String flipped = oidcSession(store);
		String value = field(redis, flipped, "a:" + CLIENTS);
		// A character inside the value: each carries six bits of the ciphertext, whereas
		// the last one's low bits may be padding that decodes to the same bytes.
		int at = SealedValues.PREFIX.length() + 20;
		char middle = value.charAt(at);
		hset(redis, flipped, "a:" + CLIENTS,
				value.substring(0, at) + ((middle == 'A') ? 'B' : 'A') + value.substring(at + 1));
		assertDropped(store, flipped, CLIENTS);

		String swapped = oidcSession(store);
		hset(redis, swapped, "a:" + CLIENTS, field(redis, swapped, "a:" + CONTEXT));
		assertDropped(store, swapped, CLIENTS);

		String other = oidcSession(store);
		String foreign = oidcSession(store);
		hset(redis, foreign, "a:" + CONTEXT, field(redis, other, "a:" + CONTEXT));
		assertDropped(store, foreign, CONTEXT);

		String rewrapped = oidcSession(store);
		hset(redis, rewrapped, "dk", field(redis, other, "dk"));
		assertDropped(store, rewrapped, CONTEXT);
		assertReadable(store, other);
	}

	@Test
	void aListedSessionHasNoTokenAndOpensNoSealedValue() {
		RedisSessionStore store = store();
		String token = oidcSession(store);
		StoredSession listed = store.findByPrincipalName("alice")
			.values()
			.stream()
			.filter((session) -> session.getStorageId().equals(SessionTokens.storageId(token)))
			.findFirst()
			.orElseThrow();
		assertThat(listed.<Object>getAttribute(CONTEXT)).isNull();
		assertThat(listed.<String>getAttribute("cart")).isEqualTo("3 apples");
		assertReadable(store, token);
	}

	@Test
	void replacingASealedValueWithAPlainOneStoresItPlainAndRemovingItLeavesNothing(RealRedis redis) {
		RedisSessionStore store = store();
		String token = oidcSession(store);
		request(store, token, (session) -> {
			session.setAttribute(CLIENTS, Map.of("note", "no clients"));
			session.removeAttribute(CONTEXT);
		});
		assertThat(field(redis, token, "a:" + CLIENTS)).doesNotStartWith(SealedValues.PREFIX);
		assertThat(field(redis, token, "a:" + CONTEXT)).isNull();
		assertThat(store.findById(token).<Map<String, String>>getAttribute(CLIENTS)).containsEntry("note",
				"no clients");
	}

	@Test
	void readingSealedValuesWithoutChangingThemWritesNothing(RealRedis redis) {
		RedisSessionStore store = store();
		String token = oidcSession(store);
		String before = hash(redis, token);
		request(store, token, (session) -> {
			assertThat(this.<Object>read(session, CONTEXT)).isNotNull();
			assertThat(this.<Object>read(session, CLIENTS)).isNotNull();
		});
		assertThat(hash(redis, token)).isEqualTo(before);
	}

	private String oidcSession(RedisSessionStore store) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		OidcIdToken idToken = new OidcIdToken(ID_TOKEN, now, now.plusSeconds(300),
				Map.of("sub", "alice", "iss", "https://idp.example", "sid", "idp-session-1"));
		OidcUser user = new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), idToken);
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(
				registration(), "alice", new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, ACCESS_TOKEN, now,
						now.plusSeconds(300), Set.of("openid")),
				new OAuth2RefreshToken(REFRESH_TOKEN, now, now.plusSeconds(1800)));
		return storedSession(store,
				Map.of(CONTEXT,
						new SecurityContextImpl(new OAuth2AuthenticationToken(user, user.getAuthorities(), "idp")),
						CLIENTS, Map.of("idp", client), "cart", "3 apples"));
	}

	private void assertReadable(RedisSessionStore store, String token) {
		request(store, token, (session) -> {
			SecurityContextImpl context = read(session, CONTEXT);
			assertThat(context).as("security context").isNotNull();
			assertThat(((OidcUser) context.getAuthentication().getPrincipal()).getIdToken().getTokenValue())
				.isEqualTo(ID_TOKEN);
			Map<String, OAuth2AuthorizedClient> clients = read(session, CLIENTS);
			assertThat(clients).as("authorized clients").isNotNull();
			assertThat(clients.get("idp").getAccessToken().getTokenValue()).isEqualTo(ACCESS_TOKEN);
			assertThat(clients.get("idp").getRefreshToken().getTokenValue()).isEqualTo(REFRESH_TOKEN);
			assertThat(this.<String>read(session, "cart")).isEqualTo("3 apples");
		});
	}

	private void assertDropped(RedisSessionStore store, String token, String attribute) {
		try (RedisSessionStore.RequestScope scope = store.openRequestScope()) {
			StoredSession session = store.findById(token);
			assertThat(session).isNotNull();
			assertThat(session.<Object>getAttribute(attribute)).as("an altered value is not read").isNull();
			store.save(session);
		}
		assertThat(store.findById(token)).as("the session ends").isNull();
	}

	@SuppressWarnings("unchecked")
	private <T> T read(StoredSession session, String name) {
		return (T) session.getAttribute(name);
	}

	private static boolean opens(String token, String wrapped) {
		try {
			SealedValues.unwrap(token, wrapped);
			return true;
		}
		catch (AttributeCodecException ex) {
			return false;
		}
	}

	private static String hash(RealRedis redis, String token) {
		return String.valueOf(redis.command("HGETALL", KEYS.session(SessionTokens.storageId(token))));
	}

	private static String field(RealRedis redis, String token, String field) {
		return redis.command("HGET", KEYS.session(SessionTokens.storageId(token)), field);
	}

	private static void hset(RealRedis redis, String token, String field, String value) {
		redis.command("HSET", KEYS.session(SessionTokens.storageId(token)), field, value);
	}

	private RedisSessionStore rotatingStore(Duration interval, Duration grace) {
		RedisSessionStore store = store();
		store.setClock(this.clock);
		store.setRotation(new SessionRotation(interval, grace, SessionRotation.ReusePolicy.REVOKE));
		return store;
	}

	private static ClientRegistration registration() {
		return ClientRegistration.withRegistrationId("idp")
			.clientId("session-app")
			.clientSecret("client-secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope("openid")
			.authorizationUri("https://idp.example/authorize")
			.tokenUri("https://idp.example/token")
			.jwkSetUri("https://idp.example/jwks")
			.userNameAttributeName("sub")
			.build();
	}

}
