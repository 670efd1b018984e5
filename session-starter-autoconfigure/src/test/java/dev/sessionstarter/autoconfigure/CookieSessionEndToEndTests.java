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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.InFlightRequests;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRealRedis
class CookieSessionEndToEndTests {

	@Value("${local.server.port}")
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void sessionCookieHasExactlySecureAttributes() {
		HttpResponse<String> response = this.http.get("/public/csrf");
		assertThat(Http.setCookies(response)).singleElement()
			.asString()
			.matches("__Host-SID=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax");
	}

	// uncached: counts every command Redis ran, and a near cache checks its tracking
	// connection twice a second.
	@Tag("uncached")
	@Test
	void anonymousRequestsThatWriteNothingCreateNoSessionAndCostNoRedisCall(RealRedis redis) {
		Map<String, Long> before = redis.commandStats();
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = this.http.get("/public/cart");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(Http.setCookies(response)).isEmpty();
		}
		settle();
		assertThat(redis.commandStatsDelta(before)).isEmpty();
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	@Test
	void loginChangesTheTokenKeepsTheCartAndKillsThePreLoginToken() {
		Session anonymous = Session.start(this.http);
		anonymous.addToCart("apple");
		Session user = anonymous.login("alice", "password");
		assertThat(user.token).isNotEqualTo(anonymous.token);
		assertThat(this.http.get("/public/cart", "Cookie", Http.cookie(user.token)).body()).contains("apple");
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).body()).contains("alice");
		HttpResponse<String> old = this.http.get("/me", "Cookie", Http.cookie(anonymous.token));
		assertThat(old.statusCode()).isEqualTo(302);
		assertThat(old.headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).endsWith("/login"));
		assertThat(this.http.get("/public/cart", "Cookie", Http.cookie(anonymous.token)).body()).isEqualTo("[]");
	}

	@Test
	void redisHoldsNeitherTheCurrentNorThePreLoginToken(RealRedis redis) {
		Session anonymous = Session.start(this.http);
		anonymous.addToCart("apple");
		Session user = anonymous.login("alice", "password");
		String keys = redis.command("KEYS", "*");
		assertThat(keys).doesNotContain(user.token).doesNotContain(anonymous.token);
		// A real form login's security context is stored in the compact form, in pieces
		// (see aSignedInSessionKeepsRedisCompactEncoding).
		assertThat(redis.command("HGET", "session-starter:s:{" + SessionTokens.storageId(user.token) + "}",
				"a:SPRING_SECURITY_CONTEXT"))
			.matches("~[2-4]:sc1:.*");
		// The CSRF token is stored as its bare value under a short name, not as a
		// serialized CsrfToken.
		String session = "session-starter:s:{" + SessionTokens.storageId(user.token) + "}";
		assertThat(redis.command("HGET", session, "a:dev.sessionstarter.csrf")).matches("\"[0-9a-f-]{36}\"");
		assertThat(redis.command("HGETALL", session)).doesNotContain("CsrfToken");
		for (String key : keys.split("\n")) {
			String contents = redis.command("TYPE", key).trim().equals("hash") ? redis.command("HGETALL", key)
					: redis.command("ZRANGE", key, "0", "-1");
			assertThat(contents).as(key).doesNotContain(user.token).doesNotContain(anonymous.token);
		}
	}

	@Test
	void aSignedInSessionKeepsRedisCompactEncodingAndTakesAtMost1000BytesWithItsIndex(RealRedis redis) {
		Session user = Session.start(this.http).login("alice", "password");
		String session = "session-starter:s:{" + SessionTokens.storageId(user.token) + "}";
		String index = "session-starter:u:{" + SessionTokens.sha256("alice") + "}";
		List<String> fields = List.of(redis.command("HKEYS", session).split("\n"));
		for (String field : fields) {
			assertThat(field.getBytes(StandardCharsets.UTF_8)).as("field name %s", field).hasSizeLessThanOrEqualTo(64);
			assertThat(redis.command("HGET", session, field).getBytes(StandardCharsets.UTF_8)).as("value of %s", field)
				.hasSizeLessThanOrEqualTo(64);
		}
		// listpack since Redis 7, ziplist before: either is the compact encoding.
		assertThat(redis.command("OBJECT", "ENCODING", session).trim()).isIn("listpack", "ziplist");
		long bytes = Long.parseLong(redis.command("MEMORY", "USAGE", session, "SAMPLES", "0").trim());
		long indexBytes = Long.parseLong(redis.command("MEMORY", "USAGE", index, "SAMPLES", "0").trim());
		System.out.println("[bytes] Redis " + redis.version() + ": session hash " + bytes + " B in " + fields.size()
				+ " fields, user index " + indexBytes + " B");
		assertThat(bytes + indexBytes).isLessThanOrEqualTo(1000);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).body()).contains("\"name\":\"alice\"");
	}

	@Test
	void preLoginCsrfTokenDoesNotWorkAfterLogin() {
		Session anonymous = Session.start(this.http);
		Session user = anonymous.login("alice", "password");
		HttpResponse<String> withOldCsrf = this.http.post("/step-up", Map.of("_csrf", anonymous.csrf), "Cookie",
				Http.cookie(user.token));
		assertThat(withOldCsrf.statusCode()).isEqualTo(403);
		String fresh = this.http.get("/public/csrf", "Cookie", Http.cookie(user.token)).body();
		assertThat(fresh).isNotEqualTo(anonymous.csrf);
	}

	@Test
	void logoutDeletesTheSessionAndClearsTheCookieWithTheSameAttributes(RealRedis redis) {
		Session user = Session.start(this.http).login("alice", "password");
		String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(user.token)).body();
		HttpResponse<String> logout = this.http.post("/logout", Map.of("_csrf", csrf), "Cookie",
				Http.cookie(user.token));
		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(Http.setCookies(logout)).anySatisfy((cookie) -> assertThat(cookie)
			.matches("__Host-SID=; Max-Age=0; Expires=[^;]+; Path=/; Secure; HttpOnly; SameSite=Lax"));
		HttpResponse<String> replay = this.http.get("/me", "Cookie", Http.cookie(user.token));
		assertThat(replay.statusCode()).isEqualTo(302);
		assertThat(redis.command("EXISTS", "session-starter:s:{" + SessionTokens.storageId(user.token) + "}").trim())
			.isEqualTo("0");
	}

	@Test
	void grantingARoleMidSessionRotatesTheToken() {
		Session user = Session.start(this.http).login("alice", "password");
		String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(user.token)).body();
		assertThat(this.http.get("/admin", "Cookie", Http.cookie(user.token)).statusCode()).isEqualTo(403);
		HttpResponse<String> stepUp = this.http.post("/step-up", Map.of("_csrf", csrf), "Cookie",
				Http.cookie(user.token));
		assertThat(stepUp.statusCode()).isEqualTo(200);
		String elevated = Http.sessionToken(stepUp);
		assertThat(elevated).isNotNull().isNotEqualTo(user.token);
		assertThat(this.http.get("/admin", "Cookie", Http.cookie(elevated)).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).statusCode()).isEqualTo(302);
	}

	@Test
	void sessionThatHoldsNothingIsNeitherStoredNorSentAsCookie(RealRedis redis) {
		HttpResponse<String> response = this.http.get("/public/touch");
		assertThat(response.body()).isEqualTo("touched");
		assertThat(Http.setCookies(response)).isEmpty();
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	@Test
	void anonymousHitsOnProtectedPagesStoreNothing(RealRedis redis) {
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = this.http.get("/me?page=" + i);
			assertThat(response.statusCode()).isEqualTo(302);
		}
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	@Test
	void tokensInUrlsAreIgnored() {
		Session user = Session.start(this.http).login("alice", "password");
		for (String path : new String[] { "/me;jsessionid=" + user.token, "/me?__Host-SID=" + user.token,
				"/me?SESSION=" + user.token, "/me?access_token=" + user.token }) {
			HttpResponse<String> response = this.http.get(path);
			assertThat(response.statusCode()).as(path).isIn(302, 400);
			assertThat(response.body()).as(path).doesNotContain("alice");
		}
	}

	// uncached: counts every command Redis ran, and a near cache checks its tracking
	// connection twice a second.
	@Tag("uncached")
	@Test
	void malformedAndOversizedCookiesGiveNoErrorAndNoRedisCall(RealRedis redis) {
		String token = Session.start(this.http).login("alice", "password").token;
		settle();
		Map<String, Long> before = redis.commandStats();
		String[] cookies = { "__Host-SID=", "__Host-SID=" + token.substring(1), "__Host-SID=" + token + "A",
				"__Host-SID=" + token.substring(0, 40) + "%00", "__Host-SID=" + "A".repeat(6000),
				"__Host-SID=" + "A".repeat(20_000), "__Host-SID=" + token + "; __Host-SID=" + SessionTokens.mint(),
				"__Host-SID=" + token.substring(0, 5) + "+" + token.substring(6) };
		for (String cookie : cookies) {
			HttpResponse<String> response = this.http.get("/me", "Cookie", cookie);
			assertThat(response.statusCode()).as(cookie).isLessThan(500).isNotEqualTo(200);
		}
		settle();
		assertThat(redis.commandStatsDelta(before)).isEmpty();
	}

	// uncached: counts the round trips without a near cache (NearCacheEndToEndTests
	// counts them with one).
	@Tag("uncached")
	@Test
	void requestWithASessionThatChangesNothingCostsOneRedisRoundTrip(RealRedis redis) {
		String token = Session.start(this.http).login("alice", "password").token;
		settle();
		// Spring Session's filter looks the session up a second time when it commits
		// after a flushed response (/public/csrf, /public/hello); the store's request
		// scope answers that from memory.
		for (String path : new String[] { "/me", "/public/csrf", "/public/cart", "/public/hello" }) {
			Map<String, Long> before = redis.commandStats();
			HttpResponse<String> response = this.http.get(path, "Cookie", Http.cookie(token));
			assertThat(response.statusCode()).isEqualTo(200);
			settle();
			assertThat(redis.commandStatsDelta(before)).as(path).isEqualTo(Map.of("evalsha", 1L, "hgetall", 1L));
		}
	}

	// Standalone only: in a Cluster a login moves the session in three one-slot steps and
	// updates the per-user index with its own commands, by design.
	@Tag("standalone-only")
	@Test
	void loginCostsTwoRedisRoundTripsAndLogoutTwo(RealRedis redis) {
		Session anonymous = Session.start(this.http);
		settle();
		Map<String, Long> before = redis.commandStats();
		HttpResponse<String> login = this.http.post("/login",
				Map.of("username", "alice", "password", "password", "_csrf", anonymous.csrf), "Cookie",
				Http.cookie(anonymous.token));
		String token = Http.sessionToken(login);
		settle();
		assertThat(redis.commandStatsDelta(before)).as("login: load + change-id").containsEntry("evalsha", 2L);
		String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(token)).body();
		settle();
		before = redis.commandStats();
		this.http.post("/logout", Map.of("_csrf", csrf), "Cookie", Http.cookie(token));
		settle();
		assertThat(redis.commandStatsDelta(before)).as("logout: load + delete").containsEntry("evalsha", 2L);
	}

	/**
	 * Spring Session's filter finishes its work after the response has been sent; wait
	 * for it before reading Redis counters, so that late commands are counted too.
	 */
	static void settle() {
		InFlightRequests.awaitNone();
	}

	/**
	 * A browser-like client session driven by hand.
	 */
	static final class Session {

		final Http http;

		final String token;

		final String csrf;

		private Session(Http http, String token, String csrf) {
			this.http = http;
			this.token = token;
			this.csrf = csrf;
		}

		static Session start(Http http) {
			HttpResponse<String> response = http.get("/public/csrf");
			String token = Http.sessionToken(response);
			assertThat(token).isNotNull();
			return new Session(http, token, response.body());
		}

		void addToCart(String item) {
			HttpResponse<String> response = this.http.post("/public/cart", Map.of("item", item, "_csrf", this.csrf),
					"Cookie", Http.cookie(this.token));
			assertThat(response.statusCode()).isEqualTo(200);
		}

		Session login(String username, String password) {
			HttpResponse<String> response = this.http.post("/login",
					Map.of("username", username, "password", password, "_csrf", this.csrf), "Cookie",
					Http.cookie(this.token));
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location"))
				.hasValueSatisfying((l) -> assertThat(l).doesNotContain("error"));
			String newToken = Http.sessionToken(response);
			assertThat(newToken).as("login sets a new session cookie").isNotNull();
			String csrf = this.http.get("/public/csrf", "Cookie", Http.cookie(newToken)).body();
			return new Session(this.http, newToken, csrf);
		}

	}

}
