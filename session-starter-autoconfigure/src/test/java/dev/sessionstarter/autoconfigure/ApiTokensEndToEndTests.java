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

package dev.sessionstarter.autoconfigure;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.event.SessionAnomalyEvent;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.token.RefreshTokens;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access and refresh tokens over real HTTP with a real Redis. The store's clock is moved
 * by the test to cross grace periods and lifetimes without sleeping.
 */
@SpringBootTest(
		classes = { EndToEndApplication.class, ApiTokensEndToEndTests.Config.class, MovableClockConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.transport=both", "session-starter.api-tokens.enabled=true",
				"session-starter.rotation.grace=5s" })
@AutoConfigureRealRedis
@ExtendWith(OutputCaptureExtension.class)
class ApiTokensEndToEndTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String FORM = "application/x-www-form-urlencoded";

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	Config config;

	private Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.config.events.clear();
	}

	@Test
	void loginReturnsAnOAuthShapedPairAndTheAccessTokenWorks() {
		HttpResponse<String> response = this.http.post("/oauth2/token",
				Map.of("grant_type", "password", "username", "alice", "password", "password"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(Http.setCookies(response)).as("no cookie for API clients").isEmpty();
		JsonNode body = json.readTree(response.body());
		assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.path("expires_in").asLong()).isEqualTo(900);
		assertThat(SessionTokens.isWellFormed(body.path("access_token").asString())).isTrue();
		assertThat(RefreshTokens.familyOf(body.path("refresh_token").asString())).isNotNull();
		assertThat(me(body.path("access_token").asString())).isEqualTo(200);
	}

	@Test
	void aSensitiveRouteAsksAnAccessTokenWithoutARecentPasswordGrantForOneWithABearerChallenge() {
		Pair pair = login("alice");
		assertThat(this.http.get("/sensitive/page", "Authorization", "Bearer " + pair.access).statusCode())
			.as("the password was just proven")
			.isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(6));
		HttpResponse<String> stale = this.http.get("/sensitive/page", "Authorization", "Bearer " + pair.access);
		assertThat(stale.statusCode()).isEqualTo(401);
		assertThat(stale.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer ")
				.contains("error=\"insufficient_user_authentication\"", "max_age=300"));
		assertThat(Http.setCookies(stale)).as("no cookie for API clients").isEmpty();
		assertThat(me(pair.access)).as("the token itself still works").isEqualTo(200);
		Pair refreshed = refresh(pair.refresh);
		assertThat(this.http.get("/sensitive/page", "Authorization", "Bearer " + refreshed.access).statusCode())
			.as("a refresh proves no factor")
			.isEqualTo(401);
		Pair again = login("alice");
		assertThat(this.http.get("/sensitive/page", "Authorization", "Bearer " + again.access).statusCode())
			.as("a new password grant does")
			.isEqualTo(200);
	}

	@Test
	void refreshReturnsANewPairAndRetiresTheOldRefreshToken() {
		Pair first = login("alice");
		Pair second = refresh(first.refresh);
		assertThat(second.access).isNotEqualTo(first.access);
		assertThat(second.refresh).isNotEqualTo(first.refresh);
		assertThat(me(second.access)).isEqualTo(200);
		Pair third = refresh(second.refresh);
		assertThat(me(third.access)).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(refreshStatus(second.refresh)).as("a used refresh token after the grace period").isEqualTo(400);
	}

	@Test
	void reuseAfterTheGracePeriodRevokesTheWholeFamily() {
		Pair first = login("alice");
		Pair second = refresh(first.refresh);
		Pair third = refresh(second.refresh);
		Pair other = login("alice");
		assertThat(List.of(me(first.access), me(second.access), me(third.access))).containsOnly(200);
		this.clock.advance(Duration.ofSeconds(5));
		this.config.events.clear();

		HttpResponse<String> reuse = token(Map.of("grant_type", "refresh_token", "refresh_token", first.refresh));
		assertThat(reuse.statusCode()).isEqualTo(400);
		assertThat(json.readTree(reuse.body()).path("error").asString()).isEqualTo("invalid_grant");

		for (String access : List.of(first.access, second.access, third.access)) {
			HttpResponse<String> response = this.http.get("/me", "Authorization", "Bearer " + access);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
		}
		assertThat(refreshStatus(third.refresh)).as("the family's live refresh token").isEqualTo(400);
		assertThat(me(other.access)).as("another login of the same user is not part of the family").isEqualTo(200);
		// Refused refreshes of earlier tests (same user, same application) may complete a
		// failure burst here; that anomaly is not part of this flow.
		assertThat(this.config.events).filteredOn((event) -> !(event instanceof SessionAnomalyEvent))
			.extracting(SessionEvent::getClass)
			.containsExactly(SessionReuseDetectedEvent.class, SessionRevokedEvent.class, SessionRevokedEvent.class,
					SessionRevokedEvent.class);
		assertThat(this.config.events).first().isInstanceOfSatisfying(SessionReuseDetectedEvent.class, (event) -> {
			assertThat(event.getTokenKind()).isEqualTo(SessionReuseDetectedEvent.TokenKind.REFRESH);
			assertThat(event.getPrincipal()).isEqualTo("alice");
			assertThat(event.getSessionId()).isEqualTo(RefreshTokens.hash(first.refresh));
		});
		assertThat(this.config.events).filteredOn(SessionRevokedEvent.class::isInstance)
			.extracting(SessionEvent::getSessionId)
			.containsExactlyInAnyOrder(SessionTokens.storageId(first.access), SessionTokens.storageId(second.access),
					SessionTokens.storageId(third.access));
	}

	@Test
	void parallelRefreshesWithOneTokenBothSucceedAndEitherPairWorks() throws Exception {
		for (int round = 0; round < 5; round++) {
			Pair start = login("alice");
			CountDownLatch go = new CountDownLatch(1);
			List<CompletableFuture<HttpResponse<String>>> racers = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				racers.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(go);
					return token(Map.of("grant_type", "refresh_token", "refresh_token", start.refresh));
				}));
			}
			go.countDown();
			List<Pair> pairs = new ArrayList<>();
			for (CompletableFuture<HttpResponse<String>> racer : racers) {
				HttpResponse<String> response = racer.get();
				assertThat(response.statusCode()).as("both parallel refreshes succeed").isEqualTo(200);
				pairs.add(Pair.of(response));
			}
			Pair kept = pairs.get(round % 2);
			assertThat(me(pairs.get(0).access)).isEqualTo(200);
			assertThat(me(pairs.get(1).access)).isEqualTo(200);
			assertThat(me(refresh(kept.refresh).access)).as("the pair the client kept goes on working").isEqualTo(200);
		}
	}

	@Test
	void changingThePasswordEndsEveryTokenFamilyOfTheUser() {
		Pair api = login("alice");
		Pair refreshed = refresh(api.refresh);
		Pair bob = login("bob");
		CookieSessionEndToEndTests.Session browser = CookieSessionEndToEndTests.Session.start(this.http)
			.login("alice", "password");
		HttpResponse<String> change = this.http.post("/password", Map.of("_csrf", browser.csrf), "Cookie",
				Http.cookie(browser.token));
		assertThat(change.statusCode()).isEqualTo(200);
		assertThat(me(refreshed.access)).as("access tokens are sessions and end with the others").isEqualTo(401);
		assertThat(refreshStatus(refreshed.refresh)).as("the refresh token no longer mints access tokens")
			.isEqualTo(400);
		assertThat(me(bob.access)).isEqualTo(200);
		this.clock.advance(Duration.ofMillis(1));
		Pair again = login("alice");
		assertThat(me(refresh(again.refresh).access)).as("a login after the change works").isEqualTo(200);
	}

	@Test
	void noTokenOfTheWholeFlowReachesTheLog(CapturedOutput output) {
		List<String> minted = new ArrayList<>();
		Pair first = login("alice");
		Pair second = refresh(first.refresh);
		String gateway = login("gateway").access;
		introspect(gateway, second.access);
		introspect(gateway, second.refresh);
		this.clock.advance(Duration.ofSeconds(5));
		refreshStatus(first.refresh);
		Pair third = login("alice");
		token("/oauth2/revoke", Map.of("token", third.refresh));
		for (Pair pair : List.of(first, second, third)) {
			minted.add(pair.access);
			minted.add(pair.refresh);
			minted.add(pair.refresh.substring(SessionTokens.TOKEN_LENGTH + 1));
		}
		minted.add(gateway);
		assertThat(output.getAll()).as("the flow was audited").contains("event=reuse-detected");
		for (String token : minted) {
			assertThat(output.getAll()).as("log output").doesNotContain(token);
		}
	}

	@Test
	void aBurstOfRefusedRefreshesForOneUserIsAnAnomaly() {
		List<Pair> families = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Pair pair = login("root");
			refresh(pair.refresh);
			families.add(pair);
		}
		this.clock.advance(Duration.ofSeconds(5));
		this.config.events.clear();
		families.forEach((pair) -> assertThat(refreshStatus(pair.refresh)).isEqualTo(400));
		assertThat(this.config.events).filteredOn(SessionAnomalyEvent.class::isInstance)
			.singleElement()
			.isInstanceOfSatisfying(SessionAnomalyEvent.class, (event) -> {
				assertThat(event.getKind()).isEqualTo(SessionAnomalyEvent.Kind.REFRESH_FAILURES);
				assertThat(event.getPrincipal()).isEqualTo("root");
			});
	}

	@Test
	void refreshAndAccessTokensAreNeverAcceptedForEachOther() {
		Pair pair = login("alice");
		HttpResponse<String> refreshAsAccess = this.http.get("/me", "Authorization", "Bearer " + pair.refresh);
		assertThat(refreshAsAccess.statusCode()).isEqualTo(401);
		assertThat(refreshAsAccess.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
		assertThat(refreshStatus(pair.access)).isEqualTo(400);
		assertThat(refreshStatus(pair.refresh)).as("the refresh token still works").isEqualTo(200);
	}

	@Test
	void revokingARefreshTokenEndsItsFamily() {
		Pair first = login("alice");
		Pair second = refresh(first.refresh);
		HttpResponse<String> response = token("/oauth2/revoke", Map.of("token", second.refresh));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(me(first.access)).isEqualTo(401);
		assertThat(me(second.access)).isEqualTo(401);
		assertThat(refreshStatus(second.refresh)).isEqualTo(400);
	}

	@Test
	void revokingAnAccessTokenEndsOnlyThatToken() {
		Pair pair = login("alice");
		assertThat(token("/oauth2/revoke", Map.of("token", pair.access)).statusCode()).isEqualTo(200);
		assertThat(me(pair.access)).isEqualTo(401);
		assertThat(me(refresh(pair.refresh).access)).isEqualTo(200);
	}

	@Test
	void revokingAnUnknownTokenAnswersTheSame() {
		for (String token : List.of(SessionTokens.mint(), RefreshTokens.mint(RefreshTokens.mintFamilyId()), "x")) {
			assertThat(token("/oauth2/revoke", Map.of("token", token)).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void introspectionDescribesActiveTokensToAuthorizedCallers() {
		Pair alice = login("alice");
		String gateway = login("gateway").access;
		JsonNode access = introspect(gateway, alice.access);
		assertThat(access.path("active").asBoolean()).isTrue();
		assertThat(access.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(access.path("username").asString()).isEqualTo("alice");
		assertThat(access.path("exp").asLong())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(15)).getEpochSecond());
		JsonNode refresh = introspect(gateway, alice.refresh);
		assertThat(refresh.path("active").asBoolean()).isTrue();
		assertThat(refresh.path("token_type").asString()).isEqualTo("refresh_token");
		assertThat(refresh.path("exp").asLong())
			.isEqualTo(this.clock.instant().plus(Duration.ofDays(14)).getEpochSecond());
		assertThat(introspect(gateway, "garbage").path("active").asBoolean()).isFalse();
	}

	@Test
	void introspectionOfRevokedOrExpiredTokensIsInactive() {
		String gateway;
		Pair revoked = login("alice");
		token("/oauth2/revoke", Map.of("token", revoked.refresh));
		Pair expiring = login("alice");
		Pair used = login("alice");
		refresh(used.refresh);
		this.clock.advance(Duration.ofMinutes(16));
		gateway = login("gateway").access;
		assertThat(introspect(gateway, revoked.access).path("active").asBoolean()).isFalse();
		assertThat(introspect(gateway, revoked.refresh).path("active").asBoolean()).isFalse();
		assertThat(introspect(gateway, expiring.access).path("active").asBoolean()).as("idle for 16 minutes").isFalse();
		assertThat(introspect(gateway, expiring.refresh).path("active").asBoolean()).isTrue();
		assertThat(introspect(gateway, used.refresh).path("active").asBoolean()).as("a used refresh token").isFalse();
		this.clock.advance(Duration.ofDays(14));
		gateway = login("gateway").access;
		assertThat(introspect(gateway, expiring.refresh).path("active").asBoolean()).as("after 14 days").isFalse();
		assertThat(refreshStatus(expiring.refresh)).isEqualTo(400);
	}

	@Test
	void introspectionNeedsAnAuthenticatedCallerWithTheAuthority() {
		Pair alice = login("alice");
		HttpResponse<String> anonymous = token("/oauth2/introspect", Map.of("token", alice.access));
		assertThat(anonymous.statusCode()).isEqualTo(401);
		HttpResponse<String> user = this.http.post("/oauth2/introspect", Map.of("token", alice.access), "Authorization",
				"Bearer " + alice.access);
		assertThat(user.statusCode()).isEqualTo(403);
		assertThat(user.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\"");
	}

	@Test
	void badRequestsGetOAuthErrorsNeverServerErrors() {
		assertError(token(Map.of("grant_type", "password", "username", "alice", "password", "wrong")), "invalid_grant");
		assertError(token(Map.of("grant_type", "password", "username", "alice")), "invalid_request");
		assertError(token(Map.of("username", "alice", "password", "password")), "invalid_request");
		assertError(token(Map.of("grant_type", "client_credentials")), "unsupported_grant_type");
		assertError(token(Map.of("grant_type", "refresh_token")), "invalid_request");
		assertError(token(Map.of("grant_type", "refresh_token", "refresh_token", "x".repeat(10_000))), "invalid_grant");
		assertError(this.http.postBody("/oauth2/token?grant_type=password&username=alice&password=password", "",
				"Content-Type", FORM), "invalid_request");
		assertError(this.http.postBody("/oauth2/token", "grant_type=password&grant_type=refresh_token", "Content-Type",
				FORM), "invalid_request");
		assertError(this.http.postBody("/oauth2/token", "{\"grant_type\":\"password\"}", "Content-Type",
				"application/json"), "invalid_request");
		assertError(this.http.postBody("/oauth2/token", "grant_type=password", "Content-Type", "%%%;;=="),
				"invalid_request");
		assertError(this.http.postBody("/oauth2/token", "grant_type=refresh_token&refresh_token=%00%ff%zz",
				"Content-Type", FORM), "invalid_request", "invalid_grant");
		HttpResponse<String> get = this.http.get("/oauth2/token");
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(get.headers().firstValue("Allow")).hasValue("POST");
	}

	private void assertError(HttpResponse<String> response, String... codes) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(json.readTree(response.body()).path("error").asString()).isIn((Object[]) codes);
	}

	private Pair login(String username) {
		HttpResponse<String> response = token(
				Map.of("grant_type", "password", "username", username, "password", "password"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Pair.of(response);
	}

	private Pair refresh(String refreshToken) {
		HttpResponse<String> response = token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Pair.of(response);
	}

	private int refreshStatus(String refreshToken) {
		return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)).statusCode();
	}

	private HttpResponse<String> token(Map<String, String> form) {
		return token("/oauth2/token", form);
	}

	private HttpResponse<String> token(String path, Map<String, String> form) {
		return this.http.post(path, form);
	}

	private JsonNode introspect(String callerAccessToken, String token) {
		HttpResponse<String> response = this.http.post("/oauth2/introspect", Map.of("token", token), "Authorization",
				"Bearer " + callerAccessToken);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private int me(String accessToken) {
		return this.http.get("/me", "Authorization", "Bearer " + accessToken).statusCode();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Pair(String access, String refresh) {

		static Pair of(HttpResponse<String> response) {
			JsonNode body = json.readTree(response.body());
			return new Pair(body.path("access_token").asString(), body.path("refresh_token").asString());
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		final List<SessionEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onSessionEvent(SessionEvent event) {
			this.events.add(event);
		}

	}

}
