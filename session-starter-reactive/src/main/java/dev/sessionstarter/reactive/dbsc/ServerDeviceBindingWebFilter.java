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

package dev.sessionstarter.reactive.dbsc;

import java.util.List;
import java.util.Optional;

import dev.sessionstarter.core.dbsc.BoundRequest;
import dev.sessionstarter.core.dbsc.DeviceBindingCheck;
import dev.sessionstarter.core.dbsc.DeviceBindingEndpoints;
import dev.sessionstarter.core.dbsc.DeviceBindingEndpoints.Answer;
import dev.sessionstarter.core.dbsc.DeviceBindingEndpoints.EndpointRequest;
import dev.sessionstarter.core.store.SessionRequestScope;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.reactive.ReactiveRedisSessionRepository;
import dev.sessionstarter.reactive.ServerApiTokenEndpoints;
import dev.sessionstarter.reactive.ServerClientDevice;
import dev.sessionstarter.reactive.SessionStoreUnavailableWebFilter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Serves Device Bound Session Credentials on a reactive application, the counterpart of
 * the servlet {@code DeviceBindingFilter}: answers the registration and refresh endpoints
 * ({@link DeviceBindingEndpoints}, which say what and why) and tells
 * {@link DeviceBindingCheck} which bound cookie each request carries, through the
 * subscriber's context to the session load ({@link SessionRequestScope}).
 *
 * <p>
 * A web filter ahead of Spring Security's: it answers exactly {@code POST} to the two
 * paths itself, with no CSRF token, loading the session of the request's token once
 * (without Spring's session manager, which would save it again). The endpoints' Redis
 * work runs on a worker scheduler, never on an event loop; a store outage surfaces as 503
 * through {@link SessionStoreUnavailableWebFilter}, which comes first. Every other
 * request, and CSRF protection for it, is left as it is.
 *
 * @author session-starter
 */
public class ServerDeviceBindingWebFilter implements WebFilter, Ordered {

	/**
	 * The default order: after {@link SessionStoreUnavailableWebFilter} and
	 * {@link ServerApiTokenEndpoints}, ahead of Spring Security's
	 * {@code WebFilterChainProxy} (-100).
	 */
	public static final int ORDER = ServerApiTokenEndpoints.ORDER + 10;

	private final DeviceBindingEndpoints endpoints;

	private final ReactiveRedisSessionRepository sessions;

	private final WebSessionIdResolver tokenResolver;

	private final String cookieName;

	private final Scheduler scheduler = Schedulers.boundedElastic();

	/**
	 * Create a new filter.
	 * @param endpoints the endpoints' answers
	 * @param sessions the sessions
	 * @param tokenResolver reads the session token of a request, as the session manager
	 * does
	 * @param cookieName the name of the bound cookie
	 */
	public ServerDeviceBindingWebFilter(DeviceBindingEndpoints endpoints, ReactiveRedisSessionRepository sessions,
			WebSessionIdResolver tokenResolver, String cookieName) {
		this.endpoints = endpoints;
		this.sessions = sessions;
		this.tokenResolver = tokenResolver;
		this.cookieName = cookieName;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String path = request.getPath().pathWithinApplication().value();
		if (!this.endpoints.isEndpoint(request.getMethod().name(), path)) {
			BoundRequest bound = new BoundRequest(boundCookie(request), false);
			return chain.filter(exchange).contextWrite((context) -> context.put(SessionRequestScope.class, bound));
		}
		return session(exchange).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((session) -> {
			EndpointRequest endpointRequest = new EndpointRequest(session.orElse(null),
					request.getHeaders().getFirst(DeviceBindingEndpoints.SESSION_ID_HEADER),
					request.getHeaders().getFirst(DeviceBindingEndpoints.RESPONSE_HEADER),
					request.getPath().contextPath().value(), ServerClientDevice.eventContext(exchange));
			return Mono.fromCallable(() -> this.endpoints.answer(path, endpointRequest)).subscribeOn(this.scheduler);
		}).flatMap((answer) -> write(answer, exchange.getResponse()));
	}

	private @Nullable String boundCookie(ServerHttpRequest request) {
		List<HttpCookie> cookies = request.getCookies().getOrDefault(this.cookieName, List.of());
		return DeviceBindingEndpoints.boundCookie(cookies.stream().map(HttpCookie::getValue).toList());
	}

	/**
	 * The session of the request's token, loaded as the proof endpoint's: the bound
	 * cookie is not asked for, the proof stands in for it.
	 */
	private Mono<StoredSession> session(ServerWebExchange exchange) {
		List<String> tokens = this.tokenResolver.resolveSessionIds(exchange);
		if (tokens.size() != 1) {
			return Mono.empty();
		}
		BoundRequest proofEndpoint = new BoundRequest(null, true);
		return this.sessions.findById(tokens.get(0))
			.contextWrite((context) -> context.put(SessionRequestScope.class, proofEndpoint));
	}

	private static Mono<Void> write(Answer answer, ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.valueOf(answer.status()));
		HttpHeaders headers = response.getHeaders();
		headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
		if (answer.challenge() != null) {
			headers.set(DeviceBindingEndpoints.CHALLENGE_HEADER, answer.challenge());
		}
		if (answer.setCookie() != null) {
			headers.add(HttpHeaders.SET_COOKIE, answer.setCookie());
		}
		byte[] json = answer.json();
		if (json == null) {
			return response.setComplete();
		}
		headers.setContentType(MediaType.APPLICATION_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
	}

}
