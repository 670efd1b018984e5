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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

/**
 * Puts {@link ServerBackChannelLogoutWebFilter} in the place of Spring Security's own
 * back-channel logout endpoint in a built filter chain. A reactive
 * {@code ServerHttpSecurity} has no configurer that runs after the application's own, so
 * a chain that configures {@code oidcLogout().backChannel()} is adapted once built: its
 * filters stay in their order, Spring Security's endpoint replaced.
 *
 * @author session-starter
 */
public final class ServerBackChannelLogoutChains {

	/** Spring Security's endpoint, a package-private class of its configuration. */
	static final String SPRING_SECURITY_FILTER = "org.springframework.security.config.web.server.OidcBackChannelLogoutWebFilter";

	private ServerBackChannelLogoutChains() {
	}

	/**
	 * The chain with the starter's endpoint in the place of Spring Security's, or the
	 * chain itself when it has no back-channel logout endpoint.
	 * @param chain a built chain
	 * @param endpoint makes the starter's endpoint, asked only when the chain has one
	 * @return the chain to use
	 */
	public static SecurityWebFilterChain adapt(SecurityWebFilterChain chain, Supplier<WebFilter> endpoint) {
		// Filters of a built chain are a list in memory: nothing waits here, and it runs
		// at start-up.
		List<WebFilter> filters = chain.getWebFilters().collectList().block();
		if (filters == null || filters.stream().noneMatch(ServerBackChannelLogoutChains::isSpringSecurityEndpoint)) {
			return chain;
		}
		WebFilter replacement = endpoint.get();
		List<WebFilter> adapted = new ArrayList<>();
		for (WebFilter filter : filters) {
			adapted.add(isSpringSecurityEndpoint(filter) ? replacement : filter);
		}
		return new AdaptedChain(chain, adapted);
	}

	private static boolean isSpringSecurityEndpoint(WebFilter filter) {
		return filter.getClass().getName().equals(SPRING_SECURITY_FILTER);
	}

	/**
	 * A chain's matcher with other filters.
	 */
	private record AdaptedChain(SecurityWebFilterChain chain,
			List<WebFilter> filters) implements SecurityWebFilterChain {

		@Override
		public Mono<Boolean> matches(ServerWebExchange exchange) {
			return this.chain.matches(exchange);
		}

		@Override
		public Flux<WebFilter> getWebFilters() {
			return Flux.fromIterable(this.filters);
		}

	}

}
