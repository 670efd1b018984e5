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

package dev.sessionstarter.core.dbsc;

import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * The offer of device binding that a login makes: a fresh challenge, kept in the session
 * as the attribute {@value #ATTRIBUTE} ({@code <challenge>.<issued at>}, written with the
 * login's own save, so a login costs no extra round trip) and sent in the
 * {@value #HEADER} response header. Browsers without DBSC ignore the header; the offer
 * then expires unused. It is single use and answers only within the challenge lifetime:
 * binding right after login leaves a stolen pre-binding cookie the shortest window.
 *
 * @param challenge the challenge, 128 random bits in base64url
 * @param issuedAt when it was offered, epoch milliseconds
 * @author session-starter
 */
public record RegistrationOffer(String challenge, long issuedAt) {

	/** The session attribute holding the open offer. */
	public static final String ATTRIBUTE = "dev.sessionstarter.dbsc.offer";

	/** The response header that offers the binding. */
	public static final String HEADER = "Secure-Session-Registration";

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * A new offer.
	 * @param now the current time, epoch milliseconds, by the store's clock
	 * @return the offer
	 */
	public static RegistrationOffer issue(long now) {
		return new RegistrationOffer(newChallenge(), now);
	}

	/**
	 * The value of the session attribute.
	 * @return {@code <challenge>.<issued at>}
	 */
	public String attributeValue() {
		return this.challenge + "." + this.issuedAt;
	}

	/**
	 * The value of the response header.
	 * @param registrationPath the registration endpoint, context path included
	 * @return the header value
	 */
	public String header(String registrationPath) {
		return StructuredFields.registration(DbscProof.ALGORITHM, registrationPath, this.challenge);
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
	 * @param attribute the stored offer, or {@code null}
	 * @param now the current time, epoch milliseconds
	 * @param lifetimeMillis how long an offer may be answered
	 * @return the challenge, or {@code null} when there is none or it expired
	 */
	static @Nullable String openChallenge(@Nullable Object attribute, long now, long lifetimeMillis) {
		if (!(attribute instanceof String text)) {
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
