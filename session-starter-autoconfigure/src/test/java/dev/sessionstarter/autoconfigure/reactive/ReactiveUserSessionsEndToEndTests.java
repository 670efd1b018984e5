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

import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.token.SessionTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user-session guarantees of the servlet side's {@code UserSessionsEndToEndTests} on
 * a WebFlux application over real HTTP and a real Redis: the self-service API lists a
 * user's own sessions and ends one, the others or all of them, at once; a user cannot
 * reach another user's session, an administrator can through the actuator endpoint; a
 * password change ends every other session and rotates the current one; health shows the
 * store. All with no blocking call on an event-loop thread.
 */
@ReactiveEndToEndTest
class ReactiveUserSessionsEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	UserSessions userSessions;

	WebClientHttp http;

	@BeforeEach
	void client() {
		this.http = new WebClientHttp(this.port);
	}

	@Test
	void revokedSessionIsDeadOnItsVeryNextRequest() {
		BrowserSession laptop = BrowserSession.start(this.http).login("alice", "password");
		BrowserSession phone = BrowserSession.start(this.http).login("alice", "password");
		EntityExchangeResult<String> list = laptop.get("/sessions");
		assertThat(status(list)).isEqualTo(200);
		String phoneReference = reference(phone);
		String laptopReference = reference(laptop);
		assertThat(list.getResponseBody()).contains(phoneReference, laptopReference)
			.doesNotContain(phone.token, laptop.token)
			.containsPattern("\"reference\":\"" + laptopReference + "\"[^}]*\"current\":true")
			.containsPattern("\"reference\":\"" + phoneReference + "\"[^}]*\"current\":false")
			.contains("127.0.0.1");
		assertThat(status(laptop.delete("/sessions/" + phoneReference))).isEqualTo(204);
		assertThat(status(phone.get("/me"))).isEqualTo(302);
		assertThat(status(laptop.get("/me"))).isEqualTo(200);
	}

	@Test
	void aUserCannotRevokeAnotherUsersSessionButAnAdminCan() {
		BrowserSession alice = BrowserSession.start(this.http).login("alice", "password");
		BrowserSession bob = BrowserSession.start(this.http).login("bob", "password");
		String aliceReference = reference(alice);
		assertThat(status(bob.delete("/sessions/" + aliceReference))).isEqualTo(403);
		assertThat(status(alice.get("/me"))).isEqualTo(200);
		assertThat(status(bob.delete("/actuator/usersessions/alice/" + aliceReference))).isEqualTo(403);
		BrowserSession root = BrowserSession.start(this.http).login("root", "password");
		EntityExchangeResult<String> listed = root.get("/actuator/usersessions/alice");
		assertThat(status(listed)).isEqualTo(200);
		assertThat(listed.getResponseBody()).contains(aliceReference);
		assertThat(status(root.delete("/actuator/usersessions/alice/" + aliceReference))).isEqualTo(200);
		assertThat(status(alice.get("/me"))).isEqualTo(302);
	}

	@Test
	void signOutOthersKeepsThisSessionAndSignOutEverywhereEndsAll() {
		BrowserSession first = BrowserSession.start(this.http).login("alice", "password");
		BrowserSession second = BrowserSession.start(this.http).login("alice", "password");
		BrowserSession third = BrowserSession.start(this.http).login("alice", "password");
		assertThat(status(first.delete("/sessions"))).isEqualTo(204);
		assertThat(status(first.get("/me"))).isEqualTo(200);
		assertThat(status(second.get("/me"))).isEqualTo(302);
		assertThat(status(third.get("/me"))).isEqualTo(302);
		BrowserSession fourth = BrowserSession.start(this.http).login("alice", "password");
		assertThat(status(first.delete("/sessions?scope=all"))).isEqualTo(204);
		assertThat(status(first.get("/me"))).isEqualTo(302);
		assertThat(status(fourth.get("/me"))).isEqualTo(302);
		assertThat(this.userSessions.list("alice", null)).isEmpty();
	}

	@Test
	void selfServiceAnswers401WithoutALoginAnd400ForAnUnknownScope() {
		assertThat(status(this.http.get("/sessions"))).isIn(302, 401);
		BrowserSession alice = BrowserSession.start(this.http).login("alice", "password");
		assertThat(status(alice.delete("/sessions?scope=everything"))).isEqualTo(400);
		assertThat(status(alice.get("/me"))).isEqualTo(200);
	}

	@Test
	void passwordChangeEndsEveryOtherSessionAndRotatesTheCurrentOne() {
		BrowserSession other = BrowserSession.start(this.http).login("alice", "password");
		BrowserSession current = BrowserSession.start(this.http).login("alice", "password");
		EntityExchangeResult<String> change = current.post("/password");
		assertThat(status(change)).isEqualTo(200);
		assertThat(change.getResponseBody()).contains("1 other sessions ended");
		String rotated = WebClientHttp.sessionToken(change);
		assertThat(rotated).isNotNull().isNotEqualTo(current.token);
		assertThat(status(this.http.get("/me", "Cookie", WebClientHttp.cookie(rotated)))).isEqualTo(200);
		assertThat(status(current.get("/me"))).isEqualTo(302);
		assertThat(status(other.get("/me"))).isEqualTo(302);
		assertThat(this.userSessions.list("alice", null)).hasSize(1);
	}

	@Test
	void healthShowsTheSessionStore() {
		EntityExchangeResult<String> health = this.http.get("/actuator/health");
		assertThat(status(health)).isEqualTo(200);
		assertThat(health.getResponseBody()).contains("\"sessionStore\"").contains("\"UP\"");
	}

	private static String reference(BrowserSession session) {
		return "ref:" + SessionTokens.storageId(session.token);
	}

}
