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

package dev.sessionstarter.servlet.security;

import dev.sessionstarter.core.security.IdentityProviders;
import dev.sessionstarter.core.security.PrivilegeChange;
import dev.sessionstarter.servlet.ServletClientDevice;
import dev.sessionstarter.servlet.freshness.RecentAuthentication;
import java.time.Clock;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.freshness.AuthenticationProofs;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.web.ClientDevice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * A {@link SecurityContextRepository} that gives the session a new token when an
 * authenticated principal's authorities change (a step-up, a granted or revoked role) or
 * when a different principal is saved into an authenticated session. Spring Security
 * already rotates on login through its session-fixation strategy; this closes the other
 * half of OWASP's rule ("renew the session id on any privilege level change"), so a token
 * captured at a lower privilege never carries the higher one.
 *
 * <p>
 * Applications that change the authentication of a running session save the new context
 * through this repository (which Spring Security's explicit-save model requires anyway).
 *
 * @author session-starter
 */
public class RotatingSecurityContextRepository implements SecurityContextRepository {

	private final SecurityContextRepository delegate;

	private final boolean rotate;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a new repository that rotates on privilege change.
	 * @param delegate the repository that stores the context
	 */
	public RotatingSecurityContextRepository(SecurityContextRepository delegate) {
		this(delegate, true);
	}

	/**
	 * Create a new repository.
	 * @param delegate the repository that stores the context
	 * @param rotate whether to rotate on privilege change (when {@code false}, this only
	 * delegates)
	 */
	public RotatingSecurityContextRepository(SecurityContextRepository delegate, boolean rotate) {
		this.delegate = delegate;
		this.rotate = rotate;
	}

	/**
	 * Set the clock that stamps when a factor was proven (the store's, so that
	 * {@link dev.sessionstarter.servlet.freshness.RecentAuthentication} judges the proofs
	 * by the same clock).
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = clock;
	}

	@Override
	@SuppressWarnings("deprecation")
	public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
		return this.delegate.loadContext(requestResponseHolder);
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		return this.delegate.loadDeferredContext(request);
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		Authentication before = null;
		if (session != null) {
			Object stored = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			before = (stored instanceof SecurityContext previous) ? previous.getAuthentication() : null;
			if (this.rotate && isPrivilegeChange(before, context.getAuthentication())) {
				SessionEventContext.rotating(SessionRotatedEvent.Reason.PRIVILEGE_CHANGE);
				request.changeSessionId();
			}
		}
		this.delegate.saveContext(context, request, response);
		Authentication authentication = context.getAuthentication();
		HttpSession saved = (authentication != null && authentication.isAuthenticated()) ? request.getSession(false)
				: null;
		if (saved != null) {
			ServletClientDevice.record(request, saved);
			IdentityProviders.attributes(authentication).forEach((name, value) -> {
				if (!value.equals(saved.getAttribute(name))) {
					saved.setAttribute(name, value);
				}
			});
			RecentAuthentication.recordProofs(before, authentication, saved, this.clock);
		}
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return this.delegate.containsContext(request);
	}

	static boolean isPrivilegeChange(@Nullable Authentication before, @Nullable Authentication after) {
		// Login is rotated by the session-fixation strategy; logout ends the session.
		return PrivilegeChange.isPrivilegeChange(before, after);
	}

}
