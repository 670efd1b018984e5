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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Periodic rotation of cookie sessions over real HTTP with a real Redis. The store's
 * clock is moved by the test, so crossing the interval and the grace period needs no
 * sleeping.
 */
@SpringBootTest(
		classes = { EndToEndApplication.class, RotationEndToEndTests.Config.class, MovableClockConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.rotation.interval=10m", "session-starter.rotation.grace=5s" })
@AutoConfigureRealRedis
public class RotationEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	Config config;

	@BeforeEach
	void clearEvents() {
		this.config.events.clear();
	}

	@Test
	void oldCookieWorksWithinGraceAndItsReplayAfterwardsRevokesTheSession() {
		Http http = new Http(this.port);
		String first = CookieSessionEndToEndTests.Session.start(http).login("alice", "password").token;
		this.clock.advance(Duration.ofMinutes(10));
		this.config.events.clear();
		HttpResponse<String> rotating = http.get("/me", "Cookie", Http.cookie(first));
		assertThat(rotating.statusCode()).isEqualTo(200);
		String second = Http.sessionToken(rotating);
		assertThat(second).as("a new cookie after the interval").isNotNull().isNotEqualTo(first);
		assertThat(Http.setCookies(rotating)).singleElement()
			// Attribute names are case-insensitive (RFC 6265); Reactor Netty writes
			// "HTTPOnly".
			.satisfies((cookie) -> assertThat(cookie.toLowerCase(java.util.Locale.ROOT)).contains("secure", "httponly",
					"samesite=lax", "path=/"));

		assertThat(this.config.events).singleElement().isInstanceOfSatisfying(SessionRotatedEvent.class, (event) -> {
			assertThat(event.getReason()).isEqualTo(SessionRotatedEvent.Reason.INTERVAL);
			assertThat(event.getPreviousSessionId()).isEqualTo(SessionTokens.storageId(first));
			assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(second));
			assertThat(event.getPrincipal()).isEqualTo("alice");
		});
		this.config.events.clear();
		HttpResponse<String> inFlight = http.get("/me", "Cookie", Http.cookie(first));
		assertThat(inFlight.statusCode()).as("the previous cookie within the grace period").isEqualTo(200);
		assertThat(inFlight.body()).contains("alice");
		assertThat(Http.sessionToken(inFlight)).as("no cookie for a request within the grace period").isNull();
		assertThat(http.get("/me", "Cookie", Http.cookie(second)).statusCode()).isEqualTo(200);

		assertThat(this.config.events).as("requests within the grace period").isEmpty();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(http.get("/me", "Cookie", Http.cookie(first)).statusCode())
			.as("the previous cookie after the grace period is treated like any dead session")
			.isEqualTo(302);
		assertThat(http.get("/me", "Cookie", Http.cookie(second)).statusCode()).as("the session was revoked")
			.isEqualTo(302);
		assertThat(this.config.events).extracting(SessionEvent::getClass)
			.containsExactly(SessionReuseDetectedEvent.class, SessionRevokedEvent.class);
		assertThat(this.config.events.get(0).getSessionId()).isEqualTo(SessionTokens.storageId(first));
		assertThat(this.config.events.get(1)).isInstanceOfSatisfying(SessionRevokedEvent.class, (event) -> {
			assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(second));
			assertThat(event.getReason()).isEqualTo(SessionRevokedEvent.Reason.REUSE_DETECTED);
			assertThat(event.getPrincipal()).isEqualTo("alice");
		});
	}

	@Test
	void rotationsNeverMoveTheAbsoluteDeadline() {
		Http http = new Http(this.port);
		String token = CookieSessionEndToEndTests.Session.start(http).login("alice", "password").token;
		int rotations = 0;
		// 8 h absolute, 10 m interval: 47 rotations, the 48th request is past the
		// deadline.
		for (int i = 0; i < 48; i++) {
			this.clock.advance(Duration.ofMinutes(10));
			HttpResponse<String> response = http.get("/me", "Cookie", Http.cookie(token));
			if (response.statusCode() != 200) {
				break;
			}
			String next = Http.sessionToken(response);
			if (next != null) {
				token = next;
				rotations++;
			}
		}
		assertThat(rotations).as("rotations before the absolute deadline").isEqualTo(47);
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).isEqualTo(302);
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {

		final List<SessionEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onSessionEvent(SessionEvent event) {
			this.events.add(event);
		}

	}

}
