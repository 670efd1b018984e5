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

import java.time.Clock;

import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.web.ClientDevice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Hands out a remembered-device credential at a login whose form asked for it (a
 * parameter such as {@code remember-device=on}), marks the login's session as the
 * device's ({@link UserSessions#REMEMBERED_DEVICE_ATTRIBUTE}), and forgets the device at
 * logout on it. Signing in again in a session that already belongs to a device (a
 * re-authentication) keeps that device. Only password-style logins
 * ({@link UsernamePasswordAuthenticationToken}) are remembered: an identity provider's
 * login carries provider tokens that are sealed per session, and its provider has a
 * "remember me" of its own.
 *
 * @author session-starter
 */
public class RememberedDeviceLogin implements SessionAuthenticationStrategy, LogoutHandler {

	private final RememberedDevices devices;

	private final RememberedDeviceCookie cookie;

	private final String parameter;

	private final Clock clock;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	/**
	 * Create a new login step.
	 * @param devices the remembered devices
	 * @param cookie the device cookie
	 * @param parameter the login form's parameter that asks to remember the device
	 * @param clock the store's clock
	 */
	public RememberedDeviceLogin(RememberedDevices devices, RememberedDeviceCookie cookie, String parameter,
			Clock clock) {
		this.devices = devices;
		this.cookie = cookie;
		this.parameter = parameter;
		this.clock = clock;
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		if (!asked(request.getParameter(this.parameter))
				|| authentication.getClass() != UsernamePasswordAuthenticationToken.class
				|| isReauthenticationOnTheDevice(authentication, request)) {
			return;
		}
		String credential = this.devices.remember(new SecurityContextImpl(authentication),
				ClientDevice.summarize(request.getHeader(HttpHeaders.USER_AGENT)), request.getRemoteAddr());
		// The login's own session belongs to the device too: revoking the device ends it.
		// Written with the login's own save; the session keeps it when its token changes.
		request.getSession()
			.setAttribute(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE, RememberedDevices.reference(credential));
		this.cookie.write(response, credential, this.clock.instant().plus(this.devices.getLifetime()),
				this.clock.instant());
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		String credential = this.cookie.read(request);
		if (credential != null) {
			this.devices.forget(credential);
		}
		this.cookie.clear(response);
	}

	/**
	 * Whether the user signs in again in a session that already belongs to a device: the
	 * device stays remembered as it is, rather than a second chain for one browser.
	 */
	private boolean isReauthenticationOnTheDevice(Authentication authentication, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || session.getAttribute(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE) == null) {
			return false;
		}
		// The login has not replaced the security context yet: it is the session's.
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		return this.trustResolver.isAuthenticated(current) && current.getName().equals(authentication.getName());
	}

	private static boolean asked(@Nullable String value) {
		return value != null && (value.equals("on") || value.equals("true") || value.equals("yes"));
	}

}
