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

import dev.sessionstarter.core.security.SessionCsrfToken;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * Keeps CSRF tokens in the session, as Spring Security's
 * {@link HttpSessionCsrfTokenRepository} does, with two differences.
 * <p>
 * It never creates a session just to store a token for a state-changing request that
 * arrived without one. Spring Security's CSRF filter generates and saves a token whenever
 * it finds none, also for the POST it is about to refuse. Such a request cannot pass:
 * without a session there is no token it could match. Saving the fresh token would store
 * a session for every forged POST, letting anyone fill the store with one request each
 * (the flood of Django's CVE-2015-5143). Safe methods still get their token, so pages
 * that render a form work as before.
 * <p>
 * It stores only the token's value, under a short attribute name ({@value #ATTRIBUTE}),
 * not the whole {@link CsrfToken}: the header and parameter names are the same for every
 * session. The stored form is about 40 bytes instead of about 250, which is read and
 * written with the session on every request that renders or checks a form. A token stored
 * in Spring Security's form (by an earlier version, or by a node not yet upgraded) is
 * still read, and removed whenever the token is saved or cleared, so a login on any node
 * retires it.
 *
 * @author session-starter
 */
public class SessionCsrfTokenRepository implements CsrfTokenRepository {

	/** The session attribute that holds the token's value. */
	public static final String ATTRIBUTE = SessionCsrfToken.ATTRIBUTE;

	/** The request header that carries the token, as Spring Security names it. */
	public static final String HEADER_NAME = SessionCsrfToken.HEADER_NAME;

	/** The request parameter that carries the token, as Spring Security names it. */
	public static final String PARAMETER_NAME = SessionCsrfToken.PARAMETER_NAME;

	/** Where {@link HttpSessionCsrfTokenRepository} keeps the whole token. */
	private static final String LEGACY_ATTRIBUTE = HttpSessionCsrfTokenRepository.class.getName().concat(".CSRF_TOKEN");

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final HttpSessionCsrfTokenRepository generator = new HttpSessionCsrfTokenRepository();

	/**
	 * Create a new repository.
	 */
	public SessionCsrfTokenRepository() {
		this.generator.setHeaderName(HEADER_NAME);
		this.generator.setParameterName(PARAMETER_NAME);
	}

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return this.generator.generateToken(request);
	}

	@Override
	public void saveToken(@Nullable CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		if (token == null) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.removeAttribute(ATTRIBUTE);
				session.removeAttribute(LEGACY_ATTRIBUTE);
			}
			return;
		}
		if (!SAFE_METHODS.contains(request.getMethod()) && request.getSession(false) == null) {
			return;
		}
		HttpSession session = request.getSession();
		session.setAttribute(ATTRIBUTE, token.getToken());
		session.removeAttribute(LEGACY_ATTRIBUTE);
	}

	@Override
	public @Nullable CsrfToken loadToken(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return null;
		}
		// Anything but a non-empty string (crafted store contents) is no token: the
		// request then fails the CSRF check like any request without one.
		if (session.getAttribute(ATTRIBUTE) instanceof String value) {
			return value.isEmpty() ? null : new DefaultCsrfToken(HEADER_NAME, PARAMETER_NAME, value);
		}
		return (session.getAttribute(LEGACY_ATTRIBUTE) instanceof CsrfToken legacy) ? legacy : null;
	}

}
