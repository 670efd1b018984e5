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
package dev.sessionstarter.servlet.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link RefusedRefreshFilter} answers a request whose identity provider refused to
 * refresh the session's tokens. End to end, against a real provider, in
 * {@code OidcLoginEndToEndTests} (auto-configuration module).
 */
class RefusedRefreshFilterTests {

	private final RefusedRefreshFilter filter = new RefusedRefreshFilter();

	private static FilterChain failingWith(String errorCode) {
		return (request, response) -> {
			throw new ServletException("Request processing failed",
					new OAuth2AuthorizationException(new OAuth2Error(errorCode)));
		};
	}

	@Test
	void apiCallsGet401AndTheSessionEnds() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
		MockHttpSession session = new MockHttpSession();
		request.setSession(session);
		request.addHeader("Accept", "application/json");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, failingWith(OAuth2ErrorCodes.INVALID_GRANT));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(session.isInvalid()).isTrue();
	}

	@Test
	void pagesAreSentBackToWhatTheyAskedFor() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		request.setQueryString("page=2");
		request.addHeader("Accept", "text/html,application/xhtml+xml,application/json;q=0.9");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, failingWith(OAuth2ErrorCodes.INVALID_GRANT));
		assertThat(response.getRedirectedUrl()).isEqualTo("/orders?page=2");
	}

	@Test
	void aPathThatWouldLeaveTheSiteOrANonGetGoesToTheRoot() throws Exception {
		for (String path : new String[] { "//evil.example/x", "/\\evil.example/x" }) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.filter.doFilter(request, response, failingWith(OAuth2ErrorCodes.INVALID_GRANT));
			assertThat(response.getRedirectedUrl()).as(path).isEqualTo("/");
		}
		MockHttpServletRequest post = new MockHttpServletRequest("POST", "/orders");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(post, response, failingWith(OAuth2ErrorCodes.INVALID_GRANT));
		assertThat(response.getRedirectedUrl()).isEqualTo("/");
	}

	@Test
	void otherFailuresPassUntouched() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders");
		MockHttpSession session = new MockHttpSession();
		request.setSession(session);
		assertThatExceptionOfType(ServletException.class).isThrownBy(() -> this.filter.doFilter(request,
				new MockHttpServletResponse(), failingWith(OAuth2ErrorCodes.SERVER_ERROR)));
		assertThat(session.isInvalid()).isFalse();
	}

}
