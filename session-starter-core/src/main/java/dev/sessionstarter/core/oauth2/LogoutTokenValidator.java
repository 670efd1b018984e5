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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claim checks of OpenID Connect Back-Channel Logout 1.0, section 2.6, for one client
 * registration: {@code iss} is the provider's issuer, {@code aud} names this client,
 * {@code iat} and {@code jti} are present, {@code events} holds the back-channel logout
 * event as a JSON object, {@code sub} or {@code sid} is present, and {@code nonce} is
 * not. Signature, {@code exp} and {@code nbf} are checked by the decoder. A token without
 * {@code exp} is accepted only within {@link #MAX_AGE} of its {@code iat}, so that every
 * accepted token can be remembered until it could no longer be replayed.
 *
 * @author session-starter
 */
public final class LogoutTokenValidator implements OAuth2TokenValidator<Jwt> {

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/** How long after its {@code iat} a token without {@code exp} is accepted. */
	static final Duration MAX_AGE = Duration.ofMinutes(5);

	public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private final String issuer;

	private final String clientId;

	private final Clock clock;

	public LogoutTokenValidator(ClientRegistration registration, Clock clock) {
		this.issuer = String.valueOf(registration.getProviderDetails().getIssuerUri());
		this.clientId = registration.getClientId();
		this.clock = clock;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		List<OAuth2Error> errors = new ArrayList<>();
		if (!this.issuer.equals(token.getClaimAsString("iss"))) {
			errors.add(invalid("iss is not the provider's issuer"));
		}
		List<String> audience = token.getAudience();
		if (audience == null || !audience.contains(this.clientId)) {
			errors.add(invalid("aud does not name this client"));
		}
		Instant issuedAt = token.getIssuedAt();
		Instant now = this.clock.instant();
		if (issuedAt == null) {
			errors.add(invalid("iat is missing"));
		}
		else if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
			errors.add(invalid("iat is in the future"));
		}
		else if (token.getExpiresAt() == null && issuedAt.plus(MAX_AGE).plus(CLOCK_SKEW).isBefore(now)) {
			errors.add(invalid("the token has no exp and was issued too long ago"));
		}
		if (token.getId() == null || token.getId().isBlank()) {
			errors.add(invalid("jti is missing"));
		}
		Object events = token.getClaims().get("events");
		if (!(events instanceof Map<?, ?> map) || !(map.get(EVENT) instanceof Map)) {
			errors.add(invalid("events does not hold the back-channel logout event"));
		}
		if (token.getSubject() == null && token.getClaimAsString("sid") == null) {
			errors.add(invalid("neither sub nor sid is present"));
		}
		if (token.hasClaim("nonce")) {
			errors.add(invalid("a logout token must not carry a nonce"));
		}
		return OAuth2TokenValidatorResult.failure(errors);
	}

	/**
	 * Until when a valid token must be remembered as used: its {@code exp} (or
	 * {@code iat} plus {@link #MAX_AGE}) plus the clock skew allowed.
	 */
	public static Instant replayableUntil(Jwt token) {
		Instant end = (token.getExpiresAt() != null) ? token.getExpiresAt()
				: java.util.Objects.requireNonNull(token.getIssuedAt()).plus(MAX_AGE);
		return end.plus(CLOCK_SKEW);
	}

	private static OAuth2Error invalid(String description) {
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description,
				"https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation");
	}

}
