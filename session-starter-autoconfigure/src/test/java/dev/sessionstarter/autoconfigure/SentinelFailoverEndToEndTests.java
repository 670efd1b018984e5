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

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedisSentinel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions survive a Sentinel failover: the application connects through Boot's
 * {@code spring.data.redis.sentinel.*} properties to one primary, one replica and three
 * sentinels (real processes); the primary is killed; once the sentinels have promoted the
 * replica, sessions written before the failover still load, with the same owner, and new
 * logins work, without restarting the application.
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
// Starts its own Sentinel deployment (the topology is its subject), so the cluster run
// leaves it out.
@Tag("own-redis")
class SentinelFailoverEndToEndTests {

	private static final RealRedisSentinel sentinel = RealRedisSentinel.start();

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.sentinel.master", () -> RealRedisSentinel.MASTER_NAME);
		registry.add("spring.data.redis.sentinel.nodes", () -> String.join(",", sentinel.sentinelNodes()));
	}

	@AfterAll
	static void stopRedis() {
		sentinel.stop();
	}

	@Value("${local.server.port}")
	int port;

	@Test
	void sessionsWrittenBeforeAFailoverStillLoadAndNewLoginsWorkAfterIt() throws Exception {
		Http http = new Http(this.port);
		String alice = Session.start(http).login("alice", "password").token;
		String bob = Session.start(http).login("bob", "password").token;
		assertThat(me(http, alice).body()).contains("\"name\":\"alice\"");
		String key = "session-starter:s:{" + SessionTokens.storageId(alice) + "}";
		assertThat(sentinel.command(sentinel.primaryPort(), "EXISTS", key)).isEqualTo("1");
		sentinel.awaitReplicated();

		sentinel.killPrimary();
		int newPrimary = sentinel.awaitFailover();
		assertThat(sentinel.command(newPrimary, "EXISTS", key)).as("replicated before the failover").isEqualTo("1");

		// Until the client has found the new primary, a request that needs its session is
		// refused (503), never answered as logged out or as someone else.
		List<Integer> seen = new ArrayList<>();
		long start = System.nanoTime();
		HttpResponse<String> after = me(http, alice);
		while (after.statusCode() != 200 && Duration.ofNanos(System.nanoTime() - start).compareTo(RECOVERY) < 0) {
			seen.add(after.statusCode());
			Thread.sleep(250);
			after = me(http, alice);
		}
		assertThat(seen).as("answers while failing over").allMatch((status) -> status == 503);
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.body()).contains("\"name\":\"alice\"");
		assertThat(Http.sessionToken(after)).as("no new session was issued").isNull();
		assertThat(me(http, bob).body()).contains("\"name\":\"bob\"");

		String carol = Session.start(http).login("root", "password").token;
		assertThat(me(http, carol).body()).contains("\"name\":\"root\"");
		assertThat(sentinel.command(newPrimary, "EXISTS", "session-starter:s:{" + SessionTokens.storageId(carol) + "}"))
			.as("the new login is stored on the new primary")
			.isEqualTo("1");
	}

	private static HttpResponse<String> me(Http http, String token) {
		return http.get("/me", "Cookie", Http.cookie(token));
	}

}
