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

import dev.sessionstarter.core.token.TokenRejection;
import dev.sessionstarter.core.token.TokenTransport;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.sessionstarter.core.token.SessionTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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

	/**
	 * Marks a request whose token was already reported as rejected: Spring Session's
	 * filter resolves the token of one request more than once.
	 */
	private static final String REPORTED_ATTRIBUTE = SessionTokenResolver.class.getName() + ".REJECTION_REPORTED";

	private static final Log logger = LogFactory.getLog(SessionTokenResolver.class);

	private final CookieSerializer cookies;

	private final TokenTransport transport;

	private final String responseHeader;

	private List<RejectionListener> rejectionListeners = List.of();

	/**
	 * Create a new resolver.
	 * @param cookies writes and reads the session cookie
	 * @param transport where tokens travel
	 * @param responseHeader the response header that carries a new token to bearer
	 * clients
	 */
	public SessionTokenResolver(CookieSerializer cookies, TokenTransport transport, String responseHeader) {
		Assert.hasText(responseHeader, "Response header must not be empty");
		this.cookies = cookies;
		this.transport = transport;
		this.responseHeader = responseHeader;
	}

	/**
	 * Set the listeners told, once per request, about a presented token that was rejected
	 * without a store call (for metrics). They never receive the token. A listener that
	 * fails is logged and skipped: a rejected token still means "no session", never an
	 * error.
	 * @param rejectionListeners the listeners, in the order they are told
	 */
	public void setRejectionListeners(List<? extends RejectionListener> rejectionListeners) {
		this.rejectionListeners = List.copyOf(rejectionListeners);
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
				rejected(request, TokenRejection.DUPLICATE_AUTHORIZATION);
				return List.of();
			}
		}
		if (presented.isEmpty()) {
			return List.of();
		}
		Set<String> distinct = new LinkedHashSet<>(presented);
		if (distinct.size() > 1) {
			rejected(request, TokenRejection.AMBIGUOUS);
			return List.of();
		}
		String token = distinct.iterator().next();
		if (!SessionTokens.isWellFormed(token)) {
			rejected(request, TokenRejection.MALFORMED);
			return List.of();
		}
		return List.of(token);
	}

	private void rejected(HttpServletRequest request, TokenRejection reason) {
		if (this.rejectionListeners.isEmpty() || request.getAttribute(REPORTED_ATTRIBUTE) != null) {
			return;
		}
		request.setAttribute(REPORTED_ATTRIBUTE, reason);
		for (RejectionListener listener : this.rejectionListeners) {
			try {
				listener.rejected(request, reason);
			}
			catch (RuntimeException ex) {
				logger.warn("Rejected-token listener failed; the request still has no session", ex);
			}
		}
	}

	@Override
	public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
		HttpSession session = request.getSession(false);
		if (session != null && !session.getAttributeNames().hasMoreElements()) {
			// A session that holds nothing is not stored, so its token would name
			// nothing; sending it would only hand every anonymous visitor a fresh cookie.
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
			// attributes as the cookie it clears, so the browser really drops it.
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
		if (this.transport == TokenTransport.HEADER) {
			return true;
		}
		return this.transport == TokenTransport.BOTH && request.getHeader(HttpHeaders.AUTHORIZATION) != null
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
	 * Told about presented tokens that were rejected without a store call.
	 */
	@FunctionalInterface
	public interface RejectionListener {

		/**
		 * Called once for each request whose token was rejected.
		 * @param request the request
		 * @param reason why the token was rejected
		 */
		void rejected(HttpServletRequest request, TokenRejection reason);

	}

}
