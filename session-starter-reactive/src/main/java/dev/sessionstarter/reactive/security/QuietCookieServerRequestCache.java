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

package dev.sessionstarter.reactive.security;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.savedrequest.CookieServerRequestCache;
import org.springframework.web.server.ServerWebExchange;

/**
 * Keeps the post-login redirect in a cookie, as Spring Security's
 * {@link CookieServerRequestCache} does, instead of in the session: the session request
 * cache stores a session for every anonymous hit on a protected page (the store flood of
 * Django's CVE-2015-5143). Unlike Spring Security's, it clears the cookie only when the
 * request carries one, rather than adding an expired cookie to every response.
 *
 * @author session-starter
 */
public class QuietCookieServerRequestCache extends CookieServerRequestCache {

	private static final String REDIRECT_URI_COOKIE_NAME = "REDIRECT_URI";

	@Override
	public Mono<ServerHttpRequest> removeMatchingRequest(ServerWebExchange exchange) {
		if (!exchange.getRequest().getCookies().containsKey(REDIRECT_URI_COOKIE_NAME)) {
			return Mono.empty();
		}
		return super.removeMatchingRequest(exchange);
	}

}
