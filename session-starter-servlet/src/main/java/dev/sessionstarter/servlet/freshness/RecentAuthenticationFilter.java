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

package dev.sessionstarter.servlet.freshness;

import dev.sessionstarter.core.freshness.RecentAuthenticationDecision;
import dev.sessionstarter.core.security.IdentityProviders;
import dev.sessionstarter.core.web.PageRequests;
import java.io.IOException;

import dev.sessionstarter.servlet.security.BearerChallengeFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns a denial by a {@link RecentAuthentication} rule into a re-authentication. It sits
 * just inside Spring Security's exception translation, so the application's own entry
 * points and access-denied handlers stay as they are for everything else.
 *
 * <ul>
 * <li>API calls (a bearer token, {@code Accept: application/json} without HTML, or
 * {@code X-Requested-With: XMLHttpRequest}) get {@code 401} with {@code WWW-Authenticate}
 * carrying RFC 9470's {@code error="insufficient_user_authentication"} and
 * {@code max_age}, and {@code Cache-Control: no-store}.</li>
 * <li>Pages are redirected to the re-authentication: the identity provider of an OAuth
 * 2.0 login ({@code /oauth2/authorization/{registrationId}}), otherwise the login page
 * with Spring Security's {@code factor.type} and {@code factor.reason} parameters. The
 * page to come back to is remembered in the request-cache cookie: a {@code GET} itself;
 * for a form post its page (the same-origin {@code Referer}, else the application's
 * root), so the form is shown again and never replayed.</li>
 * </ul>
 *
 * @author session-starter
 */
public class RecentAuthenticationFilter extends OncePerRequestFilter {

	/** The error code of RFC 9470 (OAuth 2.0 Step Up Authentication Challenge). */
	public static final String ERROR = RecentAuthenticationDecision.ERROR;

	private final RequestCache requestCache = new CookieRequestCache();

	private final String loginPage;

	/**
	 * Create a new filter.
	 * @param loginPage where a form-login user proves their identity again, e.g.
	 * {@code /login}
	 */
	public RecentAuthenticationFilter(String loginPage) {
		this.loginPage = loginPage;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			RecentAuthenticationDecision decision = RecentAuthenticationDecision.causeOf(ex);
			if (decision == null || response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			if (isApiCall(request)) {
				challenge(request, response, decision);
			}
			else {
				reauthenticate(request, response, decision);
			}
		}
	}

	private static void challenge(HttpServletRequest request, HttpServletResponse response,
			RecentAuthenticationDecision decision) throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				decision.challenge(BearerChallengeFilter.isBearer(request) ? "Bearer" : "Session"));
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write(decision.errorBody());
	}

	private void reauthenticate(HttpServletRequest request, HttpServletResponse response,
			RecentAuthenticationDecision decision) throws IOException {
		this.requestCache.saveRequest(pageToReturnTo(request), response);
		String provider = IdentityProviders.registrationId(currentAuthentication());
		response.sendRedirect(decision.reauthenticationPath(request.getContextPath(), this.loginPage, provider));
	}

	/**
	 * The request to remember: a GET as it is; anything else as a GET of the page it came
	 * from, when that page is on this origin (a form is shown again, never replayed).
	 */
	private static HttpServletRequest pageToReturnTo(HttpServletRequest request) {
		if (HttpMethod.GET.matches(request.getMethod())) {
			return request;
		}
		String page = PageRequests.sameOriginPage(request.getHeader(HttpHeaders.REFERER), request.getScheme(),
				request.getServerName(), request.getServerPort());
		if (page == null) {
			return new PageRequest(request, request.getContextPath() + "/", null);
		}
		int query = page.indexOf('?');
		return (query < 0) ? new PageRequest(request, page, null)
				: new PageRequest(request, page.substring(0, query), page.substring(query + 1));
	}

	private static @Nullable Authentication currentAuthentication() {
		return SecurityContextHolder.getContext().getAuthentication();
	}

	private static boolean isApiCall(HttpServletRequest request) {
		return BearerChallengeFilter.isBearer(request)
				|| PageRequests.isApiCall(request.getHeader(HttpHeaders.ACCEPT), request.getHeader("X-Requested-With"));
	}

	/**
	 * A request as the request cache should remember it: a GET of another page of this
	 * application.
	 */
	private static final class PageRequest extends HttpServletRequestWrapper {

		private final String path;

		private final @Nullable String query;

		PageRequest(HttpServletRequest request, String path, @Nullable String query) {
			super(request);
			this.path = path;
			this.query = query;
		}

		@Override
		public String getMethod() {
			return HttpMethod.GET.name();
		}

		@Override
		public String getRequestURI() {
			return this.path;
		}

		@Override
		public @Nullable String getQueryString() {
			return this.query;
		}

	}

}
