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

package dev.sessionstarter.autoconfigure;

import java.time.Duration;

import dev.sessionstarter.core.dbsc.DeviceBindingMode;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Device-bound sessions (W3C Device Bound Session Credentials): sessions bound at login
 * to a key the browser keeps on the device, which it proves to get short-lived bound
 * cookies.
 *
 * @author session-starter
 */
@ConfigurationProperties("session-starter.device-binding")
public class SessionStarterDeviceBindingProperties {

	/**
	 * Whether logins offer device binding and the registration and refresh endpoints are
	 * served.
	 */
	private boolean enabled;

	/**
	 * What a bound session presented without proof of its key leads to: "report" refuses
	 * it to that request and publishes an event, "revoke" also ends the session.
	 */
	private DeviceBindingMode mode = DeviceBindingMode.REPORT;

	/**
	 * Name of the short-lived bound cookie.
	 */
	private String cookieName = "__Host-DBSC";

	/**
	 * How long a bound cookie lives; a copied session cookie stops working at the latest
	 * this long after it was taken.
	 */
	private Duration cookieLifetime = Duration.ofMinutes(10);

	/**
	 * How long a registration offer or a refresh challenge may be answered.
	 */
	private Duration challengeLifetime = Duration.ofMinutes(2);

	/**
	 * Path of the registration endpoint.
	 */
	private String registrationPath = "/dbsc/registration";

	/**
	 * Path of the refresh endpoint.
	 */
	private String refreshPath = "/dbsc/refresh";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DeviceBindingMode getMode() {
		return this.mode;
	}

	public void setMode(DeviceBindingMode mode) {
		this.mode = mode;
	}

	public String getCookieName() {
		return this.cookieName;
	}

	public void setCookieName(String cookieName) {
		this.cookieName = cookieName;
	}

	public Duration getCookieLifetime() {
		return this.cookieLifetime;
	}

	public void setCookieLifetime(Duration cookieLifetime) {
		this.cookieLifetime = cookieLifetime;
	}

	public Duration getChallengeLifetime() {
		return this.challengeLifetime;
	}

	public void setChallengeLifetime(Duration challengeLifetime) {
		this.challengeLifetime = challengeLifetime;
	}

	public String getRegistrationPath() {
		return this.registrationPath;
	}

	public void setRegistrationPath(String registrationPath) {
		this.registrationPath = registrationPath;
	}

	public String getRefreshPath() {
		return this.refreshPath;
	}

	public void setRefreshPath(String refreshPath) {
		this.refreshPath = refreshPath;
	}

}
