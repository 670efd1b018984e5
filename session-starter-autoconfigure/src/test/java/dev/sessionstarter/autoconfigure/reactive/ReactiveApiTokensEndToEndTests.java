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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.autoconfigure.MovableClockConfiguration;
import dev.sessionstarter.core.token.RefreshTokens;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.header;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API token endpoints on a reactive application, mirroring the servlet side's
 * {@code ApiTokensEndToEndTests}: the password and refresh grants, rotation with reuse
 * detection after the grace period, revocation, introspection and the refusals, over real
 * HTTP and a real Redis, with no blocking call on an event-loop thread.
 */
@ReactiveEndToEndTest
@Import(MovableClockConfiguration.class)
@TestPropertySource(properties = { "session-starter.transport=both", "session-starter.api-tokens.enabled=true",
		"session-starter.rotation.grace=5s" })
class ReactiveApiTokensEndToEndTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	WebClientHttp http;

	@BeforeEach
	void client() {
		this.http = new WebClientHttp(this.port);
	}

	@Test
	void loginReturnsAnOAuthShapedPairAndTheAccessTokenWorks() {
		EntityExchangeResult<String> response = token(
				Map.of("grant_type", "password", "username", "alice", "password", "password"));
		assertThat(status(response)).isEqualTo(200);
		assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
		assertThat(header(response, "Content-Type")).startsWith("application/json");
		assertThat(WebClientHttp.setCookies(response)).as("no cookie for API clients").isEmpty();
		JsonNode body = json.readTree(response.getResponseBody());
		assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.path("expires_in").asLong()).isEqualTo(900);
		assertThat(SessionTokens.isWellFormed(body.path("access_token").asString())).isTrue();
		assertThat(RefreshTokens.familyOf(body.path("refresh_token").asString())).isNotNull();
		assertThat(me(body.path("access_token").asString())).isEqualTo(200);
	}

	@Test
	void refreshRotatesAndReuseAfterTheGracePeriodEndsTheWholeFamily() {
		Pair first = login("alice");
		Pair second = refresh(first.refresh());
		assertThat(second.access()).isNotEqualTo(first.access());
		assertThat(second.refresh()).isNotEqualTo(first.refresh());
		Pair third = refresh(second.refresh());
		assertThat(List.of(me(first.access()), me(second.access()), me(third.access()))).containsOnly(200);
		this.clock.advance(Duration.ofSeconds(5));

		EntityExchangeResult<String> reuse = token(
				Map.of("grant_type", "refresh_token", "refresh_token", first.refresh()));
		assertThat(status(reuse)).isEqualTo(400);
		assertThat(json.readTree(reuse.getResponseBody()).path("error").asString()).isEqualTo("invalid_grant");
		assertThat(List.of(me(first.access()), me(second.access()), me(third.access()))).containsOnly(401);
		assertThat(status(token(Map.of("grant_type", "refresh_token", "refresh_token", third.refresh()))))
			.as("the family's newest refresh token")
			.isEqualTo(400);
	}

	@Test
	void wrongCredentialsAndMalformedRequestsAreRefusedWithoutATokenOrASession() {
		EntityExchangeResult<String> wrong = token(
				Map.of("grant_type", "password", "username", "alice", "password", "wrong"));
		assertThat(status(wrong)).isEqualTo(400);
		assertThat(json.readTree(wrong.getResponseBody()).path("error").asString()).isEqualTo("invalid_grant");
		assertThat(error(token(Map.of("grant_type", "client_credentials")))).isEqualTo("unsupported_grant_type");
		assertThat(error(token(Map.of("grant_type", "password", "username", "alice")))).isEqualTo("invalid_request");
		assertThat(error(this.http.post("/oauth2/token?grant_type=password",
				Map.of("username", "alice", "password", "password"))))
			.as("parameters in the URL")
			.isEqualTo("invalid_request");
		EntityExchangeResult<String> get = this.http.get("/oauth2/token");
		assertThat(status(get)).isEqualTo(405);
		assertThat(header(get, "Allow")).isEqualTo("POST");
		assertThat(WebClientHttp.setCookies(wrong)).isEmpty();
	}

	@Test
	void aBodyThatIsNoFormOrRepeatsAParameterIsABadRequest() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		for (String body : List.of("grant_type=password&username=%zz&password=password",
				"grant_type=password&username=alice&password=password&username=bob")) {
			HttpResponse<String> response = client
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/oauth2/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(json.readTree(response.body()).path("error").asString()).as(body).isEqualTo("invalid_request");
		}
	}

	@Test
	void revokingTheRefreshTokenEndsTheFamilyAndTheAnswerIsTheSameForUnknownTokens() {
		Pair pair = login("alice");
		assertThat(status(this.http.post("/oauth2/revoke", Map.of("token", pair.refresh())))).isEqualTo(200);
		assertThat(me(pair.access())).isEqualTo(401);
		assertThat(status(this.http.post("/oauth2/revoke", Map.of("token", SessionTokens.mint())))).isEqualTo(200);
	}

	@Test
	void introspectionNeedsAnAuthenticatedCallerWithTheAuthority() {
		Pair pair = login("alice");
		EntityExchangeResult<String> anonymous = this.http.post("/oauth2/introspect", Map.of("token", pair.access()));
		assertThat(status(anonymous)).isEqualTo(401);
		assertThat(header(anonymous, "WWW-Authenticate")).isEqualTo("Bearer");
		Pair caller = login("bob");
		EntityExchangeResult<String> withoutAuthority = this.http.post("/oauth2/introspect",
				Map.of("token", pair.access()), "Authorization", "Bearer " + caller.access());
		assertThat(status(withoutAuthority)).isEqualTo(403);
		assertThat(header(withoutAuthority, "WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\"");
	}

	private Pair login(String username) {
		EntityExchangeResult<String> response = token(
				Map.of("grant_type", "password", "username", username, "password", "password"));
		assertThat(status(response)).isEqualTo(200);
		return pair(response);
	}

	private Pair refresh(String refreshToken) {
		EntityExchangeResult<String> response = token(
				Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
		assertThat(status(response)).isEqualTo(200);
		return pair(response);
	}

	private static Pair pair(EntityExchangeResult<String> response) {
		JsonNode body = json.readTree(response.getResponseBody());
		return new Pair(body.path("access_token").asString(), body.path("refresh_token").asString());
	}

	private EntityExchangeResult<String> token(Map<String, String> form) {
		return this.http.post("/oauth2/token", form);
	}

	private static String error(EntityExchangeResult<String> response) {
		assertThat(status(response)).isEqualTo(400);
		return json.readTree(response.getResponseBody()).path("error").asString();
	}

	private int me(String accessToken) {
		return status(this.http.get("/me", "Authorization", "Bearer " + accessToken));
	}

	private record Pair(String access, String refresh) {
	}

}
