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

package dev.sessionstarter.servlet.dbsc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.sessionstarter.core.dbsc.BoundRequest;
import dev.sessionstarter.core.dbsc.DeviceBindingCheck;
import dev.sessionstarter.core.dbsc.DeviceBindingEndpoints;
import dev.sessionstarter.core.dbsc.DeviceBindingEndpoints.Answer;
import dev.sessionstarter.core.dbsc.DeviceBindingEndpoints.EndpointRequest;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionRequestScope;
import dev.sessionstarter.core.store.StoredSession;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves Device Bound Session Credentials on a servlet application: answers the
 * registration and refresh endpoints ({@link DeviceBindingEndpoints}, which say what and
 * why) and tells {@link DeviceBindingCheck} which bound cookie each request carries.
 *
 * <p>
 * It runs after Spring Session's filter and ahead of Spring Security, and answers exactly
 * {@code POST} to the two paths itself, with no CSRF token. Every other request, and CSRF
 * protection for it, is left as it is.
 *
 * @author session-starter
 */
public class DeviceBindingFilter extends OncePerRequestFilter {

	private final DeviceBindingEndpoints endpoints;

	private final RedisSessionStore store;

	private final String cookieName;

	/**
	 * Create a new filter.
	 * @param endpoints the endpoints' answers
	 * @param store the store of the sessions
	 * @param cookieName the name of the bound cookie
	 */
	public DeviceBindingFilter(DeviceBindingEndpoints endpoints, RedisSessionStore store, String cookieName) {
		this.endpoints = endpoints;
		this.store = store;
		this.cookieName = cookieName;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean endpoint = request.getDispatcherType() == DispatcherType.REQUEST
				&& this.endpoints.isEndpoint(request.getMethod(), path);
		try (SessionRequestScope.Opened scope = new BoundRequest(boundCookie(request), endpoint).open()) {
			if (!endpoint) {
				chain.doFilter(request, response);
				return;
			}
			Answer answer = this.endpoints.answer(path,
					new EndpointRequest(session(request), request.getHeader(DeviceBindingEndpoints.SESSION_ID_HEADER),
							request.getHeader(DeviceBindingEndpoints.RESPONSE_HEADER), request.getContextPath(),
							SessionEventContext.current()));
			write(answer, response);
		}
	}

	private @Nullable String boundCookie(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		List<String> values = new ArrayList<>(1);
		for (Cookie cookie : (cookies != null) ? cookies : new Cookie[0]) {
			if (cookie.getName().equals(this.cookieName)) {
				values.add(cookie.getValue());
			}
		}
		return DeviceBindingEndpoints.boundCookie(values);
	}

	/** The session of the request's cookie, as this request loaded it. */
	private @Nullable StoredSession session(HttpServletRequest request) {
		HttpSession http = request.getSession(false);
		return (http != null) ? this.store.findById(http.getId()) : null;
	}

	private static void write(Answer answer, HttpServletResponse response) throws IOException {
		response.setStatus(answer.status());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (answer.challenge() != null) {
			response.setHeader(DeviceBindingEndpoints.CHALLENGE_HEADER, answer.challenge());
		}
		if (answer.setCookie() != null) {
			response.addHeader(HttpHeaders.SET_COOKIE, answer.setCookie());
		}
		byte[] json = answer.json();
		if (json != null) {
			response.setContentType("application/json");
			response.getOutputStream().write(json);
		}
	}

}
