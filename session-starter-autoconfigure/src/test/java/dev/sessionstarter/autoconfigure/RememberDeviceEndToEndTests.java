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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.MovableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Remember this device" over real HTTP with a real Redis: a remembered login outlives
 * the session's absolute timeout, once per credential, and never as a fresh login. The
 * store's clock is moved by the test.
 */
@SpringBootTest(classes = { EndToEndApplication.class, MovableClockConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.timeout.idle=30m", "session-starter.timeout.absolute=1h",
				"session-starter.remember-device.enabled=true", "session-starter.rotation.grace=5s" })
@AutoConfigureRealRedis
class RememberDeviceEndToEndTests {

	private static final Pattern DEVICE_COOKIE = Pattern.compile("__Host-Device=([^;]*)");

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RecordedEvents events;

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
		this.clock.advance(Duration.ofMinutes(61));
		HttpResponse<String> restored = this.http.get("/me", "Cookie", "__Host-Device=" + device);
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

	private HttpResponse<String> login(boolean remember) {
		CookieSessionEndToEndTests.Session visitor = CookieSessionEndToEndTests.Session.start(this.http);
		Map<String, String> form = remember
				? Map.of("username", "alice", "password", "password", "_csrf", visitor.csrf, "remember-device", "on")
				: Map.of("username", "alice", "password", "password", "_csrf", visitor.csrf);
		HttpResponse<String> response = this.http.post("/login", form, "Cookie", Http.cookie(visitor.token));
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

}
