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

package dev.sessionstarter.autoconfigure.dbsc;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.autoconfigure.MovableClockConfiguration;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.InFlightRequests;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionDeviceBindingEvent.Outcome;
import dev.sessionstarter.core.event.SessionDeviceBindingEvent;
import dev.sessionstarter.core.store.SessionInfo;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Device-bound sessions against a real Redis, driven by {@link DbscClient}, a user agent
 * written from the DBSC specification. The server's and the client's clocks are one
 * {@link MovableClock}, so bound cookies and challenges expire without sleeping.
 */
@SpringBootTest(classes = { EndToEndApplication.class, MovableClockConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "session-starter.device-binding.enabled=true")
@AutoConfigureRealRedis
class DeviceBindingEndToEndTests {

	static final Duration PAST_BOUND_COOKIE = Duration.ofMinutes(11);

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RecordedEvents events;

	@Autowired
	UserSessions userSessions;

	DbscClient browser;

	@BeforeEach
	void browser() {
		this.browser = new DbscClient(URI.create("http://127.0.0.1:" + this.port), this.clock);
		this.events.clear();
	}

	@Test
	void loginOffersBindingAndTheBrowserRegistersAKeyAndGetsABoundCookie() {
		login(this.browser, "alice");
		assertThat(this.browser.protocolLog).containsExactly("registration 200");
		assertThat(this.browser.sessions).singleElement().satisfies((session) -> {
			assertThat(session.refreshUrl.getPath()).isEqualTo("/dbsc/refresh");
			assertThat(session.credentials).singleElement()
				.isEqualTo(new BoundSession.Credential("__Host-DBSC", "Path=/; Secure; HttpOnly; SameSite=Lax"));
		});
		assertThat(boundCookie(this.browser)).isNotNull();
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(200);
		assertThat(outcomes()).containsExactly(Outcome.BOUND);
	}

	@Tag("standalone-only")
	@Test
	void theBoundCookieIsCheckedInTheSameSingleRoundTripAsTheSessionLoad(RealRedis redis) {
		login(this.browser, "alice");
		this.browser.get("/me");
		settle();
		Map<String, Long> before = redis.commandStats();
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(200);
		settle();
		assertThat(redis.commandStatsDelta(before)).isEqualTo(Map.of("evalsha", 1L, "hgetall", 1L));
	}

	@Test
	void anExpiredBoundCookieIsRefreshedWithASignedChallengeBeforeTheRequest() {
		login(this.browser, "alice");
		String first = boundCookie(this.browser);
		this.clock.advance(PAST_BOUND_COOKIE);
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(200);
		assertThat(this.browser.protocolLog).containsExactly("registration 200", "refresh 403", "refresh 200");
		assertThat(boundCookie(this.browser)).isNotNull().isNotEqualTo(first);
		this.clock.advance(PAST_BOUND_COOKIE);
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(200);
		assertThat(outcomes()).containsExactly(Outcome.BOUND, Outcome.REFRESHED, Outcome.REFRESHED);
	}

	@Test
	void copiedCookiesStopWorkingOnAnotherDeviceWhenTheBoundCookieExpires() {
		login(this.browser, "alice");
		DbscClient thief = this.browser.cookieThief();
		assertThat(thief.get("/me").statusCode()).as("within the bound cookie's lifetime").isEqualTo(200);
		this.clock.advance(PAST_BOUND_COOKIE);
		HttpResponse<String> stolen = thief.get("/me");
		assertThat(stolen.statusCode()).as("a login redirect").isEqualTo(302);
		assertThat(stolen.headers().allValues("Set-Cookie")).as("no new session, no bound cookie")
			.noneMatch((c) -> c.matches("__Host-[^=]*=[^;]+.*"));
		assertThat(this.browser.get("/me").statusCode()).as("the device with the key goes on").isEqualTo(200);
		assertThat(events()).filteredOn((e) -> e.getOutcome() == Outcome.MISSING_PROOF)
			.singleElement()
			.satisfies((e) -> assertThat(e.getRevoked()).isFalse());
	}

	@Test
	void theSessionStateWithoutTheKeyGetsNoBoundCookie() {
		login(this.browser, "alice");
		DbscClient thief = this.browser.keyThief();
		this.clock.advance(PAST_BOUND_COOKIE);
		assertThat(thief.get("/me").statusCode()).isEqualTo(302);
		assertThat(thief.protocolLog).containsExactly("refresh 403", "refresh 200");
		assertThat(thief.sessions).as("told to end the binding").isEmpty();
		assertThat(boundCookie(thief)).isNull();
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(200);
		assertThat(outcomes()).contains(Outcome.INVALID_PROOF);
	}

	@Test
	void aReplayedProofAndAStaleChallengeGetANewChallengeAndNoCookie() {
		login(this.browser, "alice");
		BoundSession session = this.browser.sessions.get(0);
		String first = challenge(this.browser, session.id);
		String proof = DbscProofs.proof(session.key, first, false);
		HttpResponse<String> refreshed = refresh(this.browser, session.id, proof);
		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(refreshed.headers().allValues("Set-Cookie")).singleElement().asString().startsWith("__Host-DBSC=");
		HttpResponse<String> replayed = refresh(this.browser, session.id, proof);
		assertThat(replayed.statusCode()).isEqualTo(403);
		assertThat(replayed.headers().allValues("Set-Cookie")).isEmpty();
		String stale = challenge(this.browser, session.id);
		this.clock.advance(Duration.ofMinutes(3));
		HttpResponse<String> late = refresh(this.browser, session.id, DbscProofs.proof(session.key, stale, false));
		assertThat(late.statusCode()).isEqualTo(403);
		assertThat(late.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(late.headers().firstValue(DbscClient.CHALLENGE)).hasValueSatisfying(
				(header) -> assertThat(header).endsWith(";id=\"" + session.id + "\"").doesNotContain(stale));
	}

	@Test
	void anUnsignedProofIsRefusedAndEndsTheBindingInThatBrowser() {
		login(this.browser, "alice");
		BoundSession session = this.browser.sessions.get(0);
		String challenge = challenge(this.browser, session.id);
		HttpResponse<String> none = refresh(this.browser, session.id, DbscProofs.unsigned(challenge));
		assertThat(none.statusCode()).isEqualTo(200);
		assertThat(none.body()).isEqualTo("{\"continue\":false}");
		assertThat(none.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(this.browser.get("/me").statusCode()).as("report mode keeps the session").isEqualTo(200);
	}

	@Test
	void aMissingOrWrongSessionIdentifierGetsNoChallenge() {
		login(this.browser, "alice");
		BoundSession session = this.browser.sessions.get(0);
		for (String[] headers : List.of(new String[0], new String[] { DbscClient.SESSION_ID, "\"wrong\"" },
				new String[] { DbscClient.SESSION_ID, "\"" + session.id + "x\"" },
				new String[] { DbscClient.SESSION_ID, "not a structured string" })) {
			HttpResponse<String> response = this.browser.rawPost(session.refreshUrl, headers);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"continue\":false}");
			assertThat(response.headers().firstValue(DbscClient.CHALLENGE)).isEmpty();
			assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		}
	}

	@Test
	void theIdentifierIsReadQuotedAsTheSpecificationSaysAndUnquotedAsChromiumSendsIt() {
		login(this.browser, "alice");
		BoundSession session = this.browser.sessions.get(0);
		HttpResponse<String> bare = this.browser.rawPost(session.refreshUrl, DbscClient.SESSION_ID, session.id);
		assertThat(bare.statusCode()).isEqualTo(403);
		String challenge = bare.headers().firstValue(DbscClient.CHALLENGE).orElseThrow().split("\"")[1];
		HttpResponse<String> refreshed = this.browser.rawPost(session.refreshUrl, DbscClient.SESSION_ID, session.id,
				DbscClient.RESPONSE, DbscProofs.proof(session.key, challenge, false));
		assertThat(refreshed.statusCode()).isEqualTo(200);
	}

	@Test
	void aProofForAnotherSessionIsRefused() {
		login(this.browser, "alice");
		DbscClient other = new DbscClient(URI.create("http://127.0.0.1:" + this.port), this.clock);
		login(other, "bob");
		BoundSession mine = this.browser.sessions.get(0);
		BoundSession theirs = other.sessions.get(0);
		String theirChallenge = challenge(other, theirs.id);
		String theirProof = DbscProofs.proof(theirs.key, theirChallenge, false);
		HttpResponse<String> withMyId = refresh(this.browser, mine.id, theirProof);
		assertThat(withMyId.statusCode()).isEqualTo(403);
		assertThat(withMyId.headers().allValues("Set-Cookie")).isEmpty();
		HttpResponse<String> withTheirId = refresh(this.browser, theirs.id, theirProof);
		assertThat(withTheirId.body()).isEqualTo("{\"continue\":false}");
		assertThat(withTheirId.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(refresh(other, theirs.id, theirProof).statusCode()).as("still good for its own session")
			.isEqualTo(200);
	}

	@Test
	void registrationNeedsTheOfferedChallengeSignedByTheKeyItCarries() {
		this.browser.registers = false;
		HttpResponse<String> login = login(this.browser, "alice");
		String offered = login.headers().firstValue(DbscClient.REGISTRATION).orElseThrow().split("challenge=\"")[1]
			.replace("\"", "");
		URI registration = this.browser.sessionsBase().resolve("/dbsc/registration");
		java.security.KeyPair key = DbscProofs.newKey();
		assertThat(register(registration, DbscProofs.proof(key, "not-offered", true)).statusCode()).isEqualTo(400);
		assertThat(register(registration, DbscProofs.proof(key, offered, false)).statusCode()).as("no jwk")
			.isEqualTo(400);
		assertThat(register(registration, DbscProofs.unsigned(offered)).statusCode()).isEqualTo(400);
		Map<String, Object> header = new java.util.LinkedHashMap<>(
				Map.of("alg", "ES256", "typ", "dbsc+jwt", "jwk", DbscProofs.jwk(DbscProofs.newKey())));
		assertThat(register(registration, DbscProofs.signed(key, header, Map.of("jti", offered))).statusCode())
			.as("signed by another key than the one it carries")
			.isEqualTo(400);
		HttpResponse<String> good = register(registration, DbscProofs.proof(key, offered, true));
		assertThat(good.statusCode()).isEqualTo(200);
		assertThat(register(registration, DbscProofs.proof(key, offered, true)).statusCode()).as("single use")
			.isEqualTo(400);
	}

	@Test
	void anOfferExpiresAfterTheChallengeLifetime() {
		this.browser.registers = false;
		HttpResponse<String> login = login(this.browser, "alice");
		String offered = login.headers().firstValue(DbscClient.REGISTRATION).orElseThrow().split("challenge=\"")[1]
			.replace("\"", "");
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(register(this.browser.sessionsBase().resolve("/dbsc/registration"),
				DbscProofs.proof(DbscProofs.newKey(), offered, true))
			.statusCode()).isEqualTo(400);
	}

	@Test
	void browsersWithoutDbscAreUnaffected() {
		this.browser.registers = false;
		login(this.browser, "alice");
		this.clock.advance(PAST_BOUND_COOKIE);
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(200);
		assertThat(this.browser.protocolLog).isEmpty();
	}

	@Test
	void logoutEndsTheBoundSessionAndTellsTheBrowserToForgetIt() {
		login(this.browser, "alice");
		DbscClient copy = this.browser.keyThief();
		String csrf = this.browser.get("/public/csrf").body();
		HttpResponse<String> logout = this.browser.postForm("/logout", Map.of("_csrf", csrf));
		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Clear-Site-Data"))
			.hasValueSatisfying((value) -> assertThat(value).contains("\"cookies\""));
		assertThat(this.browser.sessions).isEmpty();
		BoundSession stale = copy.sessions.get(0);
		HttpResponse<String> refresh = copy.rawPost(stale.refreshUrl, DbscClient.SESSION_ID, "\"" + stale.id + "\"");
		assertThat(refresh.body()).isEqualTo("{\"continue\":false}");
		assertThat(copy.get("/me").statusCode()).isEqualTo(302);
	}

	@Test
	void signingOutEverywhereEndsTheBoundSession() {
		login(this.browser, "alice");
		this.userSessions.revokeAll("alice");
		this.clock.advance(PAST_BOUND_COOKIE);
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(302);
		assertThat(this.browser.protocolLog).containsExactly("registration 200", "refresh 200");
		assertThat(this.browser.sessions).as("{\"continue\": false}").isEmpty();
	}

	@Test
	void theSessionsListShowsWhichSessionsAreDeviceBound() {
		login(this.browser, "alice");
		DbscClient plain = new DbscClient(URI.create("http://127.0.0.1:" + this.port), this.clock);
		plain.registers = false;
		login(plain, "alice");
		List<SessionInfo> sessions = this.userSessions.list("alice", null);
		assertThat(sessions).extracting(SessionInfo::deviceBound).containsExactlyInAnyOrder(true, false);
	}

	@Test
	void theProtocolEndpointsNeedNoCsrfTokenWhileOtherPostsStillDo() {
		login(this.browser, "alice");
		assertThat(this.browser.postForm("/public/cart", Map.of("item", "book")).statusCode()).isEqualTo(403);
		assertThat(this.browser.postForm("/dbsc/refresh/more", Map.of()).statusCode()).isEqualTo(403);
		assertThat(this.browser.postForm("/dbsc/registration.json", Map.of()).statusCode()).isEqualTo(403);
		BoundSession session = this.browser.sessions.get(0);
		assertThat(
				this.browser.rawPost(session.refreshUrl, DbscClient.SESSION_ID, "\"" + session.id + "\"").statusCode())
			.isEqualTo(403);
		assertThat(this.browser.rawPost(session.refreshUrl, DbscClient.SESSION_ID, "\"" + session.id + "\"")
			.headers()
			.firstValue(DbscClient.CHALLENGE)).isPresent();
	}

	static HttpResponse<String> login(DbscClient client, String user) {
		String csrf = client.get("/public/csrf").body();
		HttpResponse<String> login = client.postForm("/login",
				Map.of("username", user, "password", "password", "_csrf", csrf));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).doesNotContain("error"));
		return login;
	}

	private HttpResponse<String> register(URI registration, String proof) {
		return this.browser.rawPost(registration, DbscClient.RESPONSE, DbscProofs.sfString(proof));
	}

	static String challenge(DbscClient client, String id) {
		BoundSession session = client.find(id);
		HttpResponse<String> response = client.rawPost(session.refreshUrl, DbscClient.SESSION_ID,
				DbscProofs.sfString(id));
		assertThat(response.statusCode()).isEqualTo(403);
		return response.headers().firstValue(DbscClient.CHALLENGE).orElseThrow().split("\"")[1];
	}

	static HttpResponse<String> refresh(DbscClient client, String id, String proof) {
		return client.rawPost(client.sessionsBase().resolve("/dbsc/refresh"), DbscClient.SESSION_ID,
				DbscProofs.sfString(id), DbscClient.RESPONSE, DbscProofs.sfString(proof));
	}

	static String boundCookie(DbscClient client) {
		return client.cookies.value(client.sessionsBase().resolve("/"), "__Host-DBSC");
	}

	private List<Outcome> outcomes() {
		return events().stream().map(SessionDeviceBindingEvent::getOutcome).toList();
	}

	private List<SessionDeviceBindingEvent> events() {
		settle();
		return this.events.sessionEvents()
			.stream()
			.filter(SessionDeviceBindingEvent.class::isInstance)
			.map(SessionDeviceBindingEvent.class::cast)
			.toList();
	}

	static void settle() {
		InFlightRequests.awaitNone();
	}

}
