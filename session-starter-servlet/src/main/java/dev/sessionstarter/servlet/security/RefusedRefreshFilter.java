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

import dev.sessionstarter.core.oauth2.RefusedRefresh;
import dev.sessionstarter.core.web.PageRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session when the identity provider refuses to refresh its tokens
 * ({@code invalid_grant}: the user was signed out there, the refresh token was revoked or
 * has expired). Spring Security's OAuth 2.0 client drops the authorized client and lets
 * the refusal escape as an exception, which would answer 500 on every request while the
 * session still looks signed in. Here the session is invalidated instead (deleted in the
 * store, like a logout), and the client is told: 401 for API calls ({@code Accept:
 * application/json} or {@code X-Requested-With: XMLHttpRequest}), for pages a redirect to
 * the page asked for (or the application's root after a non-GET request), where the now
 * anonymous request starts a new login. A new login gets new tokens, so this cannot loop.
 *
 * @author session-starter
 */
public class RefusedRefreshFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(RefusedRefreshFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			if (!RefusedRefresh.isRefusedGrant(ex) || response.isCommitted()) {
				throw ex;
			}
			endSession(request);
			answer(request, response);
		}
	}

	private static void endSession(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		logger.info("Session ended: the identity provider refused to refresh its tokens (invalid_grant)");
	}

	private static void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.resetBuffer();
		if (PageRequests.isApiCall(request.getHeader(HttpHeaders.ACCEPT), request.getHeader("X-Requested-With"))) {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getWriter().write(RefusedRefresh.API_BODY);
			return;
		}
		response.sendRedirect(RefusedRefresh.redirectTarget(HttpMethod.GET.matches(request.getMethod()),
				request.getRequestURI(), request.getQueryString(), request.getContextPath()));
	}

}
