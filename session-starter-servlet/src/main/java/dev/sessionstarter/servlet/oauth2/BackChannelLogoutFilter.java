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
package dev.sessionstarter.servlet.oauth2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.sessionstarter.core.oauth2.BackChannelLogout;
import dev.sessionstarter.core.oauth2.LogoutTokenValidator;
import dev.sessionstarter.core.store.ProviderSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The OpenID Connect Back-Channel Logout 1.0 endpoint, at Spring Security's path
 * {@code POST /logout/connect/back-channel/{registrationId}}, across nodes: the logout
 * token is verified (signature against the provider's JWKS, then the checks of
 * {@link LogoutTokenValidator}), used once ({@code jti} remembered in Redis until the
 * token expires), and ends the matching sessions of every node directly in Redis
 * ({@link ProviderSessions}). The answer is 200, or 400 with an OAuth 2.0 error, both
 * with {@code Cache-Control: no-store} as the specification asks.
 *
 * <p>
 * It stands in for Spring Security's own filter, which it runs before: that filter's
 * default handler ends each session by replaying its session cookie over HTTP to
 * {@code /logout}, which needs the raw session token the store never keeps, and it
 * accepts a token any number of times.
 *
 * @author session-starter
 */
public class BackChannelLogoutFilter extends OncePerRequestFilter {

	/**
	 * Where Spring Security's {@code oidcLogout().backChannel()} receives logout tokens.
	 */
	public static final String PATH = BackChannelLogout.PATH;

	private static final Log logger = LogFactory.getLog(BackChannelLogoutFilter.class);

	private final RequestMatcher endpoint = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, PATH);

	private final ClientRegistrationRepository registrations;

	private final BackChannelLogout logout;

	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	/**
	 * Create the endpoint.
	 * @param registrations the client registrations, with their providers' issuers and
	 * JWKS
	 * @param logout what ends the sessions a valid token names
	 */
	public BackChannelLogoutFilter(ClientRegistrationRepository registrations, BackChannelLogout logout) {
		this.registrations = registrations;
		this.logout = logout;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestMatcher.MatchResult match = this.endpoint.matcher(request);
		if (!match.isMatch()) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		ClientRegistration registration = this.registrations
			.findByRegistrationId(match.getVariables().get("registrationId"));
		String[] values = request.getParameterValues("logout_token");
		String logoutToken = BackChannelLogout.logoutToken((values != null) ? List.of(values) : null, inUrl(request));
		String refusal = BackChannelLogout.refusal(registration, logoutToken);
		if (refusal != null || registration == null || logoutToken == null) {
			refuse(response, refusal);
			return;
		}
		JwtDecoder decoder = this.decoders.computeIfAbsent(registration.getRegistrationId(),
				(id) -> decoder(registration));
		Jwt token;
		try {
			token = decoder.decode(logoutToken);
		}
		catch (BadJwtException ex) {
			refuse(response, ex.getMessage());
			return;
		}
		catch (JwtException ex) {
			// The provider's JWKS could not be read: the provider may retry later.
			logger.warn("Back-channel logout for '" + registration.getRegistrationId()
					+ "' failed: the provider's keys are unavailable (" + ex.getMessage() + ")");
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			return;
		}
		ProviderSessions.Ended ended = this.logout.end(token);
		if (ended.replayed()) {
			refuse(response, "this logout token has been used before");
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Back-channel logout from '" + registration.getRegistrationId() + "' ended "
					+ ended.sessions().size() + " session(s)");
		}
		response.setStatus(HttpServletResponse.SC_OK);
	}

	/**
	 * Whether the request's query names {@code logout_token}, however its name is
	 * encoded; a query that cannot be decoded counts as naming it.
	 */
	private static boolean inUrl(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query == null) {
			return false;
		}
		try {
			for (String name : UriComponentsBuilder.newInstance().query(query).build().getQueryParams().keySet()) {
				if (UriUtils.decode(name, StandardCharsets.UTF_8).equals("logout_token")) {
					return true;
				}
			}
			return false;
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

	/**
	 * A registration's decoder: its provider's JWKS, fetched and cached by Nimbus.
	 */
	private JwtDecoder decoder(ClientRegistration registration) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withJwkSetUri(String.valueOf(registration.getProviderDetails().getJwkSetUri()))
			.jwsAlgorithms((algorithms) -> algorithms.addAll(BackChannelLogout.SIGNATURE_ALGORITHMS))
			.build();
		decoder.setJwtValidator(this.logout.validator(registration));
		return decoder;
	}

	private static void refuse(HttpServletResponse response, @Nullable String description) throws IOException {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write(BackChannelLogout.errorBody(description));
	}

}
