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

import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.token.SessionTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.cookie;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict client binding ({@code revoke}) on a WebFlux application: the login records its
 * client, and a request from another browser or another network ends the session on that
 * request, for good.
 */
@ReactiveEndToEndTest
@TestPropertySource(properties = { "server.forward-headers-strategy=native", "session-starter.binding.ip=revoke",
		"session-starter.binding.user-agent=revoke" })
class ReactiveClientBindingEndToEndTests {

	static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

	static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/126.0.0.0 Safari/537.36";

	@Value("${local.server.port}")
	int port;

	@Autowired
	RedisSessionStore store;

	WebClientHttp http;

	@BeforeEach
	void client() {
		this.http = new WebClientHttp(this.port);
	}

	@Test
	void anotherNetworkEndsTheSessionOnThatRequest() {
		String token = login(FIREFOX, "198.51.100.7");
		assertThat(me(token, FIREFOX, "198.51.100.8")).as("same /24").isEqualTo(200);
		assertThat(me(token, FIREFOX, "203.0.113.5")).isEqualTo(302);
		assertThat(me(token, FIREFOX, "198.51.100.7")).as("ended for good").isEqualTo(302);
		assertThat(this.store.findById(token)).isNull();
	}

	@Test
	void anotherUserAgentEndsTheSessionOnThatRequest() {
		String token = login(FIREFOX, "198.51.100.7");
		assertThat(me(token, FIREFOX, "198.51.100.7")).isEqualTo(200);
		assertThat(me(token, CHROME, "198.51.100.7")).isEqualTo(302);
		assertThat(me(token, FIREFOX, "198.51.100.7")).as("ended for good").isEqualTo(302);
	}

	private String login(String userAgent, String address) {
		EntityExchangeResult<String> page = this.http.get("/public/csrf", "User-Agent", userAgent, "X-Forwarded-For",
				address);
		String anonymous = WebClientHttp.sessionToken(page);
		assertThat(anonymous).isNotNull();
		EntityExchangeResult<String> login = this.http.post("/login",
				Map.of("username", "alice", "password", "password", "_csrf", page.getResponseBody()), "Cookie",
				cookie(anonymous), "User-Agent", userAgent, "X-Forwarded-For", address);
		assertThat(status(login)).isEqualTo(302);
		String token = WebClientHttp.sessionToken(login);
		assertThat(token).isNotNull().matches(SessionTokens::isWellFormed);
		return token;
	}

	private int me(String token, String userAgent, String address) {
		return status(
				this.http.get("/me", "Cookie", cookie(token), "User-Agent", userAgent, "X-Forwarded-For", address));
	}

}
