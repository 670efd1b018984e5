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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.sessionstarter.core.oauth2.BackChannelLogout;
import dev.sessionstarter.core.oauth2.LogoutTokenValidator;
import dev.sessionstarter.core.store.ProviderSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive OpenID Connect Back-Channel Logout 1.0 endpoint, the counterpart of the
 * servlet {@code BackChannelLogoutFilter}, at Spring Security's path {@code POST
 * /logout/connect/back-channel/{registrationId}}: the logout token is verified (signature
 * against the provider's JWKS, fetched without blocking, then the checks of
 * {@link LogoutTokenValidator}), used once ({@code jti} remembered in Redis until the
 * token expires), and ends the matching sessions of every node, servlet or reactive,
 * directly in Redis ({@link ProviderSessions}). The answer is 200, or 400 with an OAuth
 * 2.0 error, both with {@code Cache-Control: no-store}; 503 while the provider's keys
 * cannot be read.
 *
 * <p>
 * It takes the place of Spring Security's {@code OidcBackChannelLogoutWebFilter}, whose
 * default handler ends each session by replaying its session cookie over HTTP to
 * {@code /logout} (which needs the raw session token the store never keeps) and which
 * accepts a token any number of times. Ending the sessions is a rare call of a few Redis
 * scripts; it runs on a worker thread, never on an event loop.
 *
 * @author session-starter
 */
public class ServerBackChannelLogoutWebFilter implements WebFilter {

	private static final Log logger = LogFactory.getLog(ServerBackChannelLogoutWebFilter.class);

	private final ServerWebExchangeMatcher endpoint = new PathPatternParserServerWebExchangeMatcher(
			BackChannelLogout.PATH, HttpMethod.POST);

	private final ReactiveClientRegistrationRepository registrations;

	private final BackChannelLogout logout;

	private final Scheduler scheduler;

	private final Map<String, ReactiveJwtDecoder> decoders = new ConcurrentHashMap<>();

	/**
	 * Create the endpoint.
	 * @param registrations the client registrations, with their providers' issuers and
	 * JWKS
	 * @param logout what ends the sessions a valid token names
	 */
	public ServerBackChannelLogoutWebFilter(ReactiveClientRegistrationRepository registrations,
			BackChannelLogout logout) {
		this(registrations, logout, Schedulers.boundedElastic());
	}

	/**
	 * Create the endpoint.
	 * @param registrations the client registrations
	 * @param logout what ends the sessions a valid token names
	 * @param scheduler where the sessions are ended (Redis calls that block)
	 */
	public ServerBackChannelLogoutWebFilter(ReactiveClientRegistrationRepository registrations,
			BackChannelLogout logout, Scheduler scheduler) {
		this.registrations = registrations;
		this.logout = logout;
		this.scheduler = scheduler;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return this.endpoint.matches(exchange)
			.flatMap((match) -> match.isMatch()
					? answer(exchange, String.valueOf(match.getVariables().get("registrationId")))
					: chain.filter(exchange));
	}

	private Mono<Void> answer(ServerWebExchange exchange, String registrationId) {
		exchange.getResponse().getHeaders().setCacheControl("no-store");
		Mono<@Nullable ClientRegistration> registration = this.registrations.findByRegistrationId(registrationId);
		return registration.map(Holder::new)
			.defaultIfEmpty(new Holder(null))
			.zipWith(exchange.getFormData())
			.flatMap((found) -> {
				ClientRegistration client = found.getT1().registration();
				String logoutToken = BackChannelLogout.logoutToken(found.getT2().get("logout_token"),
						exchange.getRequest().getQueryParams().containsKey("logout_token"));
				String refusal = BackChannelLogout.refusal(client, logoutToken);
				if (refusal != null || client == null || logoutToken == null) {
					return refuse(exchange.getResponse(), refusal);
				}
				return decode(client, logoutToken, exchange.getResponse());
			});
	}

	private Mono<Void> decode(ClientRegistration registration, String logoutToken, ServerHttpResponse response) {
		ReactiveJwtDecoder decoder = this.decoders.computeIfAbsent(registration.getRegistrationId(),
				(id) -> decoder(registration));
		// Only the decoding's failures are answered here; those of ending the sessions
		// (Redis unreachable) go on to the 503 filter.
		return decoder.decode(logoutToken)
			.map(Decoded::valid)
			.onErrorResume(BadJwtException.class, (ex) -> Mono.just(Decoded.refused(ex.getMessage())))
			.onErrorResume((ex) -> ex instanceof JwtException || ex instanceof IllegalStateException, (ex) -> {
				// The provider's JWKS could not be read: the provider may retry later.
				logger.warn("Back-channel logout for '" + registration.getRegistrationId()
						+ "' failed: the provider's keys are unavailable (" + ex.getMessage() + ")");
				return Mono.just(Decoded.UNAVAILABLE);
			})
			.flatMap((decoded) -> {
				if (decoded.token() != null) {
					return end(registration, decoded.token(), response);
				}
				if (decoded == Decoded.UNAVAILABLE) {
					response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
					return Mono.empty();
				}
				return refuse(response, decoded.refusal());
			});
	}

	private Mono<Void> end(ClientRegistration registration, Jwt token, ServerHttpResponse response) {
		return Mono.fromCallable(() -> this.logout.end(token)).subscribeOn(this.scheduler).flatMap((ended) -> {
			if (ended.replayed()) {
				return refuse(response, "this logout token has been used before");
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Back-channel logout from '" + registration.getRegistrationId() + "' ended "
						+ ended.sessions().size() + " session(s)");
			}
			response.setStatusCode(HttpStatus.OK);
			return Mono.empty();
		});
	}

	/**
	 * A registration's decoder: its provider's JWKS, fetched and cached by Nimbus.
	 */
	private ReactiveJwtDecoder decoder(ClientRegistration registration) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSetUri(String.valueOf(registration.getProviderDetails().getJwkSetUri()))
			.jwsAlgorithms((algorithms) -> algorithms.addAll(BackChannelLogout.SIGNATURE_ALGORITHMS))
			.build();
		decoder.setJwtValidator(this.logout.validator(registration));
		return decoder;
	}

	private static Mono<Void> refuse(ServerHttpResponse response, @Nullable String description) {
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		DataBuffer body = response.bufferFactory()
			.wrap(BackChannelLogout.errorBody(description).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

	/**
	 * A registration or none, as a value a {@code Mono} can carry.
	 */
	private record Holder(@Nullable ClientRegistration registration) {

	}

	/**
	 * What decoding a logout token gave: the token, or why it is refused, or that the
	 * provider's keys are unavailable.
	 */
	private record Decoded(@Nullable Jwt token, @Nullable String refusal) {

		static final Decoded UNAVAILABLE = new Decoded(null, null);

		static Decoded valid(Jwt token) {
			return new Decoded(token, null);
		}

		static Decoded refused(@Nullable String refusal) {
			return new Decoded(null, String.valueOf(refusal));
		}

	}

}
