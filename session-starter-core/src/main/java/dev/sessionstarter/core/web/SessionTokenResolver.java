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

package dev.sessionstarter.core.web;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.sessionstarter.core.token.SessionTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.CookieSerializer.CookieValue;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.util.Assert;

/**
 * Finds the session token of a request and hands new tokens to the client. Tokens travel
 * in the session cookie, in an {@code Authorization: Bearer} header, or both, as
 * configured; never in URLs (path parameters such as {@code ;jsessionid=} and query
 * parameters are not read).
 *
 * <p>
 * Spring Session's own cookie resolver tries every value it finds in turn. This one is
 * stricter, because ambiguity is an attack surface (cookie tossing from a sibling
 * subdomain, header smuggling): a request that carries two different tokens, or two
 * {@code Authorization} headers, has no session; a value that is not
 * {@linkplain SessionTokens#isWellFormed well formed} is dropped before the store is
 * asked.
 *
 * @author session-starter
 */
public class SessionTokenResolver implements HttpSessionIdResolver {

	private static final String BEARER = "Bearer ";

	private final CookieSerializer cookies;

	private final Transport transport;

	private final String responseHeader;

	private RejectionListener rejectionListener = (request, reason) -> {
	};

	/**
	 * Create a new resolver.
	 * @param cookies writes and reads the session cookie
	 * @param transport where tokens travel
	 * @param responseHeader the response header that carries a new token to bearer
	 * clients
	 */
	public SessionTokenResolver(CookieSerializer cookies, Transport transport, String responseHeader) {
		Assert.hasText(responseHeader, "Response header must not be empty");
		this.cookies = cookies;
		this.transport = transport;
		this.responseHeader = responseHeader;
	}

	/**
	 * Set a listener told about every presented token that was rejected without a store
	 * call (for metrics). It never receives the token.
	 * @param rejectionListener the listener
	 */
	public void setRejectionListener(RejectionListener rejectionListener) {
		this.rejectionListener = rejectionListener;
	}

	@Override
	public List<String> resolveSessionIds(HttpServletRequest request) {
		List<String> presented = new ArrayList<>(2);
		if (this.transport.cookie()) {
			presented.addAll(this.cookies.readCookieValues(request));
		}
		if (this.transport.header()) {
			Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
			int count = 0;
			while (headers != null && headers.hasMoreElements()) {
				String bearer = bearerToken(headers.nextElement());
				count++;
				if (bearer != null) {
					presented.add(bearer);
				}
			}
			if (count > 1) {
				this.rejectionListener.rejected(request, "duplicate-authorization");
				return List.of();
			}
		}
		if (presented.isEmpty()) {
			return List.of();
		}
		Set<String> distinct = new LinkedHashSet<>(presented);
		if (distinct.size() > 1) {
			this.rejectionListener.rejected(request, "ambiguous");
			return List.of();
		}
		String token = distinct.iterator().next();
		if (!SessionTokens.isWellFormed(token)) {
			this.rejectionListener.rejected(request, "malformed");
			return List.of();
		}
		return List.of(token);
	}

	@Override
	public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
		HttpSession session = request.getSession(false);
		if (session != null && !session.getAttributeNames().hasMoreElements()) {
			// A session that holds nothing is not stored, so its token would name
			// nothing; sending
			// it would only hand every anonymous visitor a fresh cookie.
			return;
		}
		if (this.transport.cookie()) {
			this.cookies.writeCookieValue(new CookieValue(request, response, sessionId));
		}
		if (sendsHeader(request)) {
			response.setHeader(this.responseHeader, sessionId);
		}
	}

	@Override
	public void expireSession(HttpServletRequest request, HttpServletResponse response) {
		if (this.transport.cookie()) {
			// An empty value makes the serializer write Max-Age=0 with the same
			// attributes as the
			// cookie it clears, so the browser really drops it.
			this.cookies.writeCookieValue(new CookieValue(request, response, ""));
		}
		if (sendsHeader(request)) {
			response.setHeader(this.responseHeader, "");
		}
	}

	/**
	 * With both transports on, a token is revealed in a response header only to a client
	 * that already speaks bearer: otherwise a script injected into a page could read a
	 * token that the HttpOnly cookie keeps from it.
	 */
	private boolean sendsHeader(HttpServletRequest request) {
		if (this.transport == Transport.HEADER) {
			return true;
		}
		return this.transport == Transport.BOTH && request.getHeader(HttpHeaders.AUTHORIZATION) != null
				&& bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION)) != null;
	}

	private static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization == null || authorization.length() <= BEARER.length()
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		return authorization.substring(BEARER.length());
	}

	/**
	 * Where session tokens travel.
	 */
	public enum Transport {

		/** Only the session cookie. */
		COOKIE,

		/**
		 * Only {@code Authorization: Bearer}; new tokens are sent in a response header.
		 */
		HEADER,

		/** Both; a request that presents two different tokens has no session. */
		BOTH;

		boolean cookie() {
			return this != HEADER;
		}

		boolean header() {
			return this != COOKIE;
		}

	}

	/**
	 * Told about presented tokens that were rejected without a store call.
	 */
	@FunctionalInterface
	public interface RejectionListener {

		/**
		 * Called for each rejected request.
		 * @param request the request
		 * @param reason {@code malformed}, {@code ambiguous} or
		 * {@code duplicate-authorization}
		 */
		void rejected(HttpServletRequest request, String reason);

	}

}
