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

package dev.sessionstarter.servlet.remember;

import java.time.Duration;
import java.time.Instant;

import dev.sessionstarter.core.token.RefreshTokens;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The cookie that holds a remembered device's credential: its own name (by default
 * {@code __Host-Device}), Secure, HttpOnly, SameSite=Lax, Path=/, and a Max-Age that ends
 * with the device's chain.
 *
 * @author session-starter
 */
public final class RememberedDeviceCookie {

	private final String name;

	/**
	 * Create a cookie policy.
	 * @param name the cookie name
	 */
	public RememberedDeviceCookie(String name) {
		this.name = name;
	}

	/**
	 * The credential a request carries: exactly one cookie of this name, in the form of a
	 * credential; anything else counts as none (without a Redis call).
	 * @param request the request
	 * @return the credential, or {@code null}
	 */
	@Nullable String read(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		String found = null;
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (this.name.equals(cookie.getName())) {
				if (found != null && !found.equals(cookie.getValue())) {
					return null;
				}
				found = cookie.getValue();
			}
		}
		return (RefreshTokens.familyOf(found) != null) ? found : null;
	}

	void write(HttpServletResponse response, String credential, Instant until, Instant now) {
		Duration maxAge = Duration.between(now, until);
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(credential, maxAge.isNegative() ? Duration.ZERO : maxAge));
	}

	void clear(HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO));
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
