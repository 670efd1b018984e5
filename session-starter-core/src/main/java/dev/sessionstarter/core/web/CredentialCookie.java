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
package dev.sessionstarter.core.web;

import java.time.Duration;
import java.time.Instant;

import dev.sessionstarter.core.token.RefreshTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseCookie;

/**
 * The cookie that holds a remembered device's credential, whatever the web stack: its own
 * name (by default {@code __Host-Device}), Secure, HttpOnly, SameSite=Lax, Path=/, and a
 * Max-Age that ends with the device's chain.
 *
 * @author session-starter
 */
public final class CredentialCookie {

	private final String name;

	/**
	 * Create a cookie policy.
	 * @param name the cookie name
	 */
	public CredentialCookie(String name) {
		this.name = name;
	}

	/**
	 * The cookie's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The credential a request carries, from the values of its cookies of this name:
	 * exactly one value, in the form of a credential; anything else counts as none
	 * (without a Redis call).
	 * @param values the values, in any number
	 * @return the credential, or {@code null}
	 */
	public @Nullable String credential(Iterable<String> values) {
		String found = null;
		for (String value : values) {
			if (found != null && !found.equals(value)) {
				return null;
			}
			found = value;
		}
		return (RefreshTokens.familyOf(found) != null) ? found : null;
	}

	/**
	 * The {@code Set-Cookie} value that hands out a credential.
	 * @param credential the credential
	 * @param until when the device's chain ends
	 * @param now the store's time
	 * @return the header value
	 */
	public String write(String credential, Instant until, Instant now) {
		Duration maxAge = Duration.between(now, until);
		return cookie(credential, maxAge.isNegative() ? Duration.ZERO : maxAge);
	}

	/**
	 * The {@code Set-Cookie} value that clears the cookie.
	 * @return the header value
	 */
	public String clear() {
		return cookie("", Duration.ZERO);
	}

	private String cookie(String value, Duration maxAge) {
		return ResponseCookie.from(this.name, value)
			.secure(true)
			.httpOnly(true)
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build()
			.toString();
	}

}
