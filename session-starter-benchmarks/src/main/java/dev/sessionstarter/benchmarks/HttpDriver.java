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

package dev.sessionstarter.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A browser-like client of the benchmark application on loopback, with the session cookie
 * handled by hand (its name differs per variant, and a {@code __Host-} cookie would not
 * be kept by a cookie jar over plain HTTP).
 *
 * @author session-starter
 */
final class HttpDriver {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	private final String cookieName;

	HttpDriver(int port, String cookieName) {
		this.base = "http://127.0.0.1:" + port;
		this.cookieName = cookieName;
	}

	Response get(String path, @Nullable String token) {
		return send(request(path, token).GET());
	}

	Response post(String path, Map<String, String> form, @Nullable String token) {
		String body = form.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(path, token).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Starts an anonymous session the way a login page does: fetch a CSRF token.
	 * @return the anonymous session
	 */
	UserSession anonymous() {
		Response response = get("/public/csrf", null).expect(200);
		if (response.token() == null) {
			throw new IllegalStateException("No " + this.cookieName + " cookie on the login page");
		}
		return new UserSession(response.token(), response.body());
	}

	/**
	 * Posts the login form for an anonymous session.
	 * @param anonymous the session holding the login page's CSRF token
	 * @param username the user
	 * @return the session token after login
	 */
	String submitLogin(UserSession anonymous, String username) {
		Response response = post("/login",
				Map.of("username", username, "password", "password", "_csrf", anonymous.csrf()), anonymous.token())
			.expect(302);
		if (response.location() == null || response.location().contains("error")) {
			throw new IllegalStateException("Login of " + username + " failed: " + response.location());
		}
		return (response.token() != null) ? response.token() : anonymous.token();
	}

	/**
	 * Logs a user in the way a browser does: login page, form post, then the CSRF token
	 * of the new session for later posts.
	 * @param username the user
	 * @return the signed-in session
	 */
	UserSession login(String username) {
		String token = submitLogin(anonymous(), username);
		Response csrf = get("/public/csrf", token).expect(200);
		return new UserSession((csrf.token() != null) ? csrf.token() : token, csrf.body());
	}

	private HttpRequest.Builder request(String path, @Nullable String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			builder.header("Cookie", this.cookieName + "=" + token);
		}
		return builder;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), sessionCookie(response),
					response.headers().firstValue("Location").orElse(null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private @Nullable String sessionCookie(HttpResponse<?> response) {
		String prefix = this.cookieName + "=";
		for (String header : response.headers().allValues("Set-Cookie")) {
			if (header.startsWith(prefix)) {
				int end = header.indexOf(';');
				String value = header.substring(prefix.length(), (end < 0) ? header.length() : end);
				// An emptied cookie ends the session; it is not a new token.
				return value.isEmpty() ? null : value;
			}
		}
		return null;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	record Response(int status, String body, @Nullable String token, @Nullable String location) {

		Response expect(int expected) {
			if (this.status != expected) {
				throw new IllegalStateException("Expected HTTP " + expected + " but got " + this.status
						+ ((this.location != null) ? " to " + this.location : ""));
			}
			return this;
		}

	}

	record UserSession(String token, String csrf) {

	}

}
