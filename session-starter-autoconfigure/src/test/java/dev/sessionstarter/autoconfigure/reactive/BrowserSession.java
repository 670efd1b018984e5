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

import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser-like client session on the reactive test application, driven by hand: its
 * token and the CSRF token its pages carry.
 */
final class BrowserSession {

	final WebClientHttp http;

	final String token;

	final String csrf;

	private BrowserSession(WebClientHttp http, String token, String csrf) {
		this.http = http;
		this.token = token;
		this.csrf = csrf;
	}

	/**
	 * Start a session as a browser does by loading a page with a form.
	 */
	static BrowserSession start(WebClientHttp http) {
		EntityExchangeResult<String> page = http.get("/public/csrf");
		String token = WebClientHttp.sessionToken(page);
		assertThat(token).as("a page with a form starts a session").isNotNull();
		return new BrowserSession(http, token, page.getResponseBody());
	}

	/**
	 * Continue with a token issued elsewhere (another node of the fleet).
	 */
	static BrowserSession of(WebClientHttp http, String token) {
		String csrf = http.get("/public/csrf", "Cookie", WebClientHttp.cookie(token)).getResponseBody();
		return new BrowserSession(http, token, csrf);
	}

	EntityExchangeResult<String> get(String path) {
		return this.http.get(path, "Cookie", WebClientHttp.cookie(this.token));
	}

	EntityExchangeResult<String> post(String path) {
		return this.http.post(path, Map.of("_csrf", this.csrf), "Cookie", WebClientHttp.cookie(this.token));
	}

	EntityExchangeResult<String> delete(String path) {
		return this.http.delete(path, "Cookie", WebClientHttp.cookie(this.token), "X-CSRF-TOKEN", this.csrf);
	}

	void addToCart(String item) {
		assertThat(WebClientHttp.status(post("/public/cart?item=" + item))).isEqualTo(200);
	}

	BrowserSession login(String username, String password) {
		EntityExchangeResult<String> response = this.http.post("/login",
				Map.of("username", username, "password", password, "_csrf", this.csrf), "Cookie",
				WebClientHttp.cookie(this.token));
		assertThat(WebClientHttp.status(response)).as("login answers with a redirect").isEqualTo(302);
		assertThat(WebClientHttp.header(response, "Location")).doesNotContain("error");
		String newToken = WebClientHttp.sessionToken(response);
		assertThat(newToken).as("login sets a new session cookie").isNotNull();
		return of(this.http, newToken);
	}

}
