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

import dev.sessionstarter.autoconfigure.MovableClockConfiguration;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.ReactiveCookieSessionEndToEndTests.key;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.setCookies;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle and absolute timeouts on a reactive application are the store's, enforced by the
 * load script with the store's clock: crossing a deadline (by moving the clock) ends the
 * session in Redis and clears the cookie.
 */
@ReactiveEndToEndTest
@Import(MovableClockConfiguration.class)
class ReactiveTimeoutEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Test
	void idleSessionEndsAfterTheIdleTimeoutAndActivityKeepsItAlive(RealRedis redis) {
		WebClientHttp http = new WebClientHttp(this.port);
		BrowserSession user = BrowserSession.start(http).login("alice", "password");
		this.clock.advance(Duration.ofMinutes(20));
		assertThat(status(user.get("/me"))).as("used within the idle timeout").isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(20));
		assertThat(status(user.get("/me"))).as("20 minutes after its last use").isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(31));
		EntityExchangeResult<String> idle = user.get("/me");
		assertThat(status(idle)).as("31 minutes after its last use").isEqualTo(302);
		assertThat(setCookies(idle)).singleElement().asString().matches(ReactiveCookieSessionEndToEndTests.CLEARED);
		assertThat(redis.command("EXISTS", key(user.token)).trim()).isEqualTo("0");
	}

	@Test
	void activeSessionEndsAtTheAbsoluteDeadline() {
		WebClientHttp http = new WebClientHttp(this.port);
		BrowserSession user = BrowserSession.start(http).login("alice", "password");
		for (int i = 0; i < 16; i++) {
			this.clock.advance(Duration.ofMinutes(29));
			assertThat(status(user.get("/me"))).as("after %d minutes", (i + 1) * 29).isEqualTo(200);
		}
		this.clock.advance(Duration.ofMinutes(29));
		assertThat(status(user.get("/me"))).as("after 8 h 13 min, though used every 29 minutes").isEqualTo(302);
	}

}
