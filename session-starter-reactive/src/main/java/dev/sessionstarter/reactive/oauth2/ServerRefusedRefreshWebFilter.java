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
package dev.sessionstarter.reactive.oauth2;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.sessionstarter.core.oauth2.RefusedRefresh;
import dev.sessionstarter.core.web.PageRequests;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;

/**
 * Ends the session when the identity provider refuses to refresh its tokens
 * ({@code invalid_grant}), the reactive counterpart of the servlet
 * {@code RefusedRefreshFilter}. Spring Security's OAuth 2.0 client drops the authorized
 * client and lets the refusal escape as an error, which would answer 500 on every request
 * while the session still looks signed in. Here the session is invalidated instead
 * (deleted in the store, like a logout), and the client is told: 401 for API calls, for
 * pages a redirect to the page asked for (or the application's root after a non-GET
 * request), where the now anonymous request starts a new login ({@link RefusedRefresh}).
 *
 * @author session-starter
 */
public class ServerRefusedRefreshWebFilter implements WebFilter {

	private static final Log logger = LogFactory.getLog(ServerRefusedRefreshWebFilter.class);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange)
			.onErrorResume((ex) -> RefusedRefresh.isRefusedGrant(ex) && !exchange.getResponse().isCommitted(),
					(ex) -> exchange.getSession()
						.flatMap(WebSession::invalidate)
						.doOnSuccess((ended) -> logger
							.info("Session ended: the identity provider refused to refresh its tokens (invalid_grant)"))
						.then(Mono.defer(() -> answer(exchange))));
	}

	private static Mono<Void> answer(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		HttpHeaders headers = request.getHeaders();
		if (PageRequests.isApiCall(headers.getFirst(HttpHeaders.ACCEPT), headers.getFirst("X-Requested-With"))) {
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			response.getHeaders().setCacheControl("no-store");
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			return response.writeWith(
					Mono.just(response.bufferFactory().wrap(RefusedRefresh.API_BODY.getBytes(StandardCharsets.UTF_8))));
		}
		response.setStatusCode(HttpStatus.FOUND);
		response.getHeaders()
			.setLocation(URI.create(
					RefusedRefresh.redirectTarget(HttpMethod.GET.equals(request.getMethod()), request.getPath().value(),
							request.getURI().getRawQuery(), request.getPath().contextPath().value())));
		return response.setComplete();
	}

}
