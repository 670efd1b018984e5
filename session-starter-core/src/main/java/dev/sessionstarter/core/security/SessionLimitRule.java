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

package dev.sessionstarter.core.security;

import dev.sessionstarter.core.store.UserSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;

/**
 * Whether a login is refused because its user already holds the most sessions allowed
 * (the {@code reject} policy), the decision the servlet and reactive adapters share. It
 * only gives users a clear answer before anything changes; the limit itself is enforced
 * atomically by the store's login script, which also catches parallel logins that pass
 * this check together.
 *
 * @author session-starter
 */
public final class SessionLimitRule {

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final UserSessions userSessions;

	private final int maxSessions;

	/**
	 * Create the rule.
	 * @param userSessions the user sessions
	 * @param maxSessions the most sessions a user may hold
	 */
	public SessionLimitRule(UserSessions userSessions, int maxSessions) {
		this.userSessions = userSessions;
		this.maxSessions = maxSessions;
	}

	/**
	 * Why a login is refused, if it is. Blocks on Redis (it counts the user's sessions)
	 * unless the login adds no session.
	 * @param current the authentication the session held before the login, if any
	 * @param login the login's authentication
	 * @return the refusal's message, or {@code null} when the login may go on
	 */
	public @Nullable String refusal(@Nullable Authentication current, @Nullable Authentication login) {
		if (!trustResolver.isAuthenticated(login)
				|| (trustResolver.isAuthenticated(current) && current.getName().equals(login.getName()))) {
			// The same user proving their identity again in this session adds no session.
			return null;
		}
		return (this.userSessions.list(login.getName(), null).size() >= this.maxSessions)
				? "Maximum sessions of " + this.maxSessions + " for this principal exceeded" : null;
	}

}
