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

import java.util.Collections;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCsrfTokenRepositoryTests {

	private final SessionCsrfTokenRepository repository = new SessionCsrfTokenRepository();

	@Test
	void refusedPostWithoutASessionCreatesNoSession() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cart");
		save(request);
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void pageThatRendersAFormGetsItsTokenStored() {
		for (String method : new String[] { "GET", "HEAD" }) {
			MockHttpServletRequest request = new MockHttpServletRequest(method, "/form");
			CsrfToken token = save(request);
			assertThat(request.getSession(false)).isNotNull();
			assertThat(this.repository.loadToken(request)).usingRecursiveComparison().isEqualTo(token);
		}
	}

	@Test
	void postWithASessionGetsItsTokenStored() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
		request.setSession(new MockHttpSession());
		CsrfToken token = save(request);
		assertThat(this.repository.loadToken(request)).usingRecursiveComparison().isEqualTo(token);
		this.repository.saveToken(null, request, new MockHttpServletResponse());
		assertThat(this.repository.loadToken(request)).isNull();
	}

	@Test
	void storesOnlyTheTokenValueUnderAShortName() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/form");
		CsrfToken token = save(request);
		assertThat(token.getHeaderName()).isEqualTo("X-CSRF-TOKEN");
		assertThat(token.getParameterName()).isEqualTo("_csrf");
		assertThat(Collections.list(request.getSession().getAttributeNames()))
			.containsExactly(SessionCsrfTokenRepository.ATTRIBUTE);
		assertThat(request.getSession().getAttribute(SessionCsrfTokenRepository.ATTRIBUTE)).isEqualTo(token.getToken());
	}

	@Test
	void aStoredValueThatIsNotAStringIsNoToken() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/form");
		request.getSession().setAttribute(SessionCsrfTokenRepository.ATTRIBUTE, 42);
		assertThat(this.repository.loadToken(request)).isNull();
		request.getSession().setAttribute(SessionCsrfTokenRepository.ATTRIBUTE, "");
		assertThat(this.repository.loadToken(request)).isNull();
	}

	@Test
	void aTokenInSpringSecuritysFormIsReadAndRetiredByTheNextSave() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
		String legacyName = HttpSessionCsrfTokenRepository.class.getName() + ".CSRF_TOKEN";
		CsrfToken legacy = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "earlier");
		request.getSession().setAttribute(legacyName, legacy);
		assertThat(this.repository.loadToken(request)).isSameAs(legacy);
		CsrfToken fresh = save(request);
		assertThat(request.getSession().getAttribute(legacyName)).isNull();
		assertThat(this.repository.loadToken(request).getToken()).isEqualTo(fresh.getToken());
		request.getSession().setAttribute(legacyName, legacy);
		this.repository.saveToken(null, request, new MockHttpServletResponse());
		assertThat(this.repository.loadToken(request)).isNull();
	}

	private CsrfToken save(MockHttpServletRequest request) {
		CsrfToken token = this.repository.generateToken(request);
		this.repository.saveToken(token, request, new MockHttpServletResponse());
		return token;
	}

}
