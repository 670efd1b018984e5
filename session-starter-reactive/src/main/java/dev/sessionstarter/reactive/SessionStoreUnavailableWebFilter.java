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

import java.time.Duration;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionStoreUnavailableEvent;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionStoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers {@code 503 Service Unavailable} with {@code Retry-After} when an exchange needs
 * its session and the store cannot be reached, as the servlet side's
 * {@code SessionStoreUnavailableFilter} does. Treating such a request as having no
 * session would log users out during an outage (and may start a fresh session in their
 * name); failing closed keeps both from happening. Exchanges that never touch the session
 * are not affected. Must run outside Spring Security's filter chain, whose filters load
 * the session; the default {@linkplain #ORDER order} does.
 *
 * <p>
 * Each 503 is announced with a {@link SessionStoreUnavailableEvent} through the store.
 * The filter also puts the exchange's client ({@link SessionEventContext}) in the
 * subscriber's context, where {@link ReactiveRedisSessionRepository} finds it for the
 * events of the store calls made within the filter chain, and an empty
 * {@link ServerRotationReason}, where the code that rotates the session says why.
 *
 * @author session-starter
 */
public class SessionStoreUnavailableWebFilter implements WebFilter, Ordered {

	/**
	 * The default order: ahead of Spring Security's {@code WebFilterChainProxy} (-100).
	 */
	public static final int ORDER = -200;

	private static final Log logger = LogFactory.getLog(SessionStoreUnavailableWebFilter.class);

	private final Duration retryAfter;

	private final @Nullable RedisSessionStore store;

	private int order = ORDER;

	/**
	 * Create a new filter.
	 * @param retryAfter the delay suggested to clients
	 * @param store the store that announces each 503, or {@code null}
	 */
	public SessionStoreUnavailableWebFilter(Duration retryAfter, @Nullable RedisSessionStore store) {
		this.retryAfter = retryAfter;
		this.store = store;
	}

	/**
	 * Set the order of this filter.
	 * @param order the order
	 */
	public void setOrder(int order) {
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange).onErrorResume((ex) -> {
			SessionStoreUnavailableException unavailable = SessionStoreUnavailableException.in(ex);
			return (unavailable != null && !exchange.getResponse().isCommitted()) ? unavailable(exchange, unavailable)
					: Mono.error(ex);
		})
			.contextWrite((context) -> ServerRotationReason
				.in(context.put(SessionEventContext.class, ServerClientDevice.eventContext(exchange))));
	}

	private Mono<Void> unavailable(ServerWebExchange exchange, SessionStoreUnavailableException unavailable) {
		ServerHttpResponse response = exchange.getResponse();
		logger.warn("Session store unavailable, answering 503: " + unavailable.getMessage());
		if (this.store != null) {
			this.store.publishEvent(new SessionStoreUnavailableEvent(this, ServerClientDevice.eventContext(exchange),
					unavailable.causeName()));
		}
		// Nothing the application prepared goes out: no new cookie, no cleared cookie.
		response.getCookies().clear();
		response.getHeaders().clear();
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, this.retryAfter.toSeconds())));
		response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
		return response.setComplete();
	}

}
