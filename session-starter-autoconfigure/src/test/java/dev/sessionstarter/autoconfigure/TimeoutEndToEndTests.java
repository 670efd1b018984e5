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

import java.time.Duration;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle and absolute timeouts end sessions on the server, over real HTTP. The store's
 * clock is moved instead of sleeping; that Redis itself expires the key in real time is
 * proven by {@code SessionTimeoutTests} and {@link DerivedTouchIntervalEndToEndTests}.
 */
@SpringBootTest(classes = { EndToEndApplication.class, MovableClockConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.timeout.idle=2s", "session-starter.timeout.absolute=5s",
				"session-starter.timeout.touch-interval=0s" })
@AutoConfigureRealRedis
class TimeoutEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@BeforeEach
	void aheadOfRealTime() {
		MovableClockConfiguration.runAheadOfRealTime(this.clock);
	}

	@Test
	void idleSessionEndsOnTheServer() {
		Http http = new Http(this.port);
		String token = CookieSessionEndToEndTests.Session.start(http).login("alice", "password").token;
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMillis(1999));
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).as("1 ms before the idle deadline")
			.isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).as("idle for 2 s").isEqualTo(302);
	}

	@Test
	void activeSessionEndsAtTheAbsoluteDeadline() {
		Http http = new Http(this.port);
		// The clock stands still between moves: the session is created at this instant.
		String token = CookieSessionEndToEndTests.Session.start(http).login("alice", "password").token;
		for (int elapsed = 400; elapsed < 5000; elapsed += 400) {
			this.clock.advance(Duration.ofMillis(400));
			assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).as("active at %d ms", elapsed)
				.isEqualTo(200);
		}
		this.clock.advance(Duration.ofMillis(199));
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).as("1 ms before the absolute deadline")
			.isEqualTo(200);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).as("at the absolute deadline")
			.isEqualTo(302);
	}

}
