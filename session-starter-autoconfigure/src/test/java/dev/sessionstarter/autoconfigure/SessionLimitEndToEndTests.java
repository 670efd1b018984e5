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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.store.SessionInfo;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the concurrent-session limit. Standalone only: the limit runs
 * inside the login scripts, which cannot reach the per-user index in a Redis Cluster, so
 * the auto-configuration refuses a limit there (see ClusterModeAutoConfigurationTests).
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "session-starter.max-sessions-per-user=3")
@AutoConfigureRealRedis
@Tag("standalone-only")
public class SessionLimitEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	UserSessions userSessions;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void twentyParallelLoginsWithALimitOfThreeLeaveExactlyThree() throws Exception {
		List<Session> anonymous = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			anonymous.add(Session.start(this.http));
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			List<Future<HttpResponse<String>>> logins = new ArrayList<>();
			for (Session session : anonymous) {
				logins.add(pool.submit(() -> {
					start.await();
					return this.http.post("/login",
							Map.of("username", "bob", "password", "password", "_csrf", session.csrf), "Cookie",
							Http.cookie(session.token));
				}));
			}
			start.countDown();
			for (Future<HttpResponse<String>> login : logins) {
				assertThat(login.get().statusCode()).isEqualTo(302);
			}
		}
		finally {
			pool.shutdownNow();
		}
		List<SessionInfo> live = this.userSessions.list("bob", null);
		assertThat(live).hasSize(3);
	}

}
