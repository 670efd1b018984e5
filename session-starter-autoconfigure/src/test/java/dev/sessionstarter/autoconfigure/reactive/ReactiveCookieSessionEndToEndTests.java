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

import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.cookie;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.setCookies;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cookie session guarantees of the servlet side's end-to-end tests, on a WebFlux
 * application over real HTTP and a real Redis: cookie attributes, token entropy, login
 * rotation that keeps the data and the absolute deadline, CSRF token in the session and
 * retired at login, privilege-change rotation, and a logout that ends the session in
 * Redis, clears the cookie and sends {@code Clear-Site-Data}.
 */
@ReactiveEndToEndTest
class ReactiveCookieSessionEndToEndTests {

	/** The cleared cookie: the attributes of the session cookie, and Max-Age=0. */
	static final String CLEARED = "__Host-SID=; Max-Age=0; Expires=[^;]+; Path=/; Secure; HTTPOnly; SameSite=Lax";

	@Value("${local.server.port}")
	int port;

	WebClientHttp http;

	@BeforeEach
	void client() {
		this.http = new WebClientHttp(this.port);
	}

	// Netty spells HttpOnly "HTTPOnly"; cookie attribute names are case-insensitive (RFC
	// 6265, section 5.2).
	@Test
	void sessionCookieHasExactlySecureAttributes() {
		EntityExchangeResult<String> response = this.http.get("/public/csrf");
		assertThat(setCookies(response)).singleElement()
			.asString()
			.matches("__Host-SID=[A-Za-z0-9_-]{43}; Path=/; Secure; HTTPOnly; SameSite=Lax");
	}

	@Test
	void tokensCarry256RandomBits() {
		Set<String> tokens = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			String token = WebClientHttp.sessionToken(this.http.get("/public/csrf"));
			assertThat(SessionTokens.isWellFormed(token)).as(token).isTrue();
			assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
			tokens.add(token);
		}
		assertThat(tokens).hasSize(20);
	}

	@Test
	void sessionThatHoldsNothingIsNeitherStoredNorSentAsCookie(RealRedis redis) {
		EntityExchangeResult<String> response = this.http.get("/public/cart");
		assertThat(response.getResponseBody()).isEqualTo("[]");
		assertThat(setCookies(response)).isEmpty();
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	// uncached: counts every command Redis ran, and a near cache checks its tracking
	// connection twice a second.
	// Standalone only: in a Cluster a login moves the session in three one-slot steps,
	// by design. Uncached: counts every command Redis ran.
	@Tag("standalone-only")
	@Tag("uncached")
	@Test
	void loginAndLogoutCostWhatTheyCostOnTheServletSide(RealRedis redis) {
		// Once before counting, so that every script is in Redis' script cache (a
		// flushed server answers the first EVALSHA of each with NOSCRIPT).
		BrowserSession.start(this.http).login("bob", "password").post("/logout");
		BrowserSession anonymous = BrowserSession.start(this.http);
		settle();
		Map<String, Long> before = redis.commandStats();
		EntityExchangeResult<String> loggedIn = this.http.post("/login",
				Map.of("username", "alice", "password", "password", "_csrf", anonymous.csrf), "Cookie",
				WebClientHttp.cookie(anonymous.token));
		settle();
		Map<String, Long> login = redis.commandStatsDelta(before);
		BrowserSession alice = BrowserSession.of(this.http, WebClientHttp.sessionToken(loggedIn));
		settle();
		before = redis.commandStats();
		alice.post("/logout");
		settle();
		Map<String, Long> logout = redis.commandStatsDelta(before);
		System.out.println("[round-trips] reactive login " + login + ", logout " + logout);
		assertThat(login).as("login: load + change-id").containsEntry("evalsha", 2L).doesNotContainKey("eval");
		assertThat(logout).as("logout: load + delete").containsEntry("evalsha", 2L).doesNotContainKey("eval");
	}

	@Tag("uncached")
	@Test
	void anonymousRequestsThatWriteNothingCreateNoSessionAndCostNoRedisCall(RealRedis redis) {
		Map<String, Long> before = redis.commandStats();
		for (int i = 0; i < 20; i++) {
			EntityExchangeResult<String> response = this.http.get((i % 2 == 0) ? "/public/cart" : "/me");
			assertThat(status(response)).isIn(200, 302);
			assertThat(setCookies(response)).isEmpty();
		}
		settle();
		assertThat(redis.commandStatsDelta(before)).isEmpty();
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	@Test
	void loginChangesTheTokenKeepsTheCartAndTheAbsoluteDeadlineAndKillsThePreLoginToken(RealRedis redis) {
		BrowserSession anonymous = BrowserSession.start(this.http);
		anonymous.addToCart("apple");
		String absolute = redis.command("HGET", key(anonymous.token), "absolute");
		String created = redis.command("HGET", key(anonymous.token), "created");
		BrowserSession user = anonymous.login("alice", "password");
		assertThat(user.token).isNotEqualTo(anonymous.token);
		assertThat(user.get("/public/cart").getResponseBody()).contains("apple");
		assertThat(user.get("/me").getResponseBody()).contains("\"name\":\"alice\"");
		assertThat(redis.command("HGET", key(user.token), "absolute")).isEqualTo(absolute);
		assertThat(redis.command("HGET", key(user.token), "created")).isEqualTo(created);
		EntityExchangeResult<String> old = anonymous.get("/me");
		assertThat(status(old)).isEqualTo(302);
		assertThat(WebClientHttp.header(old, "Location")).endsWith("/login");
		assertThat(anonymous.get("/public/cart").getResponseBody()).isEqualTo("[]");
	}

	@Test
	void redisHoldsNoTokenAndTheSameCompactFormsAsTheServletSide(RealRedis redis) {
		BrowserSession anonymous = BrowserSession.start(this.http);
		BrowserSession user = anonymous.login("alice", "password");
		String session = key(user.token);
		// In pieces of at most 64 bytes, like the servlet side's (it holds the login's
		// factor, FACTOR_PASSWORD, as the servlet side's does).
		assertThat(redis.command("HGET", session, "a:SPRING_SECURITY_CONTEXT").trim()).matches("~[2-4]:sc1:.*");
		String[] fields = redis.command("HGETALL", session).split("\n");
		int contextBytes = 0;
		for (int i = 0; i + 1 < fields.length; i += 2) {
			if (fields[i].trim().endsWith(":SPRING_SECURITY_CONTEXT")) {
				contextBytes += fields[i + 1].trim().length();
			}
		}
		assertThat(contextBytes).as("the compact context, all its pieces").isBetween(64, 300);
		assertThat(redis.command("HGET", session, "a:dev.sessionstarter.csrf")).matches("\"[A-Za-z0-9_-]{43}\"");
		assertThat(redis.command("HGETALL", session)).doesNotContain("CsrfToken");
		String keys = redis.command("KEYS", "*");
		assertThat(keys).doesNotContain(user.token).doesNotContain(anonymous.token);
		for (String key : keys.split("\n")) {
			String contents = redis.command("TYPE", key).trim().equals("hash") ? redis.command("HGETALL", key)
					: redis.command("ZRANGE", key, "0", "-1");
			assertThat(contents).as(key).doesNotContain(user.token).doesNotContain(anonymous.token);
		}
	}

	@Test
	void preLoginCsrfTokenDoesNotWorkAfterLogin() {
		BrowserSession anonymous = BrowserSession.start(this.http);
		BrowserSession user = anonymous.login("alice", "password");
		EntityExchangeResult<String> withOldCsrf = this.http.post("/step-up", Map.of("_csrf", anonymous.csrf), "Cookie",
				cookie(user.token));
		assertThat(status(withOldCsrf)).isEqualTo(403);
		assertThat(status(user.post("/step-up"))).isEqualTo(200);
	}

	@Test
	void forgedPostWithoutSessionStoresNothing(RealRedis redis) {
		for (int i = 0; i < 10; i++) {
			assertThat(status(this.http.post("/public/cart?item=x", Map.of()))).isEqualTo(403);
		}
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	@Test
	void grantingARoleMidSessionRotatesTheToken() {
		BrowserSession user = BrowserSession.start(this.http).login("alice", "password");
		assertThat(status(user.get("/admin"))).isEqualTo(403);
		EntityExchangeResult<String> stepUp = user.post("/step-up");
		assertThat(status(stepUp)).isEqualTo(200);
		String elevated = WebClientHttp.sessionToken(stepUp);
		assertThat(elevated).isNotNull().isNotEqualTo(user.token);
		assertThat(status(this.http.get("/admin", "Cookie", cookie(elevated)))).isEqualTo(200);
		assertThat(status(user.get("/me"))).isEqualTo(302);
	}

	@Test
	void logoutDeletesTheSessionClearsTheCookieAndSendsClearSiteData(RealRedis redis) {
		BrowserSession user = BrowserSession.start(this.http).login("alice", "password");
		assertThat(redis.command("EXISTS", key(user.token)).trim()).isEqualTo("1");
		EntityExchangeResult<String> logout = user.post("/logout");
		assertThat(status(logout)).isEqualTo(302);
		assertThat(setCookies(logout)).singleElement().asString().matches(CLEARED);
		assertThat(logout.getResponseHeaders().get("Clear-Site-Data"))
			.containsExactly("\"cache\", \"cookies\", \"storage\"");
		assertThat(redis.command("EXISTS", key(user.token)).trim()).isEqualTo("0");
		assertThat(status(user.get("/me"))).isEqualTo(302);
		assertThat(redis.command("KEYS", "session-starter:s:*")).isEmpty();
	}

	@Test
	void presentedTokenOfNoSessionGetsTheCookieCleared() {
		EntityExchangeResult<String> response = this.http.get("/me", "Cookie", cookie(SessionTokens.mint()));
		assertThat(status(response)).isEqualTo(302);
		assertThat(setCookies(response)).singleElement().asString().matches(CLEARED);
	}

	@Test
	void tokensInUrlsAreIgnored() {
		BrowserSession user = BrowserSession.start(this.http).login("alice", "password");
		for (String path : new String[] { "/me;jsessionid=" + user.token, "/me?__Host-SID=" + user.token,
				"/me?SESSION=" + user.token, "/me?access_token=" + user.token }) {
			EntityExchangeResult<String> response = this.http.get(path);
			assertThat(status(response)).as(path).isIn(302, 400);
			assertThat(response.getResponseBody()).as(path).isNull();
		}
	}

	static String key(String token) {
		return "session-starter:s:{" + SessionTokens.storageId(token) + "}";
	}

	/**
	 * Give late commands a moment before reading Redis counters, so that they are counted
	 * too.
	 */
	static void settle() {
		try {
			Thread.sleep(300);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
