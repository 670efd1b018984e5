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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A visitor without a browser: {@link HttpClient} on {@code http://localhost}, with its
 * cookies kept by hand. The JDK's {@code CookieManager} never sends a {@code Secure}
 * cookie over plain HTTP, and {@code __Host-SID} is always Secure; browsers make an
 * exception for {@code localhost}, and so does this class. Redirects are not followed, so
 * that every {@code Set-Cookie} is seen. Every request has a timeout.
 *
 * @author session-starter
 */
final class HttpVisitor {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");

	private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private final int port;

	HttpVisitor(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	/**
	 * Posts a form with the CSRF token of the page at {@code formPage}, as a browser
	 * submits a form it was shown.
	 */
	HttpResponse<String> submit(String formPage, String action, Map<String, String> fields) {
		HttpResponse<String> page = get(formPage);
		assertThat(page.statusCode()).as("GET " + formPage).isEqualTo(200);
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("_csrf", csrfToken(page.body()));
		String body = form.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(action).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	HttpResponse<String> login(String username, String password) {
		HttpResponse<String> login = submit("/login", "/login", Map.of("username", username, "password", password));
		assertThat(login.statusCode()).as("POST /login").isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).as("where login sends " + username)
			.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
		return login;
	}

	@Nullable String cookie(String name) {
		return this.cookies.get(name);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(TIMEOUT)
			.header("Accept", "text/html");
		if (!this.cookies.isEmpty()) {
			request.header("Cookie",
					this.cookies.entrySet()
						.stream()
						.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
						.collect(Collectors.joining("; ")));
		}
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		HttpResponse<String> response;
		try {
			response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request to the sample failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the sample", ex);
		}
		response.headers().allValues("Set-Cookie").forEach(this::remember);
		return response;
	}

	private void remember(String setCookie) {
		String[] parts = setCookie.split(";");
		int equals = parts[0].indexOf('=');
		String name = parts[0].substring(0, equals).strip();
		String value = parts[0].substring(equals + 1).strip();
		for (String attribute : parts) {
			if (attribute.strip().equalsIgnoreCase("Max-Age=0")) {
				this.cookies.remove(name);
				return;
			}
		}
		this.cookies.put(name, value);
	}

	private static String csrfToken(String html) {
		Matcher input = CSRF_INPUT.matcher(html);
		assertThat(input.find()).as("a _csrf field in\n" + html).isTrue();
		Matcher value = VALUE.matcher(input.group());
		assertThat(value.find()).as("the value of " + input.group()).isTrue();
		return value.group(1);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
