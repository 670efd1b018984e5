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

package dev.sessionstarter.servlet.dbsc;

import dev.sessionstarter.core.dbsc.DbscProof;
import dev.sessionstarter.core.dbsc.DeviceBindingSettings;
import dev.sessionstarter.core.dbsc.StructuredFields;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Offers device binding at login: adds {@code Secure-Session-Registration} to the login's
 * response, with a fresh challenge that the session keeps as an attribute (written with
 * the login's own save, so a login costs no extra round trip). Browsers without DBSC
 * ignore the header; the offer then expires unused. It is single use and answers only
 * within the challenge lifetime: binding right after login leaves a stolen pre-binding
 * cookie the shortest window.
 *
 * @author session-starter
 */
public class DeviceBindingOffer implements SessionAuthenticationStrategy {

	/** The session attribute holding the open offer, {@code <challenge>.<issued at>}. */
	public static final String OFFER_ATTRIBUTE = "dev.sessionstarter.dbsc.offer";

	static final String REGISTRATION_HEADER = "Secure-Session-Registration";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final DeviceBindingSettings settings;

	private Supplier<Clock> clock = Clock::systemUTC;

	/**
	 * Create a new offer.
	 * @param settings where the registration endpoint is
	 */
	public DeviceBindingOffer(DeviceBindingSettings settings) {
		this.settings = settings;
	}

	/**
	 * Set the clock offers are dated by.
	 * @param clock the clock, usually the store's
	 */
	public void setClock(Supplier<Clock> clock) {
		this.clock = clock;
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		String challenge = newChallenge();
		request.getSession().setAttribute(OFFER_ATTRIBUTE, challenge + "." + this.clock.get().millis());
		response.addHeader(REGISTRATION_HEADER, StructuredFields.registration(DbscProof.ALGORITHM,
				request.getContextPath() + this.settings.registrationPath(), challenge));
	}

	/**
	 * A challenge: 128 random bits in base64url.
	 * @return the challenge
	 */
	static String newChallenge() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The challenge of an offer, if it is still open.
	 * @param offer the stored offer, or {@code null}
	 * @param now the current time, epoch milliseconds
	 * @param lifetimeMillis how long an offer may be answered
	 * @return the challenge, or {@code null} when there is none or it expired
	 */
	static @Nullable String openChallenge(@Nullable Object offer, long now, long lifetimeMillis) {
		if (!(offer instanceof String text)) {
			return null;
		}
		int dot = text.lastIndexOf('.');
		try {
			long issued = (dot > 0) ? Long.parseLong(text.substring(dot + 1)) : -1;
			return (issued >= 0 && issued <= now && now - issued < lifetimeMillis) ? text.substring(0, dot) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
