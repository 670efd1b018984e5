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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.sessionstarter.core.web.CredentialCookie;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The cookie that holds a remembered device's credential ({@link CredentialCookie}), read
 * from and written to a servlet request: its own name (by default {@code __Host-Device}),
 * Secure, HttpOnly, SameSite=Lax, Path=/, and a Max-Age that ends with the device's
 * chain.
 *
 * @author session-starter
 */
public final class RememberedDeviceCookie {

	private final CredentialCookie cookie;

	/**
	 * Create a cookie policy.
	 * @param name the cookie name
	 */
	public RememberedDeviceCookie(String name) {
		this.cookie = new CredentialCookie(name);
	}

	/**
	 * The credential a request carries: exactly one cookie of this name, in the form of a
	 * credential; anything else counts as none (without a Redis call).
	 * @param request the request
	 * @return the credential, or {@code null}
	 */
	@Nullable String read(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		List<String> values = new ArrayList<>();
		for (Cookie cookie : cookies) {
			if (this.cookie.getName().equals(cookie.getName())) {
				values.add(cookie.getValue());
			}
		}
		return this.cookie.credential(values);
	}

	void write(HttpServletResponse response, String credential, Instant until, Instant now) {
		response.addHeader(HttpHeaders.SET_COOKIE, this.cookie.write(credential, until, now));
	}

	void clear(HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, this.cookie.clear());
	}

}
