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
package dev.sessionstarter.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionstarter.core.token.SessionTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/me} for a bearer client: it signs in with a form post, takes its token from
 * the {@code Session-Token} header and sends it as {@code Authorization: Bearer}.
 *
 * @author session-starter
 */
@SampleApplicationTest
class ApiBearerTests {

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void bearerClientReadsItsIdentity() throws Exception {
		// A bearer client has no session yet; any well-formed token that names none will
		// do.
		HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login"))
			.header("Authorization", "Bearer " + SessionTokens.mint())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=alice&password=" + URLEncoder.encode("password", StandardCharsets.UTF_8))));
		assertThat(login.statusCode()).isEqualTo(302);
		String token = login.headers().firstValue("Session-Token").orElseThrow();
		HttpResponse<String> me = send(
				HttpRequest.newBuilder(uri("/api/me")).header("Authorization", "Bearer " + token).GET());
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"name\":\"alice\"").contains("ROLE_USER");
	}

	@Test
	void apiClientLogsInAtTheTokenEndpointAndRefreshes() throws Exception {
		HttpResponse<String> login = token("grant_type=password&username=alice&password=password");
		assertThat(login.statusCode()).isEqualTo(200);
		String access = field(login.body(), "access_token");
		assertThat(login.body()).contains("\"token_type\":\"Bearer\"");
		assertThat(me(access).body()).contains("\"name\":\"alice\"");
		HttpResponse<String> refreshed = token("grant_type=refresh_token&refresh_token="
				+ URLEncoder.encode(field(login.body(), "refresh_token"), StandardCharsets.UTF_8));
		assertThat(refreshed.statusCode()).isEqualTo(200);
		assertThat(me(field(refreshed.body(), "access_token")).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> token(String form) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri("/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private HttpResponse<String> me(String accessToken) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri("/api/me")).header("Authorization", "Bearer " + accessToken).GET());
	}

	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		assertThat(matcher.find()).as(name + " in " + json).isTrue();
		return matcher.group(1);
	}

	@Test
	void anonymousCallIsAnsweredWith401() throws Exception {
		HttpResponse<String> me = send(HttpRequest.newBuilder(uri("/api/me")).header("Accept", "text/html").GET());
		assertThat(me.statusCode()).isEqualTo(401);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
