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

import java.io.IOException;
import java.time.Clock;

import dev.sessionstarter.core.freshness.AuthenticationProofs;
import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.token.SessionTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs a remembered device in again when a request has no live session: the device's
 * credential is used up ({@link RememberedDevices#use}), the request gets a new session
 * (a new token; an anonymous session it had is rotated first, keeping its data) with the
 * login's security context, and the browser gets the next credential. A credential that
 * does not work is cleared from the browser.
 *
 * <p>
 * Such a session is not freshly authenticated: it records no proof of any factor, so
 * routes that ask for a recent authentication ask again. It carries the device's
 * reference ({@link UserSessions#REMEMBERED_DEVICE_ATTRIBUTE}), so that revoking the
 * device ends it.
 *
 * @author session-starter
 */
public class RememberedDeviceFilter extends OncePerRequestFilter {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final RememberedDevices devices;

	private final RememberedDeviceCookie cookie;

	private final SecurityContextRepository securityContextRepository;

	private final Clock clock;

	/**
	 * Create a new filter.
	 * @param devices the remembered devices
	 * @param cookie the device cookie
	 * @param securityContextRepository where the restored context is saved
	 * @param clock the store's clock
	 */
	public RememberedDeviceFilter(RememberedDevices devices, RememberedDeviceCookie cookie,
			SecurityContextRepository securityContextRepository, Clock clock) {
		this.devices = devices;
		this.cookie = cookie;
		this.securityContextRepository = securityContextRepository;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String credential = this.cookie.read(request);
		if (credential != null
				&& !this.trustResolver.isAuthenticated(SecurityContextHolder.getContext().getAuthentication())) {
			restore(credential, request, response);
		}
		chain.doFilter(request, response);
	}

	private void restore(String credential, HttpServletRequest request, HttpServletResponse response) {
		HttpSession existing = request.getSession(false);
		// A session that existed before the sign-in gets a new token, as at any login.
		String token = (existing != null) ? request.changeSessionId() : request.getSession(true).getId();
		RememberedDevices.Restored restored = this.devices.use(credential, SessionTokens.storageId(token));
		if (restored == null) {
			this.cookie.clear(response);
			return;
		}
		SecurityContextHolder.setContext(restored.context());
		this.securityContextRepository.saveContext(restored.context(), request, response);
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(AuthenticationProofs.ATTRIBUTE);
			session.setAttribute(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE, restored.reference());
		}
		this.cookie.write(response, restored.credential(), restored.forgottenAt(), this.clock.instant());
	}

}
