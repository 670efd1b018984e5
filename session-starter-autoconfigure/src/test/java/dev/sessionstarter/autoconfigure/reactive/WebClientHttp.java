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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * A {@link WebTestClient} bound to a started server over real HTTP: no cookie jar, no
 * redirects followed, so every {@code Set-Cookie} and {@code Location} is visible to the
 * test.
 */
final class WebClientHttp {

	static final Pattern SESSION_COOKIE = Pattern.compile("__Host-SID=([^;]*)");

	private final WebTestClient client;

	WebClientHttp(int port) {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			// A hung request fails its test instead of the build.
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	EntityExchangeResult<String> get(String path, String... headers) {
		return this.client.get()
			.uri(path)
			.headers((all) -> add(all, headers))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	EntityExchangeResult<String> delete(String path, String... headers) {
		return this.client.delete()
			.uri(path)
			.headers((all) -> add(all, headers))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	EntityExchangeResult<String> post(String path, Map<String, String> form, String... headers) {
		MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
		form.forEach(body::add);
		return this.client.post()
			.uri(path)
			.headers((all) -> add(all, headers))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(body))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private static void add(HttpHeaders all, String... headers) {
		for (int i = 0; i < headers.length; i += 2) {
			all.add(headers[i], headers[i + 1]);
		}
	}

	static String cookie(String token) {
		return "__Host-SID=" + token;
	}

	static int status(EntityExchangeResult<?> result) {
		return result.getStatus().value();
	}

	static List<String> setCookies(EntityExchangeResult<?> result) {
		return result.getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE);
	}

	static @Nullable String header(EntityExchangeResult<?> result, String name) {
		return result.getResponseHeaders().getFirst(name);
	}

	static @Nullable String sessionToken(EntityExchangeResult<?> result) {
		for (String header : setCookies(result)) {
			Matcher matcher = SESSION_COOKIE.matcher(header);
			if (matcher.find()) {
				return matcher.group(1);
			}
		}
		return null;
	}

}
