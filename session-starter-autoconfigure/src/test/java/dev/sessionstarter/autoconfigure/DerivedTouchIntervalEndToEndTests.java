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
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisConfiguration;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that sets only the idle (and absolute) timeout starts, whatever the idle
 * timeout, and its sessions end on time: the touch interval it never set follows the idle
 * timeout.
 */
// standalone-only: the derivation and the deadlines are the same whatever the topology,
// and each case starts an application of its own.
@Tag("standalone-only")
@RealRedisTest
class DerivedTouchIntervalEndToEndTests {

	@ParameterizedTest(name = "idle {0}")
	@CsvSource({ "1s, 100ms", "10s, 1s", "60s, 6s", "30m, 1m" })
	void startsWithOnlyAnIdleTimeoutAndEndsSessionsOnTime(String idle, String touch) {
		Duration idleTimeout = DurationStyle.detectAndParse(idle);
		try (ConfigurableApplicationContext context = start(idle, true)) {
			RedisSessionStore store = context.getBean(RedisSessionStore.class);
			assertThat(store.getTimeouts().touchInterval()).isEqualTo(DurationStyle.detectAndParse(touch));
			MovableClock clock = context.getBean(MovableClock.class);
			// A 1 s idle timeout would otherwise race a loaded machine.
			MovableClockConfiguration.runAheadOfRealTime(clock);
			Http http = new Http(port(context));
			String token = CookieSessionEndToEndTests.Session.start(http).login("alice", "password").token;
			clock.advance(idleTimeout.minusMillis(1));
			assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).as("just inside the idle timeout")
				.isEqualTo(200);
			clock.advance(idleTimeout);
			assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode())
				.as("idle timeout since the last request")
				.isEqualTo(302);
		}
	}

	@Test
	void oneSecondIdleTimeoutEndsTheSessionInRealTime(RealRedis redis) throws InterruptedException {
		try (ConfigurableApplicationContext context = start("1s", false)) {
			Http http = new Http(port(context));
			String token = CookieSessionEndToEndTests.Session.start(http).login("alice", "password").token;
			// Requests 200 ms apart keep it alive well past one idle timeout: each one is
			// later than the derived 100 ms touch interval, so each records its access.
			for (int i = 0; i < 8; i++) {
				Thread.sleep(200);
				assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).as("active").isEqualTo(200);
			}
			Thread.sleep(1500);
			String key = "session-starter:s:{" + SessionTokens.storageId(token) + "}";
			assertThat(redis.command("EXISTS", key)).as("Redis let the key expire").isEqualToIgnoringWhitespace("0");
			assertThat(http.get("/me", "Cookie", Http.cookie(token)).statusCode()).isEqualTo(302);
		}
	}

	private static ConfigurableApplicationContext start(String idle, boolean movableClock) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(EndToEndApplication.class,
				RealRedisConfiguration.class);
		if (movableClock) {
			builder.sources(MovableClockConfiguration.class);
		}
		return builder
			.properties("server.port=0", "spring.main.banner-mode=off", "session-starter.timeout.idle=" + idle)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
