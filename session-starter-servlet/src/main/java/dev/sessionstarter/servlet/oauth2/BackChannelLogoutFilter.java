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

import dev.sessionstarter.core.oauth2.LogoutTokenValidator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

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
	public static final String PATH = "/logout/connect/back-channel/{registrationId}";

	/** Longer logout tokens are refused unread. */
	static final int MAX_TOKEN_LENGTH = 16 * 1024;

	private static final Log logger = LogFactory.getLog(BackChannelLogoutFilter.class);

	private static final List<SignatureAlgorithm> ASYMMETRIC = List.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384,
			SignatureAlgorithm.ES512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512);

	private final RequestMatcher endpoint = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, PATH);

	private final ClientRegistrationRepository registrations;

	private final ProviderSessions sessions;

	private final Map<String, Decoder> decoders = new ConcurrentHashMap<>();

	private Clock clock = Clock.systemUTC();

	/**
	 * Create the endpoint.
	 * @param registrations the client registrations, with their providers' issuers and
	 * JWKS
	 * @param sessions where logins recorded their provider sessions
	 */
	public BackChannelLogoutFilter(ClientRegistrationRepository registrations, ProviderSessions sessions) {
		this.registrations = registrations;
		this.sessions = sessions;
	}

	/**
	 * Set the clock that {@code iat} and {@code exp} are checked against.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = clock;
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
		if (registration == null || !StringUtils.hasText(registration.getProviderDetails().getJwkSetUri())
				|| !StringUtils.hasText(registration.getProviderDetails().getIssuerUri())) {
			refuse(response, "no provider with an issuer and a JWK set is registered under this name");
			return;
		}
		String logoutToken = request.getParameter("logout_token");
		if (!StringUtils.hasText(logoutToken) || logoutToken.length() > MAX_TOKEN_LENGTH) {
			refuse(response, "logout_token is missing or too long");
			return;
		}
		Decoder decoder = this.decoders.computeIfAbsent(registration.getRegistrationId(),
				(id) -> new Decoder(registration, this.clock));
		Jwt token;
		try {
			token = decoder.jwt().decode(logoutToken);
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
		Duration rememberFor = Duration.between(this.clock.instant(), decoder.validator().replayableUntil(token));
		ProviderSessions.Ended ended = this.sessions.end(String.valueOf(token.getClaimAsString("iss")),
				token.getClaimAsString("sid"), token.getSubject(), String.valueOf(token.getId()), rememberFor);
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

	private static void refuse(HttpServletResponse response, @Nullable String description) throws IOException {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter()
			.write("{\"error\":\"invalid_request\",\"error_description\":\"" + json(description) + "\"}");
	}

	private static String json(@Nullable String text) {
		StringBuilder out = new StringBuilder();
		for (char c : String.valueOf(text).toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(' ');
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * A registration's decoder: its provider's JWKS (fetched and cached by Nimbus), the
	 * {@code typ} of a logout token, the timestamps and the logout claims.
	 */
	private record Decoder(JwtDecoder jwt, LogoutTokenValidator validator) {

		Decoder(ClientRegistration registration, Clock clock) {
			this(NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
				// Any asymmetric algorithm a provider signs ID tokens with; never "none"
				// and never a shared secret.
				.jwsAlgorithms((algorithms) -> algorithms.addAll(ASYMMETRIC))
				.build(), new LogoutTokenValidator(registration, clock));
			JwtTypeValidator type = new JwtTypeValidator("JWT", "logout+jwt");
			type.setAllowEmpty(true);
			JwtTimestampValidator timestamps = new JwtTimestampValidator(LogoutTokenValidator.CLOCK_SKEW);
			timestamps.setClock(clock);
			((NimbusJwtDecoder) this.jwt)
				.setJwtValidator(new DelegatingOAuth2TokenValidator<>(type, timestamps, this.validator));
		}

	}

}
