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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.sessionstarter.core.store.ApiTokenReplies;
import dev.sessionstarter.core.store.TokenFamilies;
import dev.sessionstarter.reactive.security.RotatingServerSecurityContextRepository;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The API token endpoints of a reactive application, as the servlet side's
 * {@code ApiTokenEndpoints}: {@code POST <base>/token} (RFC 6749's {@code password} and
 * {@code refresh_token} grants), {@code POST <base>/revoke} (RFC 7009) and
 * {@code POST <base>/introspect} (RFC 7662, for an authenticated caller with the
 * introspection authority).
 *
 * <p>
 * A web filter ahead of Spring Security's: the endpoints take no cookies and create no
 * session, so CSRF protection and the application's authorization rules have nothing to
 * guard. Parameters come from the form body only, each at most once. The password grant
 * authenticates through the application's {@link ReactiveAuthenticationManager}; the
 * token families' Redis work runs on a worker scheduler, never on an event-loop thread. A
 * store outage surfaces as 503 through {@link SessionStoreUnavailableWebFilter}, which
 * comes first.
 *
 * @author session-starter
 */
public class ServerApiTokenEndpoints implements WebFilter, Ordered {

	/**
	 * The default order: after {@link SessionStoreUnavailableWebFilter}, ahead of Spring
	 * Security's {@code WebFilterChainProxy} (-100).
	 */
	public static final int ORDER = SessionStoreUnavailableWebFilter.ORDER + 10;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String basePath;

	private final TokenFamilies families;

	private final Supplier<ReactiveAuthenticationManager> authenticationManager;

	private final String introspectionAuthority;

	private final Scheduler scheduler = Schedulers.boundedElastic();

	private @Nullable AuthenticationEventPublisher eventPublisher;

	/**
	 * Create a new instance.
	 * @param basePath the path the endpoints live under, e.g. {@code /oauth2}
	 * @param families the token families
	 * @param authenticationManager authenticates the password grant (resolved on first
	 * use)
	 * @param introspectionAuthority the authority a caller of the introspection endpoint
	 * must hold
	 */
	public ServerApiTokenEndpoints(String basePath, TokenFamilies families,
			Supplier<ReactiveAuthenticationManager> authenticationManager, String introspectionAuthority) {
		this.basePath = basePath;
		this.families = families;
		this.authenticationManager = authenticationManager;
		this.introspectionAuthority = introspectionAuthority;
	}

	/**
	 * Resolve the authentication manager now, failing if there is none.
	 * @throws IllegalStateException if no authentication manager can be obtained
	 */
	public void checkAuthenticationManager() {
		if (this.authenticationManager.get() == null) {
			throw new IllegalStateException("API tokens need a ReactiveAuthenticationManager");
		}
	}

	/**
	 * Announce the password grant's logins and failed logins as Spring Security's
	 * authentication events, as a servlet {@code ProviderManager} does: Spring Security's
	 * reactive authentication managers publish none, and the starter's failed-login
	 * bursts are counted from them.
	 * @param eventPublisher the publisher, usually a
	 * {@code DefaultAuthenticationEventPublisher}
	 */
	public void setAuthenticationEventPublisher(AuthenticationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String endpoint = ApiTokenReplies.endpoint(exchange.getRequest().getPath().pathWithinApplication().value(),
				this.basePath);
		if (endpoint == null) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getHeaders().set(HttpHeaders.PRAGMA, "no-cache");
		if (!HttpMethod.POST.equals(exchange.getRequest().getMethod())) {
			response.getHeaders().set(HttpHeaders.ALLOW, HttpMethod.POST.name());
			response.setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
			return response.setComplete();
		}
		if (!exchange.getRequest().getQueryParams().isEmpty() || exchange.getRequest().getURI().getRawQuery() != null) {
			return error(exchange, "invalid_request", "parameters belong in the request body, not the URL");
		}
		if (!ApiTokenReplies.isForm(exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))) {
			return error(exchange, "invalid_request", "the body must be application/x-www-form-urlencoded");
		}
		// A body that cannot be decoded ("%zz") or is over the codecs' limit is the
		// client's mistake, not a 500.
		Mono<Optional<MultiValueMap<String, String>>> body = exchange.getFormData()
			.map(Optional::of)
			.onErrorResume((ex) -> ex instanceof IllegalArgumentException || ex instanceof DataBufferLimitException,
					(ex) -> Mono.just(Optional.empty()));
		return body.flatMap((parsed) -> {
			if (parsed.isEmpty()) {
				return error(exchange, "invalid_request", "the body is not a valid form");
			}
			MultiValueMap<String, String> form = parsed.get();
			for (List<String> values : form.values()) {
				if (values.size() > 1) {
					return error(exchange, "invalid_request", "a parameter was sent more than once");
				}
			}
			return switch (endpoint) {
				case "token" -> token(exchange, form);
				case "revoke" -> revoke(exchange, form);
				default -> introspect(exchange, form);
			};
		});
	}

	private Mono<Void> token(ServerWebExchange exchange, MultiValueMap<String, String> form) {
		String grantType = form.getFirst("grant_type");
		Mono<Optional<TokenFamilies.Tokens>> tokens;
		if ("password".equals(grantType)) {
			String username = form.getFirst("username");
			String password = form.getFirst("password");
			if (username == null || password == null) {
				return error(exchange, "invalid_request", "username and password are required");
			}
			tokens = login(username, password);
		}
		else if ("refresh_token".equals(grantType)) {
			String refreshToken = form.getFirst("refresh_token");
			if (refreshToken == null) {
				return error(exchange, "invalid_request", "refresh_token is required");
			}
			tokens = onWorker(() -> this.families.refresh(refreshToken));
		}
		else {
			return error(exchange, (grantType != null) ? "unsupported_grant_type" : "invalid_request",
					"grant_type must be 'password' or 'refresh_token'");
		}
		return tokens.flatMap(
				(issued) -> issued.isPresent() ? write(exchange, HttpStatus.OK, ApiTokenReplies.tokens(issued.get()))
						: error(exchange, "invalid_grant", "the credentials or the refresh token are not valid"));
	}

	private Mono<Optional<TokenFamilies.Tokens>> login(String username, String password) {
		return this.authenticationManager.get()
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password))
			.filter(Authentication::isAuthenticated)
			.doOnError(AuthenticationException.class, (ex) -> {
				if (this.eventPublisher != null) {
					// The event names the user, never the password tried.
					this.eventPublisher.publishAuthenticationFailure(ex,
							UsernamePasswordAuthenticationToken.unauthenticated(username, null));
				}
			})
			.flatMap((authentication) -> {
				// The password must not travel into the stored security context.
				Authentication stored = (authentication.getCredentials() != null) ? UsernamePasswordAuthenticationToken
					.authenticated(authentication.getPrincipal(), null, authentication.getAuthorities())
						: authentication;
				if (this.eventPublisher != null) {
					this.eventPublisher.publishAuthenticationSuccess(stored);
				}
				return onWorker(() -> this.families.issue(stored.getName(), new SecurityContextImpl(stored)));
			})
			.onErrorResume(AuthenticationException.class, (ex) -> Mono.empty())
			.defaultIfEmpty(Optional.empty());
	}

	private Mono<Void> revoke(ServerWebExchange exchange, MultiValueMap<String, String> form) {
		String token = form.getFirst("token");
		if (token == null) {
			return error(exchange, "invalid_request", "token is required");
		}
		// RFC 7009 §2.2: the answer is the same whether or not the token was valid.
		return Mono.fromRunnable(() -> this.families.revoke(token)).subscribeOn(this.scheduler).then(Mono.defer(() -> {
			exchange.getResponse().setStatusCode(HttpStatus.OK);
			return exchange.getResponse().setComplete();
		}));
	}

	private Mono<Void> introspect(ServerWebExchange exchange, MultiValueMap<String, String> form) {
		return caller(exchange).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((caller) -> {
			ServerHttpResponse response = exchange.getResponse();
			if (caller.isEmpty()) {
				response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
				response.setStatusCode(HttpStatus.UNAUTHORIZED);
				return response.setComplete();
			}
			if (!ApiTokenReplies.mayIntrospect(caller.get(), this.introspectionAuthority)) {
				response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
				response.setStatusCode(HttpStatus.FORBIDDEN);
				return response.setComplete();
			}
			String token = form.getFirst("token");
			if (token == null) {
				return error(exchange, "invalid_request", "token is required");
			}
			return Mono.fromCallable(() -> ApiTokenReplies.introspection(this.families.introspect(token)))
				.subscribeOn(this.scheduler)
				.flatMap((body) -> write(exchange, HttpStatus.OK, body));
		});
	}

	/**
	 * The caller's authentication from its session (cookie or bearer token), read as
	 * Spring Security would; the endpoints run ahead of Spring Security's filters.
	 */
	private static Mono<Authentication> caller(ServerWebExchange exchange) {
		return exchange.getSession()
			.mapNotNull((session) -> session.getAttributes()
				.get(RotatingServerSecurityContextRepository.ATTRIBUTE) instanceof SecurityContext context
						? context.getAuthentication() : null)
			.filter(Authentication::isAuthenticated);
	}

	private <T> Mono<Optional<T>> onWorker(Supplier<@Nullable T> call) {
		return Mono.fromCallable(() -> Optional.ofNullable(call.get())).subscribeOn(this.scheduler);
	}

	private static Mono<Void> error(ServerWebExchange exchange, String code, String description) {
		return write(exchange, HttpStatus.BAD_REQUEST, ApiTokenReplies.error(code, description));
	}

	private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, Map<String, Object> body) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		DataBuffer buffer = response.bufferFactory().wrap(json.writeValueAsBytes(body));
		return response.writeWith(Mono.just(buffer));
	}

}
