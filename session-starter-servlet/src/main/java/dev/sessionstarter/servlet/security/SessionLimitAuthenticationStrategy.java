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

import dev.sessionstarter.core.security.SessionLimitRule;
import dev.sessionstarter.core.store.UserSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Refuses a login, with a normal login failure, when the user already holds the most
 * sessions allowed and the policy is to reject ({@link SessionLimitRule}). This check
 * only gives users a clear message; the limit itself is enforced atomically by the
 * store's login script, which also catches parallel logins that pass this check together.
 * Spring Security's own concurrency control is not used: its registry check and the
 * session write are separate steps, so N parallel logins can all get through.
 *
 * @author session-starter
 */
public class SessionLimitAuthenticationStrategy implements SessionAuthenticationStrategy {

	private final SessionLimitRule rule;

	/**
	 * Create a new strategy.
	 * @param userSessions the user sessions
	 * @param maxSessions the most sessions a user may hold
	 */
	public SessionLimitAuthenticationStrategy(UserSessions userSessions, int maxSessions) {
		this.rule = new SessionLimitRule(userSessions, maxSessions);
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		String refusal = this.rule.refusal(SecurityContextHolder.getContext().getAuthentication(), authentication);
		if (refusal != null) {
			throw new SessionAuthenticationException(refusal);
		}
	}

}
