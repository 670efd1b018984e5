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

package dev.sessionstarter.autoconfigure.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * What the tests ask of Keycloak's admin REST API, as the bootstrap admin of the master
 * realm through its {@code admin-cli} client. Every call gets a fresh access token: they
 * are few, and the master realm's tokens live a minute.
 */
final class KeycloakAdmin {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI baseUrl;

	private final String realm;

	private final String username;

	private final String password;

	KeycloakAdmin(URI baseUrl, String realm, String username, String password) {
		this.baseUrl = baseUrl;
		this.realm = realm;
		this.username = username;
		this.password = password;
	}

	/**
	 * Sign a user out of Keycloak, as an administrator does in the admin console: every
	 * session of the user ends, and Keycloak sends a logout token to the back-channel
	 * logout URL of each client the user signed in to before it answers.
	 * @param user the user name
	 */
	void signOut(String user) {
		HttpResponse<String> response = send(
				request("/admin/realms/" + this.realm + "/users/" + userId(user) + "/logout")
					.POST(HttpRequest.BodyPublishers.noBody()));
		expect(204, response, "sign-out of " + user);
	}

	/**
	 * How many Keycloak sessions a user has.
	 * @param user the user name
	 * @return how many
	 */
	int sessions(String user) {
		HttpResponse<String> response = send(
				request("/admin/realms/" + this.realm + "/users/" + userId(user) + "/sessions").GET());
		expect(200, response, "sessions of " + user);
		return json(response.body(), List.class).size();
	}

	/**
	 * The types of the events Keycloak recorded for a user, newest first: each login,
	 * code exchange, user-info request and refresh (the realm stores events).
	 * @param user the user name
	 * @return e.g. {@code [USER_INFO_REQUEST, CODE_TO_TOKEN, LOGIN]}
	 */
	List<String> events(String user) {
		HttpResponse<String> response = send(
				request("/admin/realms/" + this.realm + "/events?max=1000&user=" + userId(user)).GET());
		expect(200, response, "events of " + user);
		List<?> events = json(response.body(), List.class);
		return events.stream().map((event) -> String.valueOf(((Map<?, ?>) event).get("type"))).toList();
	}

	private String userId(String user) {
		HttpResponse<String> response = send(request("/admin/realms/" + this.realm + "/users?exact=true&username="
				+ URLEncoder.encode(user, StandardCharsets.UTF_8))
			.GET());
		expect(200, response, "lookup of " + user);
		List<?> users = json(response.body(), List.class);
		if (users.size() != 1) {
			throw new IllegalStateException("Keycloak knows " + users.size() + " users named " + user);
		}
		return String.valueOf(((Map<?, ?>) users.get(0)).get("id"));
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(this.baseUrl.resolve(path)).header("Authorization", "Bearer " + accessToken());
	}

	private String accessToken() {
		String form = "grant_type=password&client_id=admin-cli&username="
				+ URLEncoder.encode(this.username, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(this.password, StandardCharsets.UTF_8);
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(this.baseUrl.resolve("/realms/master/protocol/openid-connect/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form)));
		expect(200, response, "admin sign-in");
		return String.valueOf(json(response.body(), Map.class).get("access_token"));
	}

	private static HttpResponse<String> send(HttpRequest.Builder builder) {
		try {
			return CLIENT.send(builder.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void expect(int status, HttpResponse<String> response, String what) {
		if (response.statusCode() != status) {
			throw new IllegalStateException("Keycloak's admin API answered the " + what + " with "
					+ response.statusCode() + " (expected " + status + "): " + response.body());
		}
	}

	private static <T> T json(String body, Class<T> type) {
		return JsonMapper.shared().readValue(body, type);
	}

}
