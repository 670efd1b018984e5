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

package dev.sessionstarter.reactive;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.core.token.TokenRejection;
import dev.sessionstarter.core.token.TokenTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Finds the session token of an exchange and hands new tokens to the client, with the
 * rules of the servlet side's {@code SessionTokenResolver}: tokens travel in the session
 * cookie, in an {@code Authorization: Bearer} header, or both, as configured, and never
 * in URLs; a request that carries two different tokens, or two {@code Authorization}
 * headers, has no session; a value that is not {@linkplain SessionTokens#isWellFormed
 * well formed} is dropped before the store is asked.
 *
 * <p>
 * The cookie is written with the attributes the servlet side writes ({@code Path=/},
 * {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax} unless configured otherwise) and
 * cleared with the same attributes and {@code Max-Age=0}, so the browser really drops it.
 *
 * @author session-starter
 */
public class ServerSessionTokenResolver implements WebSessionIdResolver {

	private static final String BEARER = "Bearer ";

	/**
	 * Marks an exchange whose token was already reported as rejected: the session manager
	 * resolves the token of one exchange twice (to load the session and again when it
	 * saves it).
	 */
	private static final String REPORTED_ATTRIBUTE = ServerSessionTokenResolver.class.getName() + ".REJECTION_REPORTED";

	private static final Log logger = LogFactory.getLog(ServerSessionTokenResolver.class);

	private final String cookieName;

	private final TokenTransport transport;

	private final String responseHeader;

	private Consumer<ResponseCookie.ResponseCookieBuilder> cookieAttributes = (
			cookie) -> cookie.path("/").secure(true).httpOnly(true).sameSite("Lax");

	private List<ServerTokenRejectionListener> rejectionListeners = List.of();

	/**
	 * Create a new resolver.
	 * @param cookieName the name of the session cookie
	 * @param transport where tokens travel
	 * @param responseHeader the response header that carries a new token to bearer
	 * clients
	 */
	public ServerSessionTokenResolver(String cookieName, TokenTransport transport, String responseHeader) {
		Assert.hasText(cookieName, "Cookie name must not be empty");
		Assert.hasText(responseHeader, "Response header must not be empty");
		this.cookieName = cookieName;
		this.transport = transport;
		this.responseHeader = responseHeader;
	}

	/**
	 * Set the attributes of the session cookie, replacing the defaults ({@code Path=/},
	 * {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax}).
	 * @param cookieAttributes sets the attributes on each cookie written
	 */
	public void setCookieAttributes(Consumer<ResponseCookie.ResponseCookieBuilder> cookieAttributes) {
		this.cookieAttributes = cookieAttributes;
	}

	/**
	 * Set the listeners told, once per exchange, about a presented token that was
	 * rejected without a store call. A listener that fails is logged and skipped: a
	 * rejected token still means "no session", never an error.
	 * @param rejectionListeners the listeners, in the order they are told
	 */
	public void setRejectionListeners(List<? extends ServerTokenRejectionListener> rejectionListeners) {
		this.rejectionListeners = List.copyOf(rejectionListeners);
	}

	@Override
	public List<String> resolveSessionIds(ServerWebExchange exchange) {
		List<String> presented = new ArrayList<>(2);
		if (this.transport != TokenTransport.HEADER) {
			List<HttpCookie> cookies = exchange.getRequest().getCookies().get(this.cookieName);
			if (cookies != null) {
				cookies.forEach((cookie) -> presented.add(cookie.getValue()));
			}
		}
		if (this.transport != TokenTransport.COOKIE) {
			List<String> headers = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
			if (headers.size() > 1) {
				rejected(exchange, TokenRejection.DUPLICATE_AUTHORIZATION);
				return List.of();
			}
			headers.stream().map(ServerSessionTokenResolver::bearerToken).forEach((bearer) -> {
				if (bearer != null) {
					presented.add(bearer);
				}
			});
		}
		if (presented.isEmpty()) {
			return List.of();
		}
		Set<String> distinct = new LinkedHashSet<>(presented);
		if (distinct.size() > 1) {
			rejected(exchange, TokenRejection.AMBIGUOUS);
			return List.of();
		}
		String token = distinct.iterator().next();
		if (!SessionTokens.isWellFormed(token)) {
			rejected(exchange, TokenRejection.MALFORMED);
			return List.of();
		}
		return List.of(token);
	}

	private void rejected(ServerWebExchange exchange, TokenRejection reason) {
		if (this.rejectionListeners.isEmpty()
				|| exchange.getAttributes().putIfAbsent(REPORTED_ATTRIBUTE, reason) != null) {
			return;
		}
		for (ServerTokenRejectionListener listener : this.rejectionListeners) {
			try {
				listener.rejected(exchange, reason);
			}
			catch (RuntimeException ex) {
				logger.warn("Rejected-token listener failed; the request still has no session", ex);
			}
		}
	}

	@Override
	public void setSessionId(ServerWebExchange exchange, String sessionId) {
		if (this.transport != TokenTransport.HEADER) {
			exchange.getResponse().getCookies().set(this.cookieName, cookie(sessionId).build());
		}
		if (sendsHeader(exchange)) {
			exchange.getResponse().getHeaders().set(this.responseHeader, sessionId);
		}
	}

	@Override
	public void expireSession(ServerWebExchange exchange) {
		if (this.transport != TokenTransport.HEADER) {
			exchange.getResponse().getCookies().set(this.cookieName, cookie("").maxAge(0).build());
		}
		if (sendsHeader(exchange)) {
			exchange.getResponse().getHeaders().set(this.responseHeader, "");
		}
	}

	private ResponseCookie.ResponseCookieBuilder cookie(String value) {
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(this.cookieName, value);
		this.cookieAttributes.accept(cookie);
		return cookie;
	}

	/**
	 * With both transports on, a token is revealed in a response header only to a client
	 * that already speaks bearer: otherwise a script injected into a page could read a
	 * token that the HttpOnly cookie keeps from it.
	 */
	private boolean sendsHeader(ServerWebExchange exchange) {
		if (this.transport == TokenTransport.HEADER) {
			return true;
		}
		return this.transport == TokenTransport.BOTH
				&& bearerToken(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)) != null;
	}

	private static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization == null || authorization.length() <= BEARER.length()
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		return authorization.substring(BEARER.length());
	}

}
