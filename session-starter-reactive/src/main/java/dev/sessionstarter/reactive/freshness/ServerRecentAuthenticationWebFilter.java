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
package dev.sessionstarter.reactive.freshness;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.sessionstarter.core.freshness.RecentAuthenticationDecision;
import dev.sessionstarter.core.security.IdentityProviders;
import dev.sessionstarter.core.web.PageRequests;
import dev.sessionstarter.reactive.security.QuietCookieServerRequestCache;
import dev.sessionstarter.reactive.security.ServerBearerChallengeWebFilter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Turns a denial by a {@link ServerRecentAuthentication} rule into a re-authentication,
 * the reactive counterpart of the servlet {@code RecentAuthenticationFilter}. It belongs
 * just inside Spring Security's exception translation, so the application's own entry
 * points and access-denied handlers stay as they are for everything else.
 *
 * <ul>
 * <li>API calls (a bearer token, {@code Accept: application/json} without HTML, or
 * {@code X-Requested-With: XMLHttpRequest}) get {@code 401} with {@code WWW-Authenticate}
 * carrying RFC 9470's {@code error="insufficient_user_authentication"} and
 * {@code max_age}, and {@code Cache-Control: no-store}.</li>
 * <li>Pages are redirected to the re-authentication: the identity provider of an OAuth
 * 2.0 login, otherwise the login page with Spring Security's {@code factor.type} and
 * {@code factor.reason} parameters. The page to come back to is remembered in the
 * request-cache cookie: a {@code GET} itself; for a form post its page (the same-origin
 * {@code Referer}, else the application's root), so the form is shown again and never
 * replayed.</li>
 * </ul>
 *
 * @author session-starter
 */
public class ServerRecentAuthenticationWebFilter implements WebFilter {

	private final ServerRequestCache requestCache = new QuietCookieServerRequestCache();

	private final String loginPage;

	/**
	 * Create a new filter.
	 * @param loginPage where a form-login user proves their identity again, e.g.
	 * {@code /login}
	 */
	public ServerRecentAuthenticationWebFilter(String loginPage) {
		this.loginPage = loginPage;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange).onErrorResume((ex) -> {
			RecentAuthenticationDecision decision = RecentAuthenticationDecision.causeOf(ex);
			if (decision == null || exchange.getResponse().isCommitted()) {
				return Mono.error(ex);
			}
			return isApiCall(exchange) ? challenge(exchange.getResponse(), decision, exchange)
					: reauthenticate(exchange, decision);
		});
	}

	private static Mono<Void> challenge(ServerHttpResponse response, RecentAuthenticationDecision decision,
			ServerWebExchange exchange) {
		response.setStatusCode(HttpStatus.UNAUTHORIZED);
		response.getHeaders()
			.set(HttpHeaders.WWW_AUTHENTICATE,
					decision.challenge(ServerBearerChallengeWebFilter.isBearer(exchange) ? "Bearer" : "Session"));
		response.getHeaders().setCacheControl("no-store");
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		return response
			.writeWith(Mono.just(response.bufferFactory().wrap(decision.errorBody().getBytes(StandardCharsets.UTF_8))));
	}

	private Mono<Void> reauthenticate(ServerWebExchange exchange, RecentAuthenticationDecision decision) {
		String contextPath = exchange.getRequest().getPath().contextPath().value();
		return this.requestCache.saveRequest(pageToReturnTo(exchange))
			.then(ReactiveSecurityContextHolder.getContext()
				.mapNotNull((context) -> provider(context.getAuthentication()))
				.defaultIfEmpty(""))
			.flatMap((provider) -> {
				ServerHttpResponse response = exchange.getResponse();
				response.setStatusCode(HttpStatus.FOUND);
				response.getHeaders()
					.setLocation(URI.create(decision.reauthenticationPath(contextPath, this.loginPage,
							provider.isEmpty() ? null : provider)));
				return response.setComplete();
			});
	}

	private static @Nullable String provider(@Nullable Authentication authentication) {
		return IdentityProviders.registrationId(authentication);
	}

	/**
	 * The request to remember, as a GET of a page (Spring Security's cookie cache
	 * remembers only those): a GET as it is; anything else as the page it came from, when
	 * that page is on this origin (a form is shown again, never replayed), else the
	 * application's root.
	 */
	private static ServerWebExchange pageToReturnTo(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		URI uri = request.getURI();
		URI target = uri;
		if (!HttpMethod.GET.equals(request.getMethod())) {
			String page = PageRequests.sameOriginPage(request.getHeaders().getFirst(HttpHeaders.REFERER),
					uri.getScheme(), String.valueOf(uri.getHost()), uri.getPort());
			target = uri.resolve((page != null) ? page : request.getPath().contextPath().value() + "/");
		}
		URI remembered = target;
		return exchange.mutate()
			.request((builder) -> builder.method(HttpMethod.GET)
				.uri(remembered)
				.headers((headers) -> headers.setAccept(List.of(MediaType.TEXT_HTML))))
			.build();
	}

	private static boolean isApiCall(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		return ServerBearerChallengeWebFilter.isBearer(exchange)
				|| PageRequests.isApiCall(headers.getFirst(HttpHeaders.ACCEPT), headers.getFirst("X-Requested-With"));
	}

}
