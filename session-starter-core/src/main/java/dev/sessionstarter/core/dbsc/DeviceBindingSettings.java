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

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How device-bound sessions are served.
 *
 * @param registrationPath the registration endpoint, below the context path
 * @param refreshPath the refresh endpoint, below the context path
 * @param cookieName the name of the short-lived bound cookie
 * @param cookieLifetime how long a bound cookie lives before the browser must prove its
 * key again
 * @param challengeLifetime how long a challenge may be answered
 * @param secure whether the bound cookie is {@code Secure}
 * @param sameSite the bound cookie's {@code SameSite} attribute, e.g. {@code Lax}
 * @param mode what a request without proof leads to
 * @author session-starter
 */
public record DeviceBindingSettings(String registrationPath, String refreshPath, String cookieName,
		Duration cookieLifetime, Duration challengeLifetime, boolean secure, String sameSite, DeviceBindingMode mode) {

	/** Most challenges a session keeps at once; older ones are dropped. */
	static final int MAX_CHALLENGES = 3;

	/**
	 * Check the settings.
	 */
	public DeviceBindingSettings {
		Assert.isTrue(registrationPath.startsWith("/") && refreshPath.startsWith("/"),
				"The endpoint paths must start with '/'");
		Assert.isTrue(!registrationPath.equals(refreshPath), "Registration and refresh need different paths");
		Assert.isTrue(cookieLifetime.toSeconds() >= 1, "The bound cookie must live at least one second");
		Assert.isTrue(challengeLifetime.toMillis() >= 1, "Challenges must live longer than zero");
	}

	/**
	 * The cookie attributes the browser compares, as the session instructions name them.
	 * @return for example {@code Path=/; Secure; HttpOnly; SameSite=Lax}
	 */
	public String cookieAttributes() {
		return "Path=/" + (this.secure ? "; Secure" : "") + "; HttpOnly; SameSite=" + this.sameSite;
	}

}
