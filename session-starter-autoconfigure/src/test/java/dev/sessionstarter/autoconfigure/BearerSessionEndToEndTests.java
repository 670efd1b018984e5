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
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.transport=both" })
@AutoConfigureRealRedis
public class BearerSessionEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void bearerClientLogsInAndUsesItsToken() {
		Http http = new Http(this.port);
		String anonymous = SessionTokens.mint();
		HttpResponse<String> login = http.post("/login", Map.of("username", "alice", "password", "password"),
				"Authorization", "Bearer " + anonymous);
		assertThat(login.statusCode()).isEqualTo(302);
		String token = login.headers().firstValue("Session-Token").orElseThrow();
		assertThat(SessionTokens.isWellFormed(token)).isTrue();
		HttpResponse<String> me = http.get("/me", "Authorization", "Bearer " + token);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("alice");
		assertThat(Http.setCookies(me)).isEmpty();
	}

	@Test
	void wrongBearerTokenIsRefusedWith401() {
		Http http = new Http(this.port);
		for (String value : new String[] { "Bearer " + SessionTokens.mint(), "Bearer not-a-token", "Bearer " }) {
			HttpResponse<String> response = http.get("/me", "Authorization", value);
			assertThat(response.statusCode()).as(value).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
		}
	}

	@Test
	void cookieAndBearerWorkSideBySideButDisagreeingTokensMeanNoSession() {
		Http http = new Http(this.port);
		CookieSessionEndToEndTests.Session browser = CookieSessionEndToEndTests.Session.start(http)
			.login("alice", "password");
		assertThat(http.get("/me", "Cookie", Http.cookie(browser.token)).body()).contains("alice");
		assertThat(http.get("/me", "Authorization", "Bearer " + browser.token).body()).contains("alice");
		HttpResponse<String> both = http.get("/me", "Cookie", Http.cookie(browser.token), "Authorization",
				"Bearer " + SessionTokens.mint());
		assertThat(both.statusCode()).isEqualTo(401);
	}

	@Test
	void requestsWithoutABearerTokenStillGoToTheLoginPage() {
		Http http = new Http(this.port);
		for (String[] headers : new String[][] { {}, { "Accept", "*/*" }, { "Accept", "text/html" } }) {
			HttpResponse<String> response = http.get("/me", headers);
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location"))
				.hasValueSatisfying((l) -> assertThat(l).endsWith("/login"));
		}
	}

	@Test
	void authenticatedBearerClientWithoutTheRoleGets403() {
		Http http = new Http(this.port);
		String token = http
			.post("/login", Map.of("username", "alice", "password", "password"), "Authorization",
					"Bearer " + SessionTokens.mint())
			.headers()
			.firstValue("Session-Token")
			.orElseThrow();
		assertThat(http.get("/admin", "Authorization", "Bearer " + token).statusCode()).isEqualTo(403);
	}

	@Test
	void cookieLoginDoesNotRevealTheTokenInAHeader() {
		Http http = new Http(this.port);
		HttpResponse<String> response = http.get("/public/csrf");
		assertThat(Http.sessionToken(response)).isNotNull();
		assertThat(response.headers().firstValue("Session-Token")).isEmpty();
	}

}
