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
package dev.sessionstarter.core.oauth2;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.sessionstarter.core.store.ProviderSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.util.StringUtils;

/**
 * What the servlet and the reactive back-channel logout endpoints share: which requests
 * are refused before any decoding, the checks a logout token's decoder applies after its
 * signature, ending the sessions a valid token names (once per token, across nodes,
 * through {@link ProviderSessions}), and the error body of a refusal. Each endpoint
 * decodes with its own stack's JWT decoder, against the provider's JWK set and only
 * {@link #SIGNATURE_ALGORITHMS}.
 *
 * @author session-starter
 */
public final class BackChannelLogout {

	/**
	 * Where Spring Security's {@code oidcLogout().backChannel()} receives logout tokens.
	 */
	public static final String PATH = "/logout/connect/back-channel/{registrationId}";

	/** Longer logout tokens are refused unread. */
	public static final int MAX_TOKEN_LENGTH = 16 * 1024;

	/**
	 * Any asymmetric algorithm a provider signs ID tokens with; never {@code none} and
	 * never a shared secret.
	 */
	public static final List<SignatureAlgorithm> SIGNATURE_ALGORITHMS = List.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384,
			SignatureAlgorithm.ES512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512);

	private final ProviderSessions sessions;

	private final Clock clock;

	/**
	 * Create the shared part of an endpoint.
	 * @param sessions where logins recorded their provider sessions
	 * @param clock the clock that {@code iat} and {@code exp} are checked against
	 */
	public BackChannelLogout(ProviderSessions sessions, Clock clock) {
		this.sessions = sessions;
		this.clock = clock;
	}

	/**
	 * The logout token of a request: the one {@code logout_token} of its form body. A
	 * token in the URL, where access logs and proxies keep it, or sent more than once, is
	 * none.
	 * @param bodyValues the values of {@code logout_token} in the request's form body
	 * @param inUrl whether the request's query names {@code logout_token}
	 * @return the token, or {@code null} for none
	 */
	public static @Nullable String logoutToken(@Nullable List<String> bodyValues, boolean inUrl) {
		return (!inUrl && bodyValues != null && bodyValues.size() == 1) ? bodyValues.get(0) : null;
	}

	/**
	 * Why a request is refused before its token is decoded, if it is.
	 * @param registration the registration the request names, or {@code null} when none
	 * has that name
	 * @param logoutToken the request's {@code logout_token}
	 * @return the refusal's description, or {@code null} when the token is to be decoded
	 */
	public static @Nullable String refusal(@Nullable ClientRegistration registration, @Nullable String logoutToken) {
		if (registration == null || !StringUtils.hasText(registration.getProviderDetails().getJwkSetUri())
				|| !StringUtils.hasText(registration.getProviderDetails().getIssuerUri())) {
			return "no provider with an issuer and a JWK set is registered under this name";
		}
		if (!StringUtils.hasText(logoutToken) || logoutToken.length() > MAX_TOKEN_LENGTH) {
			return "logout_token must be sent once, in the request body, and be at most " + MAX_TOKEN_LENGTH
					+ " characters";
		}
		return null;
	}

	/**
	 * The checks a registration's decoder applies to a token whose signature it verified:
	 * the {@code typ} of a logout token (or none), {@code exp} and {@code nbf}, and the
	 * claims of {@link LogoutTokenValidator}.
	 * @param registration the registration
	 * @return the validator
	 */
	public OAuth2TokenValidator<Jwt> validator(ClientRegistration registration) {
		JwtTypeValidator type = new JwtTypeValidator("JWT", "logout+jwt");
		type.setAllowEmpty(true);
		JwtTimestampValidator timestamps = new JwtTimestampValidator(LogoutTokenValidator.CLOCK_SKEW);
		timestamps.setClock(this.clock);
		return new DelegatingOAuth2TokenValidator<>(type, timestamps,
				new LogoutTokenValidator(registration, this.clock));
	}

	/**
	 * End the sessions a decoded and validated logout token names, unless the token was
	 * used before. Blocks on Redis.
	 * @param token the token
	 * @return what happened
	 */
	public ProviderSessions.Ended end(Jwt token) {
		Duration rememberFor = Duration.between(this.clock.instant(), LogoutTokenValidator.replayableUntil(token));
		return this.sessions.end(String.valueOf(token.getClaimAsString("iss")), token.getClaimAsString("sid"),
				token.getSubject(), String.valueOf(token.getId()), rememberFor);
	}

	/**
	 * The body of a 400 answer: an OAuth 2.0 error, as the specification asks.
	 * @param description what was wrong
	 * @return the JSON body
	 */
	public static String errorBody(@Nullable String description) {
		StringBuilder out = new StringBuilder("{\"error\":\"invalid_request\",\"error_description\":\"");
		for (char c : String.valueOf(description).toCharArray()) {
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
		return out.append("\"}").toString();
	}

}
