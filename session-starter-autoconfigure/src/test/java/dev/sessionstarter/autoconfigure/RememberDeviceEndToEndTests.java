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
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionRememberedDeviceEvent;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.core.token.RefreshTokens;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RedisMonitor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Remember this device" over real HTTP with a real Redis: a remembered login outlives
 * the session's absolute timeout, once per credential, and never as a fresh login; the
 * user's devices are listed and revoked in the self-service API and the actuator
 * endpoint; their events are counted and the round trips of signing in again too. The
 * store's clock is moved by the test.
 */
@SpringBootTest(
		classes = {
				EndToEndApplication.class, MovableClockConfiguration.class, RememberDeviceEndToEndTests.Metrics.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.timeout.idle=30m", "session-starter.timeout.absolute=1h",
				"session-starter.remember-device.enabled=true", "session-starter.rotation.grace=5s",
				"session-starter.self-service.enabled=true", "management.endpoints.web.exposure.include=usersessions" })
@AutoConfigureRealRedis
class RememberDeviceEndToEndTests {

	private static final Pattern DEVICE_COOKIE = Pattern.compile("__Host-Device=([^;]*)");

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RecordedEvents events;

	@Autowired
	MeterRegistry registry;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	@Test
	void aRememberedDeviceSignsInAgainAfterTheAbsoluteTimeoutButNotFreshly() {
		HttpResponse<String> login = login(true);
		String device = deviceCookie(login);
		assertThat(Http.setCookies(login)).filteredOn((cookie) -> cookie.startsWith("__Host-Device="))
			.singleElement()
			.satisfies((cookie) -> assertThat(cookie).contains("Max-Age=2592000", "Secure", "HttpOnly", "SameSite=Lax",
					"Path=/"));
		String session = Http.sessionToken(login);
		this.clock.advance(Duration.ofMinutes(61));
		assertThat(this.http.get("/me", "Cookie", Http.cookie(session)).statusCode())
			.as("the session is past its absolute deadline")
			.isEqualTo(302);

		HttpResponse<String> restored = this.http.get("/me", "Cookie",
				Http.cookie(session) + "; __Host-Device=" + device);
		assertThat(restored.statusCode()).isEqualTo(200);
		assertThat(restored.body()).contains("\"name\":\"alice\"");
		String newSession = Http.sessionToken(restored);
		assertThat(newSession).as("a new session token").isNotNull().isNotEqualTo(session);
		String next = deviceCookie(restored);
		assertThat(next).as("a new credential").isNotEqualTo(device);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(newSession)).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/sensitive/page", "Cookie", Http.cookie(newSession)).statusCode())
			.as("not a fresh login: sensitive pages ask again")
			.isEqualTo(302);
	}

	@Test
	void aLoginThatDidNotAskIsNotRemembered() {
		assertThat(Http.setCookies(login(false))).noneMatch((cookie) -> cookie.startsWith("__Host-Device="));
	}

	@Test
	void aReplayedCredentialAfterTheGraceEndsTheChainAndTheSessionsItCreated() {
		String device = deviceCookie(login(true));
		HttpResponse<String> restored = signInAgain(device, null);
		String stolenSession = Http.sessionToken(restored);
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(this.http.get("/me", "Cookie", "__Host-Device=" + device).statusCode())
			.as("a parallel tab within the grace")
			.isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(5));
		this.events.clear();

		HttpResponse<String> replay = this.http.get("/me", "Cookie", "__Host-Device=" + device);
		assertThat(replay.statusCode()).isEqualTo(302);
		assertThat(Http.setCookies(replay))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("__Host-Device=;").contains("Max-Age=0"));
		assertThat(this.http.get("/me", "Cookie", Http.cookie(stolenSession)).statusCode())
			.as("the sessions the chain created end")
			.isEqualTo(302);
		assertThat(this.events.await(3)).anySatisfy((event) -> assertThat(event)
			.isInstanceOfSatisfying(SessionReuseDetectedEvent.class, (reuse) -> assertThat(reuse.getTokenKind())
				.isEqualTo(SessionReuseDetectedEvent.TokenKind.REMEMBERED_DEVICE)));
		assertThat(this.http.get("/me", "Cookie", "__Host-Device=" + deviceCookie(restored)).statusCode())
			.as("the chain is gone")
			.isEqualTo(302);
	}

	@Test
	void aReplayAfterTheGraceAlsoEndsASessionWhoseTokenChangedSinceTheChainCreatedIt() {
		String device = deviceCookie(login(true));
		HttpResponse<String> restored = signInAgain(device, null);
		String restoredSession = Http.sessionToken(restored);
		String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(restoredSession)).body();
		HttpResponse<String> stepUp = this.http.post("/step-up", Map.of("_csrf", csrf), "Cookie",
				Http.cookie(restoredSession));
		assertThat(stepUp.statusCode()).isEqualTo(200);
		String steppedUp = Http.sessionToken(stepUp);
		assertThat(steppedUp).as("a new token at the step-up").isNotNull().isNotEqualTo(restoredSession);
		this.clock.advance(Duration.ofMinutes(2));
		String renewedLogin = Http.sessionToken(login("alice", false));
		assertThat(this.http.get("/me", "Cookie", Http.cookie(steppedUp)).statusCode()).isEqualTo(200);

		assertThat(this.http.get("/me", "Cookie", "__Host-Device=" + device).statusCode())
			.as("the used credential, replayed after the grace")
			.isEqualTo(302);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(steppedUp)).statusCode())
			.as("the session the chain created, under the token it moved to")
			.isEqualTo(302);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(renewedLogin)).statusCode())
			.as("a session that never belonged to the device")
			.isEqualTo(200);
	}

	@Test
	void aReplayAfterTheGraceEndsTheLoginThatRememberedTheDevice() {
		HttpResponse<String> login = login(true);
		String loginSession = Http.sessionToken(login);
		String device = deviceCookie(login);
		// The device signs in a second browser profile (a copied cookie, say) while the
		// login's own session is still live, then the credential it used is replayed.
		HttpResponse<String> other = this.http.get("/me", "Cookie", "__Host-Device=" + device);
		assertThat(other.statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(this.http.get("/me", "Cookie", "__Host-Device=" + device).statusCode()).isEqualTo(302);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(loginSession)).statusCode())
			.as("either holder may be the thief: the login's own session ends too")
			.isEqualTo(302);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(Http.sessionToken(other))).statusCode()).isEqualTo(302);
	}

	@Test
	void aReauthenticationThatAsksAgainKeepsTheOneDevice() {
		HttpResponse<String> login = login(true);
		String device = deviceCookie(login);
		String session = Http.sessionToken(login);
		String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(session)).body();
		HttpResponse<String> again = this.http.post("/login",
				Map.of("username", "alice", "password", "password", "_csrf", csrf, "remember-device", "on"), "Cookie",
				Http.cookie(session) + "; __Host-Device=" + device);
		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(findDeviceCookie(again)).as("no second device cookie").isNull();
		String reauthenticated = Http.sessionToken(again);
		assertThat(this.http.get("/sessions/devices", "Cookie", Http.cookie(reauthenticated)).body())
			.as("one device, this one")
			.containsOnlyOnce("\"reference\"")
			.contains("\"reference\":\"" + RememberedDevices.reference(device) + "\"", "\"current\":true");
		this.clock.advance(Duration.ofMinutes(61));
		assertThat(this.http.get("/me", "Cookie", "__Host-Device=" + device).statusCode())
			.as("the device still signs in")
			.isEqualTo(200);
	}

	@Test
	void logoutForgetsTheDeviceOnThatBrowser() {
		HttpResponse<String> login = login(true);
		String device = deviceCookie(login);
		String session = Http.sessionToken(login);
		String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(session)).body();
		HttpResponse<String> logout = this.http.post("/logout", Map.of("_csrf", csrf), "Cookie",
				Http.cookie(session) + "; __Host-Device=" + device);
		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(Http.setCookies(logout))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("__Host-Device=;").contains("Max-Age=0"));
		assertThat(this.http.get("/me", "Cookie", "__Host-Device=" + device).statusCode()).isEqualTo(302);
	}

	@Test
	void aPasswordChangeEndsRememberedDevices() {
		HttpResponse<String> login = login(true);
		String device = deviceCookie(login);
		String session = Http.sessionToken(login);
		String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(session)).body();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.http.post("/password", Map.of("_csrf", csrf), "Cookie", Http.cookie(session)).statusCode())
			.isEqualTo(200);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.http.get("/me", "Cookie", "__Host-Device=" + device).statusCode()).isEqualTo(302);
	}

	@Test
	void theUsersDevicesAreListedWithTheirDeviceInfoByAReferenceAndNeverByTheirCredential() {
		this.clock.advance(Duration.ofMillis(1));
		long rememberedAt = this.clock.millis();
		HttpResponse<String> login = login("alice", true);
		String device = deviceCookie(login);
		String session = Http.sessionToken(login);
		String reference = RememberedDevices.reference(device);
		String chainId = RefreshTokens.familyOf(device);
		login("bob", true);

		HttpResponse<String> devices = this.http.get("/sessions/devices", "Cookie", Http.cookie(session));
		assertThat(devices.statusCode()).isEqualTo(200);
		assertThat(devices.body()).as("one device: alice's")
			.containsOnlyOnce("\"reference\"")
			.contains("\"reference\":\"" + reference + "\"", "\"userAgent\":\"Firefox 128 on Linux\"",
					"\"created\":\"" + Instant.ofEpochMilli(rememberedAt) + "\"",
					"\"absoluteDeadline\":\"" + Instant.ofEpochMilli(rememberedAt).plus(Duration.ofDays(30)) + "\"",
					"\"lastUsed\":null", "\"clientIp\":\"127.0.0.1\"", "\"current\":true")
			.doesNotContain(chainId, device.substring(chainId.length() + 1), RefreshTokens.hash(device));
		assertThat(this.http.get("/sessions", "Cookie", Http.cookie(session)).body())
			.as("the login's session belongs to the device")
			.contains("\"rememberedDevice\":\"" + reference + "\"")
			.doesNotContain(chainId);

		String root = Http.sessionToken(login("root", false));
		HttpResponse<String> listed = this.http.get("/actuator/usersessions/alice/devices", "Cookie",
				Http.cookie(root));
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains(reference, "\"current\":false").doesNotContain(chainId);
		String phone = Http.sessionToken(login("alice", false));
		assertThat(this.http.get("/sessions/devices", "Cookie", Http.cookie(phone)).body())
			.as("listed from a session that is not the device's")
			.contains(reference, "\"current\":false")
			.doesNotContain("\"current\":true");
		assertThat(this.http.get("/actuator/usersessions/alice/other", "Cookie", Http.cookie(root)).statusCode())
			.isEqualTo(404);
	}

	@Test
	void revokingADeviceEndsTheLoginThatRememberedItAndItsCredentialButNothingElse() {
		HttpResponse<String> laptop = login("alice", true);
		String device = deviceCookie(laptop);
		String laptopSession = Http.sessionToken(laptop);
		CookieSessionEndToEndTests.Session phone = CookieSessionEndToEndTests.Session.start(this.http)
			.login("alice", "password");
		CookieSessionEndToEndTests.Session bob = CookieSessionEndToEndTests.Session.start(this.http)
			.login("bob", "password");
		String reference = RememberedDevices.reference(device);

		assertThat(
				this.http.delete("/sessions/" + reference, "Cookie", Http.cookie(bob.token), "X-CSRF-TOKEN", bob.csrf)
					.statusCode())
			.as("not bob's device")
			.isEqualTo(403);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(laptopSession)).statusCode()).isEqualTo(200);
		HttpResponse<String> revoke = this.http.delete("/sessions/" + reference, "Cookie", Http.cookie(phone.token),
				"X-CSRF-TOKEN", phone.csrf);
		assertThat(revoke.statusCode()).isEqualTo(204);

		assertThat(this.http.get("/me", "Cookie", Http.cookie(laptopSession)).statusCode())
			.as("the login that remembered the device ends")
			.isEqualTo(302);
		HttpResponse<String> withCredential = this.http.get("/me", "Cookie", "__Host-Device=" + device);
		assertThat(withCredential.statusCode()).as("the credential no longer signs in").isEqualTo(302);
		assertThat(Http.setCookies(withCredential))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("__Host-Device=;").contains("Max-Age=0"));
		assertThat(this.http.get("/me", "Cookie", Http.cookie(phone.token)).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(bob.token)).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/sessions/devices", "Cookie", Http.cookie(phone.token)).body()).isEqualTo("[]");
		assertThat(this.http
			.delete("/sessions/" + reference, "Cookie", Http.cookie(phone.token), "X-CSRF-TOKEN", phone.csrf)
			.statusCode()).as("once").isEqualTo(403);
	}

	@Test
	void anOperatorRevokingADeviceEndsTheSessionsItSignedIn() {
		String device = deviceCookie(login("alice", true));
		HttpResponse<String> restored = signInAgain(device, null);
		String restoredSession = Http.sessionToken(restored);
		String next = deviceCookie(restored);
		String reference = RememberedDevices.reference(device);
		assertThat(RememberedDevices.reference(next)).as("the same device").isEqualTo(reference);
		assertThat(this.http.get("/sessions", "Cookie", Http.cookie(restoredSession)).body())
			.contains("\"rememberedDevice\":\"" + reference + "\"");
		assertThat(this.http.get("/sessions/devices", "Cookie", Http.cookie(restoredSession)).body())
			.contains("\"lastUsed\":\"" + Instant.ofEpochMilli(this.clock.millis()) + "\"");
		CookieSessionEndToEndTests.Session root = CookieSessionEndToEndTests.Session.start(this.http)
			.login("root", "password");
		this.events.clear();

		HttpResponse<String> revoke = this.http.delete("/actuator/usersessions/alice/" + reference, "Cookie",
				Http.cookie(root.token), "X-CSRF-TOKEN", root.csrf);
		assertThat(revoke.statusCode()).isEqualTo(200);
		assertThat(revoke.body()).isEqualTo("true");
		assertThat(this.http.get("/me", "Cookie", Http.cookie(restoredSession)).statusCode()).isEqualTo(302);
		assertThat(this.http.get("/me", "Cookie", "__Host-Device=" + next).statusCode()).isEqualTo(302);
		assertThat(this.events.sessionEvents()).filteredOn(SessionRevokedEvent.class::isInstance)
			.map(SessionRevokedEvent.class::cast)
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.getReason()).isEqualTo(SessionRevokedEvent.Reason.ADMINISTRATOR);
				assertThat(event.getRevokedBy()).isEqualTo("root");
				assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(restoredSession));
			});
		assertThat(this.events.sessionEvents()).filteredOn(SessionRememberedDeviceEvent.class::isInstance)
			.map(SessionRememberedDeviceEvent.class::cast)
			.singleElement()
			.satisfies((event) -> assertThat(event.getOutcome())
				.isEqualTo(SessionRememberedDeviceEvent.Outcome.FORGOTTEN));
	}

	@Test
	void aPasswordChangeAndSigningOutEverywhereTakeTheDevicesOffTheList() {
		HttpResponse<String> first = login("alice", true);
		login("alice", true);
		String session = Http.sessionToken(first);
		assertThat(this.http.get("/sessions/devices", "Cookie", Http.cookie(session)).body().split("\"reference\"", -1))
			.as("two devices")
			.hasSize(3);
		String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(session)).body();
		this.clock.advance(Duration.ofMillis(1));
		HttpResponse<String> change = this.http.post("/password", Map.of("_csrf", csrf), "Cookie",
				Http.cookie(session));
		assertThat(change.statusCode()).isEqualTo(200);
		String renewed = Http.sessionToken(change);
		assertThat(this.http.get("/sessions/devices", "Cookie", Http.cookie(renewed)).body())
			.as("after a password change")
			.isEqualTo("[]");

		this.clock.advance(Duration.ofMillis(1));
		HttpResponse<String> again = login("alice", true);
		String current = Http.sessionToken(again);
		assertThat(this.http.get("/sessions/devices", "Cookie", Http.cookie(current)).body())
			.contains(RememberedDevices.reference(deviceCookie(again)));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.http
			.delete("/sessions?scope=all", "Cookie", Http.cookie(current), "X-CSRF-TOKEN",
					this.http.get("/public/csrf", "Cookie", Http.cookie(current)).body())
			.statusCode()).isEqualTo(204);
		String later = Http.sessionToken(login("alice", false));
		assertThat(this.http.get("/sessions/devices", "Cookie", Http.cookie(later)).body())
			.as("after signing out everywhere")
			.isEqualTo("[]");
	}

	@Test
	void theEventsOfARememberedDeviceAreCountedByType() {
		Map<String, Double> before = counters();
		assertThat(before).containsKeys("device-remembered", "device-signed-in", "device-forgotten");
		this.events.clear();
		String device = deviceCookie(login("alice", true));
		HttpResponse<String> restored = signInAgain(device, null);
		String session = Http.sessionToken(restored);
		String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(session)).body();
		this.http.post("/logout", Map.of("_csrf", csrf), "Cookie",
				Http.cookie(session) + "; __Host-Device=" + deviceCookie(restored));

		// created, rotated, device-remembered, authenticated (login); device-signed-in,
		// created, authenticated (signed in again); device-forgotten, logged-out
		Map<String, Long> recorded = this.events.await(9)
			.stream()
			.collect(Collectors.groupingBy(SessionEvent::getType, Collectors.counting()));
		assertThat(recorded).containsExactlyInAnyOrderEntriesOf(Map.of("created", 2L, "rotated", 1L, "authenticated",
				2L, "device-remembered", 1L, "device-signed-in", 1L, "device-forgotten", 1L, "logged-out", 1L));
		Map<String, Long> counted = new HashMap<>();
		counters().forEach((type, value) -> {
			long delta = (long) (value - before.getOrDefault(type, 0.0));
			if (delta != 0) {
				counted.put(type, delta);
			}
		});
		assertThat(counted).isEqualTo(recorded);
	}

	@Test
	void aReplayAfterTheGraceIsCountedAsReuseAndItsSessionsAsRevoked() {
		String device = deviceCookie(login("alice", true));
		this.clock.advance(Duration.ofMinutes(61));
		this.http.get("/me", "Cookie", "__Host-Device=" + device);
		this.clock.advance(Duration.ofSeconds(6));
		Map<String, Double> before = counters();
		this.http.get("/me", "Cookie", "__Host-Device=" + device);
		CookieSessionEndToEndTests.settle();
		Map<String, Double> after = counters();
		assertThat(after.get("reuse-detected") - before.get("reuse-detected")).isEqualTo(1.0);
		assertThat(after.get("revoked") - before.get("revoked")).isEqualTo(1.0);
		assertThat(after.get("device-signed-in")).isEqualTo(before.get("device-signed-in"));
	}

	// uncached: counts the round trips without a near cache. Standalone only: in a
	// Cluster the new session's index entry is a command of its own, by design.
	@Tag("uncached")
	@Tag("standalone-only")
	@Test
	void signingInAgainThroughARememberedDeviceCostsThreeRoundTrips(RealRedis redis) {
		// Once before counting, so that every script is cached (a first call sends it).
		signInAgain(deviceCookie(login("alice", true)), null);
		CookieSessionEndToEndTests.Session visitor = CookieSessionEndToEndTests.Session.start(this.http);
		CookieSessionEndToEndTests.settle();
		Map<String, Long> before = redis.commandStats();
		HttpResponse<String> login;
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			login = this.http.post("/login",
					Map.of("username", "alice", "password", "password", "_csrf", visitor.csrf, "remember-device", "on"),
					"Cookie", Http.cookie(visitor.token));
			assertThat(login.statusCode()).isEqualTo(302);
			CookieSessionEndToEndTests.settle();
			assertThat(monitor.roundTrips())
				.as("login: load + change-id, then the device index (ZADD and PEXPIREAT in one pipeline) "
						+ "+ device-remember")
				.isEqualTo(Map.of("evalsha", 3L, "zadd", 1L, "pexpireat", 1L));
		}
		assertThat(redis.commandStatsDelta(before)).containsEntry("evalsha", 3L).doesNotContainKey("eval");
		String device = deviceCookie(login);

		before = redis.commandStats();
		HttpResponse<String> restored = signInAgain(device, null);
		assertThat(redis.commandStatsDelta(before)).as("every command Redis ran, scripts' included")
			.isEqualTo(Map.of("evalsha", 3L, "exists", 1L, "get", 1L, "hdel", 1L, "hget", 1L, "hgetall", 1L, "hmget",
					2L, "hset", 6L, "pexpireat", 1L, "zadd", 1L));
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			restored = signInAgain(deviceCookie(restored), null);
			assertThat(monitor.roundTrips()).as("device-use + tokens-revoked + create")
				.isEqualTo(Map.of("evalsha", 3L));
		}
		String expired = Http.sessionToken(restored);
		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			signInAgain(deviceCookie(restored), expired);
			assertThat(monitor.roundTrips()).as("with the expired session's cookie: one more, the load that ends it")
				.isEqualTo(Map.of("evalsha", 4L));
		}
	}

	/**
	 * A request past the session's absolute deadline, with the device's credential and
	 * optionally the old session's cookie, that gets signed in again.
	 */
	private HttpResponse<String> signInAgain(String device, @Nullable String session) {
		this.clock.advance(Duration.ofMinutes(61));
		String cookies = ((session != null) ? Http.cookie(session) + "; " : "") + "__Host-Device=" + device;
		HttpResponse<String> response = this.http.get("/me", "Cookie", cookies);
		assertThat(response.statusCode()).isEqualTo(200);
		CookieSessionEndToEndTests.settle();
		return response;
	}

	private Map<String, Double> counters() {
		return this.registry.find(SessionEventMetrics.EVENTS)
			.counters()
			.stream()
			.collect(Collectors.toMap((counter) -> counter.getId().getTag("type"), Counter::count));
	}

	private HttpResponse<String> login(boolean remember) {
		return login("alice", remember);
	}

	private HttpResponse<String> login(String username, boolean remember) {
		CookieSessionEndToEndTests.Session visitor = CookieSessionEndToEndTests.Session.start(this.http);
		Map<String, String> form = remember
				? Map.of("username", username, "password", "password", "_csrf", visitor.csrf, "remember-device", "on")
				: Map.of("username", username, "password", "password", "_csrf", visitor.csrf);
		HttpResponse<String> response = this.http.post("/login", form, "Cookie", Http.cookie(visitor.token),
				"User-Agent", SessionEventsEndToEndTests.FIREFOX);
		assertThat(response.statusCode()).isEqualTo(302);
		return response;
	}

	private static String deviceCookie(HttpResponse<String> response) {
		String found = findDeviceCookie(response);
		assertThat(found).as("a device cookie in %s", Http.setCookies(response)).isNotNull();
		return found;
	}

	private static @Nullable String findDeviceCookie(HttpResponse<String> response) {
		for (String header : Http.setCookies(response)) {
			Matcher matcher = DEVICE_COOKIE.matcher(header);
			if (matcher.find() && !matcher.group(1).isEmpty()) {
				return matcher.group(1);
			}
		}
		return null;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Metrics {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
