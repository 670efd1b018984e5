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

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionInfo;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.session.actuate.endpoint.SessionsEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.self-service.enabled=true",
				"management.endpoints.web.exposure.include=health,usersessions",
				"management.endpoint.health.show-components=always" })
@AutoConfigureRealRedis
class UserSessionsEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	UserSessions userSessions;

	@Autowired
	RedisSessionStore store;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void revokedSessionIsDeadOnItsVeryNextRequest() {
		Session laptop = Session.start(this.http).login("alice", "password");
		Session phone = Session.start(this.http).login("alice", "password");
		HttpResponse<String> list = this.http.get("/sessions", "Cookie", Http.cookie(laptop.token));
		assertThat(list.statusCode()).isEqualTo(200);
		String phoneReference = "ref:" + SessionTokens.storageId(phone.token);
		assertThat(list.body()).contains(phoneReference).doesNotContain(phone.token, laptop.token);
		HttpResponse<String> revoke = this.http.delete("/sessions/" + phoneReference, "Cookie",
				Http.cookie(laptop.token), "X-CSRF-TOKEN", laptop.csrf);
		assertThat(revoke.statusCode()).isEqualTo(204);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(phone.token)).statusCode()).isEqualTo(302);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(laptop.token)).statusCode()).isEqualTo(200);
	}

	@Test
	void aUserCannotRevokeAnotherUsersSessionButAnAdminCan() {
		Session alice = Session.start(this.http).login("alice", "password");
		Session bob = Session.start(this.http).login("bob", "password");
		String aliceReference = "ref:" + SessionTokens.storageId(alice.token);
		HttpResponse<String> attempt = this.http.delete("/sessions/" + aliceReference, "Cookie", Http.cookie(bob.token),
				"X-CSRF-TOKEN", bob.csrf);
		assertThat(attempt.statusCode()).isEqualTo(403);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(alice.token)).statusCode()).isEqualTo(200);
		HttpResponse<String> asUser = this.http.delete("/actuator/usersessions/alice/" + aliceReference, "Cookie",
				Http.cookie(bob.token), "X-CSRF-TOKEN", bob.csrf);
		assertThat(asUser.statusCode()).isEqualTo(403);
		Session root = Session.start(this.http).login("root", "password");
		HttpResponse<String> listed = this.http.get("/actuator/usersessions/alice", "Cookie", Http.cookie(root.token));
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains(aliceReference);
		HttpResponse<String> asAdmin = this.http.delete("/actuator/usersessions/alice/" + aliceReference, "Cookie",
				Http.cookie(root.token), "X-CSRF-TOKEN", root.csrf);
		assertThat(asAdmin.statusCode()).isEqualTo(200);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(alice.token)).statusCode()).isEqualTo(302);
	}

	@Test
	void signOutEverywhereEndsAllSessions() {
		Session first = Session.start(this.http).login("alice", "password");
		Session second = Session.start(this.http).login("alice", "password");
		HttpResponse<String> response = this.http.delete("/sessions?scope=all", "Cookie", Http.cookie(first.token),
				"X-CSRF-TOKEN", first.csrf);
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(first.token)).statusCode()).isEqualTo(302);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(second.token)).statusCode()).isEqualTo(302);
	}

	@Test
	void passwordChangeEndsEveryOtherSessionAndRotatesTheCurrentOne() {
		Session other = Session.start(this.http).login("alice", "password");
		Session current = Session.start(this.http).login("alice", "password");
		HttpResponse<String> change = this.http.post("/password", Map.of("_csrf", current.csrf), "Cookie",
				Http.cookie(current.token));
		assertThat(change.statusCode()).isEqualTo(200);
		String rotated = Http.sessionToken(change);
		assertThat(rotated).isNotNull().isNotEqualTo(current.token);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(rotated)).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(current.token)).statusCode()).isEqualTo(302);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(other.token)).statusCode()).isEqualTo(302);
		assertThat(this.userSessions.list("alice", null)).hasSize(1);
	}

	@Test
	void healthShowsTheSessionStore() {
		HttpResponse<String> health = this.http.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"sessionStore\"").contains("\"UP\"");
	}

	@Test
	void bootsSessionsEndpointListsAndDeletesThroughTheStore() {
		Session alice = Session.start(this.http).login("alice", "password");
		SessionsEndpoint endpoint = new SessionsEndpoint(this.store, this.store);
		var sessions = endpoint.sessionsForUsername("alice").getSessions();
		assertThat(sessions).singleElement()
			.satisfies(
					(session) -> assertThat(session.getId()).isEqualTo("ref:" + SessionTokens.storageId(alice.token)));
		endpoint.deleteSession(sessions.get(0).getId());
		assertThat(this.http.get("/me", "Cookie", Http.cookie(alice.token)).statusCode()).isEqualTo(302);
	}

}
