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

package dev.sessionstarter.reactive.security;

import dev.sessionstarter.core.store.UserSessions;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;

/**
 * Refuses a login, with a normal login failure, when the user already holds the most
 * sessions allowed and the policy is to reject: the counterpart of the servlet
 * {@code SessionLimitAuthenticationStrategy}, run by
 * {@link RotatingServerSecurityContextRepository} before the login changes the session.
 * This check only gives users a clear answer; the limit itself is enforced atomically by
 * the store's login script, which also catches parallel logins that pass this check
 * together. The count of the user's sessions is read on a worker scheduler, never on an
 * event loop.
 *
 * @author session-starter
 */
public class ServerSessionLimitCheck {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final UserSessions userSessions;

	private final int maxSessions;

	private final Scheduler scheduler = Schedulers.boundedElastic();

	/**
	 * Create a new check.
	 * @param userSessions the user sessions
	 * @param maxSessions the most sessions a user may hold
	 */
	public ServerSessionLimitCheck(UserSessions userSessions, int maxSessions) {
		this.userSessions = userSessions;
		this.maxSessions = maxSessions;
	}

	/**
	 * Check a login.
	 * @param before the authentication the session held, if any
	 * @param after the login's authentication
	 * @return completes empty when the login may go on, with a
	 * {@link SessionAuthenticationException} when the user is at the limit
	 */
	public Mono<Void> check(@Nullable Authentication before, @Nullable Authentication after) {
		if (!this.trustResolver.isAuthenticated(after)
				|| (this.trustResolver.isAuthenticated(before) && before.getName().equals(after.getName()))) {
			// The same user proving their identity again in this session adds no session.
			return Mono.empty();
		}
		String principal = after.getName();
		return Mono.fromCallable(() -> this.userSessions.list(principal, null).size())
			.subscribeOn(this.scheduler)
			.flatMap((live) -> (live >= this.maxSessions)
					? Mono.error(new SessionAuthenticationException(
							"Maximum sessions of " + this.maxSessions + " for this principal exceeded"))
					: Mono.empty());
	}

}
