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
import java.util.Map;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "when-exceeded: reject" over real HTTP: a login beyond the limit is an ordinary failed
 * login (back to the login page with an error), not a login that silently has no session,
 * and it changes nothing: a login that asked to remember the device gets no credential.
 */
// standalone-only: a Cluster has no concurrent-session limit (refused at start-up)
@Tag("standalone-only")
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.max-sessions-per-user=1", "session-starter.when-exceeded=reject",
				"session-starter.remember-device.enabled=true" })
@AutoConfigureRealRedis
public class SessionLimitRejectEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	UserSessions userSessions;

	@Test
	void aLoginBeyondTheLimitFailsLikeAWrongPasswordAndKeepsTheFirstSession() {
		Http http = new Http(this.port);
		CookieSessionEndToEndTests.Session first = CookieSessionEndToEndTests.Session.start(http)
			.login("bob", "password");
		CookieSessionEndToEndTests.Session second = CookieSessionEndToEndTests.Session.start(http);
		HttpResponse<String> refused = http.post("/login",
				Map.of("username", "bob", "password", "password", "_csrf", second.csrf, "remember-device", "on"),
				"Cookie", Http.cookie(second.token));
		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?error"));
		assertThat(Http.setCookies(refused)).as("a refused login remembers no device")
			.noneMatch((cookie) -> cookie.matches("__Host-Device=[^;]+.*"));
		assertThat(http.get("/me", "Cookie", Http.cookie(second.token)).statusCode()).as("not signed in")
			.isEqualTo(302);
		assertThat(http.get("/me", "Cookie", Http.cookie(first.token)).body()).contains("bob");
		assertThat(this.userSessions.list("bob", null)).hasSize(1);
	}

}
