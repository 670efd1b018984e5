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
import java.util.List;
import java.util.Map;

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A successful logout tells the browser to drop what it holds for the site
 * ({@code Clear-Site-Data}); no other response does.
 */
class ClearSiteDataEndToEndTests {

	private static final String HEADER = "Clear-Site-Data";

	static List<String> clearSiteData(HttpResponse<String> response) {
		return response.headers().allValues(HEADER);
	}

	static HttpResponse<String> logout(Http http, Session user) {
		String csrf = http.get("/public/csrf", "Cookie", Http.cookie(user.token)).body();
		HttpResponse<String> logout = http.post("/logout", Map.of("_csrf", csrf), "Cookie", Http.cookie(user.token));
		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).endsWith("?logout"));
		return logout;
	}

	@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	@AutoConfigureRealRedis
	@Nested
	class ByDefault {

		@Value("${local.server.port}")
		int port;

		@Test
		void logoutClearsCacheCookiesAndStorage() {
			Http http = new Http(this.port);
			Session user = Session.start(http).login("alice", "password");
			assertThat(clearSiteData(logout(http, user))).containsExactly("\"cache\", \"cookies\", \"storage\"");
		}

		@Test
		void noOtherResponseClearsSiteData() {
			Http http = new Http(this.port);
			HttpResponse<String> anonymous = http.get("/public/csrf");
			assertThat(clearSiteData(anonymous)).isEmpty();
			Session start = Session.start(http);
			HttpResponse<String> login = http.post("/login",
					Map.of("username", "alice", "password", "password", "_csrf", start.csrf), "Cookie",
					Http.cookie(start.token));
			assertThat(login.statusCode()).isEqualTo(302);
			assertThat(clearSiteData(login)).isEmpty();
			String token = Http.sessionToken(login);
			assertThat(clearSiteData(http.get("/me", "Cookie", Http.cookie(token)))).isEmpty();
			HttpResponse<String> failedLogin = http.post("/login",
					Map.of("username", "alice", "password", "wrong", "_csrf", start.csrf), "Cookie",
					Http.cookie(start.token));
			assertThat(clearSiteData(failedLogin)).isEmpty();
			// A logout without its CSRF token is refused, and so clears nothing.
			HttpResponse<String> forged = http.post("/logout", Map.of(), "Cookie", Http.cookie(token));
			assertThat(forged.statusCode()).isEqualTo(403);
			assertThat(clearSiteData(forged)).isEmpty();
		}

	}

	@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "session-starter.logout.clear-site-data.directives=storage,cookies,storage")
	@AutoConfigureRealRedis
	@Nested
	class WithChosenDirectives {

		@Value("${local.server.port}")
		int port;

		@Test
		void logoutSendsTheChosenDirectivesOnce() {
			Http http = new Http(this.port);
			Session user = Session.start(http).login("alice", "password");
			assertThat(clearSiteData(logout(http, user))).containsExactly("\"storage\", \"cookies\"");
		}

	}

	@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "session-starter.logout.clear-site-data.enabled=false")
	@AutoConfigureRealRedis
	@Nested
	class TurnedOff {

		@Value("${local.server.port}")
		int port;

		@Test
		void logoutSendsNoHeaderButStillClearsTheSessionCookie() {
			Http http = new Http(this.port);
			Session user = Session.start(http).login("alice", "password");
			HttpResponse<String> logout = logout(http, user);
			assertThat(clearSiteData(logout)).isEmpty();
			assertThat(Http.setCookies(logout)).anySatisfy((cookie) -> assertThat(cookie).startsWith("__Host-SID=;"));
		}

	}

}
