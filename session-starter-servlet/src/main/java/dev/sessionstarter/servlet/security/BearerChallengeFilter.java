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

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request that presented a bearer token but is not authenticated with RFC
 * 6750's {@code 401} and {@code WWW-Authenticate: Bearer error="invalid_token"}, instead
 * of a redirect to a login page. It sits just inside Spring Security's exception
 * translation, so it applies only to requests that carry a bearer token and leaves every
 * other request to the application's own entry points (registering an entry point for
 * bearer requests would also make it Spring Security's fallback for requests no other
 * entry point claims).
 *
 * @author session-starter
 */
public class BearerChallengeFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!isBearer(request)) {
			chain.doFilter(request, response);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!isAuthenticationProblem(ex) || response.isCommitted()) {
				throw ex;
			}
			// setStatus, not sendError: an error dispatch would run the security chain
			// again and end at the application's login redirect.
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		}
	}

	private boolean isAuthenticationProblem(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof AuthenticationException) {
				return true;
			}
			if (cause instanceof AccessDeniedException) {
				// Denied because nobody is authenticated: the token was missing, wrong or
				// dead.
				// An authenticated caller without the right role still gets the 403 it
				// deserves.
				return this.trustResolver.isAnonymous(SecurityContextHolder.getContext().getAuthentication())
						|| SecurityContextHolder.getContext().getAuthentication() == null;
			}
		}
		return false;
	}

	/**
	 * Whether a request uses the bearer scheme, with or without a token.
	 * @param request the request
	 * @return whether its Authorization header names the Bearer scheme
	 */
	public static boolean isBearer(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
				|| authorization.trim().equalsIgnoreCase(BEARER.trim()));
	}

}
