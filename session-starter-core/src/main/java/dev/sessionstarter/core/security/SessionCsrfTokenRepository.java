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

package dev.sessionstarter.core.security;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * Keeps CSRF tokens in the session, as Spring Security's
 * {@link HttpSessionCsrfTokenRepository} does, but never creates a session just to store
 * a token for a state-changing request that arrived without one.
 * <p>
 * Spring Security's CSRF filter generates and saves a token whenever it finds none, also
 * for the POST it is about to refuse. Such a request cannot pass: without a session there
 * is no token it could match. Saving the fresh token would store a session for every
 * forged POST, letting anyone fill the store with one request each (the flood of Django's
 * CVE-2015-5143). Safe methods still get their token, so pages that render a form work as
 * before.
 *
 * @author session-starter
 */
public class SessionCsrfTokenRepository implements CsrfTokenRepository {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final HttpSessionCsrfTokenRepository delegate = new HttpSessionCsrfTokenRepository();

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return this.delegate.generateToken(request);
	}

	@Override
	public void saveToken(@Nullable CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		if (token != null && !SAFE_METHODS.contains(request.getMethod()) && request.getSession(false) == null) {
			return;
		}
		this.delegate.saveToken(token, request, response);
	}

	@Override
	public @Nullable CsrfToken loadToken(HttpServletRequest request) {
		return this.delegate.loadToken(request);
	}

}
