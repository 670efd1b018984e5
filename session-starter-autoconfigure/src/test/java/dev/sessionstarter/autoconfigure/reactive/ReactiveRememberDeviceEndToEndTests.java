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
package dev.sessionstarter.autoconfigure.reactive;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionstarter.autoconfigure.MovableClockConfiguration;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.test.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.cookie;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.setCookies;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Remember this device" on a reactive application, the reactive mirror of the servlet
 * {@code RememberDeviceEndToEndTests}, over real HTTP with a real Redis: a remembered
 * login outlives the session's absolute timeout, once per credential and never as a fresh
 * login; a replay after the grace ends the chain and its sessions; a re-authentication
 * keeps the one device; a logout forgets it. The store's clock is moved by the test.
 */
@ReactiveEndToEndTest
@Import({ MovableClockConfiguration.class, RecordedEvents.class })
@TestPropertySource(properties = { "session-starter.timeout.idle=30m", "session-starter.timeout.absolute=1h",
		"session-starter.remember-device.enabled=true", "session-starter.rotation.grace=5s" })
class ReactiveRememberDeviceEndToEndTests {

	private static final Pattern DEVICE_COOKIE = Pattern.compile("__Host-Device=([^;]*)");

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RecordedEvents events;

	WebClientHttp http;

	@BeforeEach
	void setUp() {
		this.http = new WebClientHttp(this.port);
		MovableClockConfiguration.runAheadOfRealTime(this.clock);
	}

	@Test
	void aRememberedDeviceSignsInAgainAfterTheAbsoluteTimeoutButNotFreshly() {
		EntityExchangeResult<String> login = login(BrowserSession.start(this.http), "alice", true);
		String device = deviceCookie(login);
		assertThat(setCookies(login)).filteredOn((cookie) -> cookie.startsWith("__Host-Device="))
			.singleElement()
			.satisfies((cookie) -> assertThat(cookie).contains("Max-Age=2592000", "Secure", "HttpOnly", "SameSite=Lax",
					"Path=/"));
		String session = WebClientHttp.sessionToken(login);
		this.clock.advance(Duration.ofMinutes(61));
		assertThat(status(this.http.get("/me", "Cookie", cookie(String.valueOf(session)))))
			.as("the session is past its absolute deadline")
			.isEqualTo(302);

		EntityExchangeResult<String> restored = this.http.get("/me", "Cookie",
				cookie(String.valueOf(session)) + "; __Host-Device=" + device);
		assertThat(status(restored)).isEqualTo(200);
		assertThat(restored.getResponseBody()).contains("\"name\":\"alice\"");
		String newSession = WebClientHttp.sessionToken(restored);
		assertThat(newSession).as("a new session token").isNotNull().isNotEqualTo(session);
		String next = deviceCookie(restored);
		assertThat(next).as("a new credential").isNotEqualTo(device);
		assertThat(status(this.http.get("/me", "Cookie", cookie(String.valueOf(newSession))))).isEqualTo(200);
		assertThat(status(
				this.http.get("/sensitive/page", "Cookie", cookie(String.valueOf(newSession)), "Accept", "text/html")))
			.as("not a fresh login: sensitive pages ask again")
			.isEqualTo(302);
	}

	@Test
	void aLoginThatDidNotAskIsNotRemembered() {
		assertThat(setCookies(login(BrowserSession.start(this.http), "alice", false)))
			.noneMatch((cookie) -> cookie.startsWith("__Host-Device="));
	}

	@Test
	void aReplayedCredentialAfterTheGraceEndsTheChainAndTheSessionsItCreated() {
		String device = deviceCookie(login(BrowserSession.start(this.http), "alice", true));
		EntityExchangeResult<String> restored = this.http.get("/me", "Cookie", "__Host-Device=" + device);
		assertThat(status(restored)).isEqualTo(200);
		String stolenSession = String.valueOf(WebClientHttp.sessionToken(restored));
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(status(this.http.get("/me", "Cookie", "__Host-Device=" + device)))
			.as("a parallel tab within the grace")
			.isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(5));
		this.events.clear();

		EntityExchangeResult<String> replay = this.http.get("/me", "Cookie", "__Host-Device=" + device);
		assertThat(status(replay)).isEqualTo(302);
		assertThat(setCookies(replay))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("__Host-Device=;").contains("Max-Age=0"));
		assertThat(status(this.http.get("/me", "Cookie", cookie(stolenSession))))
			.as("the sessions the chain created end")
			.isEqualTo(302);
		assertThat(this.events.await(3)).anySatisfy((event) -> assertThat(event)
			.isInstanceOfSatisfying(SessionReuseDetectedEvent.class, (reuse) -> assertThat(reuse.getTokenKind())
				.isEqualTo(SessionReuseDetectedEvent.TokenKind.REMEMBERED_DEVICE)));
	}

	@Test
	void aReauthenticationThatAsksAgainKeepsTheOneDevice() {
		BrowserSession start = BrowserSession.start(this.http);
		EntityExchangeResult<String> first = login(start, "alice", true);
		String device = deviceCookie(first);
		BrowserSession alice = BrowserSession.of(this.http, String.valueOf(WebClientHttp.sessionToken(first)));
		EntityExchangeResult<String> again = this.http.post("/login",
				Map.of("username", "alice", "password", "password", "_csrf", alice.csrf, "remember-device", "on"),
				"Cookie", cookie(alice.token) + "; __Host-Device=" + device);
		assertThat(status(again)).isEqualTo(302);
		assertThat(setCookies(again)).as("no second device for this browser")
			.noneMatch((cookie) -> cookie.startsWith("__Host-Device="));
		String token = String.valueOf(WebClientHttp.sessionToken(again));
		assertThat(this.http.get("/sessions/devices", "Cookie", cookie(token)).getResponseBody())
			.as("one device, this one")
			.containsOnlyOnce("\"reference\"")
			.contains("\"reference\":\"" + RememberedDevices.reference(device) + "\"", "\"current\":true");
		this.clock.advance(Duration.ofMinutes(61));
		assertThat(status(this.http.get("/me", "Cookie", "__Host-Device=" + device)))
			.as("the first device's credential still signs in")
			.isEqualTo(200);
	}

	@Test
	void logoutForgetsTheDeviceOnThatBrowser() {
		EntityExchangeResult<String> login = login(BrowserSession.start(this.http), "alice", true);
		String device = deviceCookie(login);
		BrowserSession alice = BrowserSession.of(this.http, String.valueOf(WebClientHttp.sessionToken(login)));
		EntityExchangeResult<String> logout = this.http.post("/logout", Map.of("_csrf", alice.csrf), "Cookie",
				cookie(alice.token) + "; __Host-Device=" + device);
		assertThat(status(logout)).isEqualTo(302);
		assertThat(setCookies(logout))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("__Host-Device=;").contains("Max-Age=0"));
		EntityExchangeResult<String> after = this.http.get("/me", "Cookie", "__Host-Device=" + device);
		assertThat(status(after)).as("the forgotten device signs nobody in").isEqualTo(302);
	}

	private EntityExchangeResult<String> login(BrowserSession session, String username, boolean remember) {
		Map<String, String> form = new java.util.HashMap<>(
				Map.of("username", username, "password", "password", "_csrf", session.csrf));
		if (remember) {
			form.put("remember-device", "on");
		}
		EntityExchangeResult<String> response = this.http.post("/login", form, "Cookie", cookie(session.token));
		assertThat(status(response)).as("login answers with a redirect").isEqualTo(302);
		return response;
	}

	private static String deviceCookie(EntityExchangeResult<String> response) {
		for (String header : setCookies(response)) {
			Matcher matcher = DEVICE_COOKIE.matcher(header);
			if (matcher.find() && !matcher.group(1).isEmpty()) {
				return matcher.group(1);
			}
		}
		throw new AssertionError("no device cookie in " + setCookies(response));
	}

}
