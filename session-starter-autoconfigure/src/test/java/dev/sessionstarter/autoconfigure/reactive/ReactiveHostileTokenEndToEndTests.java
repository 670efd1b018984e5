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

import java.util.Map;

import dev.sessionstarter.autoconfigure.SessionTokenRejectionMetrics;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile tokens on a reactive application, with both transports on: malformed,
 * oversized, percent-encoded, duplicated and ambiguous tokens are "no session", never an
 * error, never a Redis call, and are counted by reason.
 */
@ReactiveEndToEndTest
@TestPropertySource(properties = "session-starter.transport=both")
class ReactiveHostileTokenEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	MeterRegistry registry;

	WebClientHttp http;

	@BeforeEach
	void client() {
		this.http = new WebClientHttp(this.port);
	}

	// uncached: counts every command Redis ran, and a near cache checks its tracking
	// connection twice a second.
	@Tag("uncached")
	@Test
	void malformedAndOversizedTokensGiveNoErrorNoSessionAndNoRedisCall(RealRedis redis) {
		String token = BrowserSession.start(this.http).login("alice", "password").token;
		ReactiveCookieSessionEndToEndTests.settle();
		double malformed = rejected("malformed");
		double ambiguous = rejected("ambiguous");
		Map<String, Long> before = redis.commandStats();
		String[] cookies = { "__Host-SID=", "__Host-SID=" + token.substring(1), "__Host-SID=" + token + "A",
				"__Host-SID=" + token.substring(0, 40) + "%00", "__Host-SID=" + "A".repeat(6000),
				"__Host-SID=" + token.substring(0, 5) + "+" + token.substring(6),
				"__Host-SID=" + token.substring(0, 42) + "B" };
		for (String cookie : cookies) {
			EntityExchangeResult<String> response = this.http.get("/me", "Cookie", cookie);
			assertThat(status(response)).as(cookie).isLessThan(500).isNotEqualTo(200);
		}
		EntityExchangeResult<String> twoTokens = this.http.get("/me", "Cookie",
				"__Host-SID=" + token + "; __Host-SID=" + SessionTokens.mint());
		assertThat(status(twoTokens)).isEqualTo(302);
		EntityExchangeResult<String> cookieAndOtherBearer = this.http.get("/me", "Cookie", WebClientHttp.cookie(token),
				"Authorization", "Bearer " + SessionTokens.mint());
		assertThat(status(cookieAndOtherBearer)).isEqualTo(401);
		EntityExchangeResult<String> twoAuthorizations = this.http.get("/me", "Authorization", "Bearer " + token,
				"Authorization", "Bearer " + token);
		assertThat(status(twoAuthorizations)).isEqualTo(401);
		ReactiveCookieSessionEndToEndTests.settle();
		assertThat(redis.commandStatsDelta(before)).isEmpty();
		// Each is counted once per request, though the session manager reads the token
		// twice.
		assertThat(rejected("malformed") - malformed).isEqualTo(cookies.length);
		assertThat(rejected("ambiguous") - ambiguous).isEqualTo(2);
		assertThat(rejected("duplicate-authorization")).isPositive();
	}

	@Test
	void aBearerClientUsesItsSessionWithoutCsrfTokenAndGetsNewTokensInTheResponseHeader() {
		String token = BrowserSession.start(this.http).login("alice", "password").token;
		EntityExchangeResult<String> me = this.http.get("/me", "Authorization", "Bearer " + token);
		assertThat(status(me)).isEqualTo(200);
		assertThat(me.getResponseBody()).contains("\"name\":\"alice\"");
		// A cross-site request cannot carry an Authorization header, so it needs no CSRF
		// token; a new token reaches a bearer client in the response header.
		EntityExchangeResult<String> stepUp = this.http.post("/step-up", Map.of(), "Authorization", "Bearer " + token);
		assertThat(status(stepUp)).isEqualTo(200);
		String elevated = WebClientHttp.header(stepUp, "Session-Token");
		assertThat(SessionTokens.isWellFormed(elevated)).isTrue();
		assertThat(elevated).isNotEqualTo(token);
		assertThat(status(this.http.get("/admin", "Authorization", "Bearer " + elevated))).isEqualTo(200);
		assertThat(status(this.http.get("/me", "Authorization", "Bearer " + token))).isEqualTo(401);
	}

	@Test
	void aWrongBearerTokenIsRefusedWith401AndAWrongRoleWith403() {
		for (String value : new String[] { "Bearer " + SessionTokens.mint(), "Bearer not-a-token", "Bearer " }) {
			EntityExchangeResult<String> response = this.http.get("/me", "Authorization", value);
			assertThat(status(response)).as(value).isEqualTo(401);
			assertThat(WebClientHttp.header(response, "WWW-Authenticate")).as(value)
				.isEqualTo("Bearer error=\"invalid_token\"");
			// No session is started for it (at most a clearing cookie goes out).
			assertThat(WebClientHttp.sessionToken(response)).as(value).isNullOrEmpty();
		}
		String token = BrowserSession.start(this.http).login("alice", "password").token;
		EntityExchangeResult<String> admin = this.http.get("/admin", "Authorization", "Bearer " + token);
		assertThat(status(admin)).as("an authenticated caller without the role").isEqualTo(403);
		assertThat(WebClientHttp.header(admin, "WWW-Authenticate")).isNull();
		// A browser without a session still goes to the login page.
		assertThat(status(this.http.get("/me"))).isEqualTo(302);
	}

	@Test
	void aCookieClientNeverSeesItsTokenInAResponseHeader() {
		EntityExchangeResult<String> page = this.http.get("/public/csrf");
		assertThat(WebClientHttp.sessionToken(page)).isNotNull();
		assertThat(WebClientHttp.header(page, "Session-Token")).isNull();
	}

	private double rejected(String reason) {
		return this.registry.get(SessionTokenRejectionMetrics.REJECTED).tag("reason", reason).counter().count();
	}

}
