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
import java.time.Instant;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.timeout.idle=2s", "session-starter.timeout.absolute=5s",
				"session-starter.timeout.touch-interval=0s" })
@AutoConfigureRealRedis
class TimeoutEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void idleSessionEndsOnTheServer() throws InterruptedException {
		Http http = new Http(this.port);
		String token = CookieSessionEndToEndTests.Session.start(http).login("alice", "password").token;
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).isEqualTo(200);
		Thread.sleep(2600);
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).isEqualTo(302);
	}

	@Test
	void activeSessionEndsAtTheAbsoluteDeadline() throws InterruptedException {
		Http http = new Http(this.port);
		Instant start = Instant.now();
		String token = CookieSessionEndToEndTests.Session.start(http).login("alice", "password").token;
		while (Duration.between(start, Instant.now()).toMillis() < 4000) {
			assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).isEqualTo(200);
			Thread.sleep(400);
		}
		Thread.sleep(1500);
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).isEqualTo(302);
	}

}
