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

package dev.sessionstarter.servlet;

import java.util.ArrayList;
import java.util.List;

import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.core.token.TokenRejection;
import dev.sessionstarter.core.token.TokenTransport;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.session.web.http.DefaultCookieSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the token resolver accepts, and what it tells rejection listeners.
 */
class SessionTokenResolverTests {

	private final List<TokenRejection> told = new ArrayList<>();

	private final SessionTokenResolver resolver = resolver();

	@Test
	void aWellFormedTokenIsResolvedAndNobodyIsTold() {
		String token = SessionTokens.mint();
		assertThat(this.resolver.resolveSessionIds(request(token))).containsExactly(token);
		assertThat(this.told).isEmpty();
	}

	@Test
	void eachReasonIsToldOncePerRequestHoweverOftenTheRequestIsResolved() {
		MockHttpServletRequest malformed = request(SessionTokens.mint() + "x");
		MockHttpServletRequest ambiguous = request(SessionTokens.mint(), SessionTokens.mint());
		MockHttpServletRequest twoHeaders = request();
		twoHeaders.addHeader("Authorization", "Bearer " + SessionTokens.mint());
		twoHeaders.addHeader("Authorization", "Basic YTpi");
		for (int i = 0; i < 3; i++) {
			assertThat(this.resolver.resolveSessionIds(malformed)).isEmpty();
			assertThat(this.resolver.resolveSessionIds(ambiguous)).isEmpty();
			assertThat(this.resolver.resolveSessionIds(twoHeaders)).isEmpty();
		}
		assertThat(this.told).containsExactly(TokenRejection.MALFORMED, TokenRejection.AMBIGUOUS,
				TokenRejection.DUPLICATE_AUTHORIZATION);
	}

	@Test
	void aFailingListenerNeitherBreaksTheRequestNorSilencesTheOthers() {
		this.resolver.setRejectionListeners(List.of((request, reason) -> {
			throw new IllegalStateException("metrics backend down");
		}, (request, reason) -> this.told.add(reason)));
		assertThat(this.resolver.resolveSessionIds(request("short"))).isEmpty();
		assertThat(this.told).containsExactly(TokenRejection.MALFORMED);
	}

	private SessionTokenResolver resolver() {
		DefaultCookieSerializer cookies = new DefaultCookieSerializer();
		cookies.setCookieName("__Host-SID");
		cookies.setUseBase64Encoding(false);
		SessionTokenResolver resolver = new SessionTokenResolver(cookies, TokenTransport.BOTH, "Session-Token");
		resolver.setRejectionListeners(List.of((request, reason) -> this.told.add(reason)));
		return resolver;
	}

	private static MockHttpServletRequest request(String... cookieValues) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		if (cookieValues.length > 0) {
			request.setCookies(List.of(cookieValues)
				.stream()
				.map((value) -> new Cookie("__Host-SID", value))
				.toArray(Cookie[]::new));
		}
		return request;
	}

}
