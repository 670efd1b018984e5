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

package dev.sessionstarter.servlet.freshness;

import java.time.Duration;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.freshness.Reauthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Makes a login into a signed-in session a re-authentication of the same user. Another
 * user's login is refused like a wrong password, and the session stays signed in as
 * before: a signed-in session never silently changes hands with its data. A login of the
 * same user gives the session a new token (its data and absolute deadline stay), and the
 * store announces it as {@code re-authenticated}.
 *
 * <p>
 * The rules are {@link Reauthentication}'s: for an OpenID Connect login the returned ID
 * token must say that the user entered credentials just now: its {@code auth_time} must
 * be present, later than that of the login being renewed, and not older than the allowed
 * clock skew. A provider that signs the user in again silently (ignoring
 * {@code prompt=login} and {@code max_age=0}) is refused.
 *
 * <p>
 * Registered ahead of Spring Security's session-fixation strategy, so a refusal happens
 * before anything about the session changes.
 *
 * @author session-starter
 */
public class ReauthenticationStrategy implements SessionAuthenticationStrategy {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final boolean rotatedByLogin;

	private final Duration clockSkew;

	/**
	 * Create a new strategy.
	 * @param rotatedByLogin whether Spring Security's session-fixation strategy gives the
	 * session a new token at every login (otherwise this strategy does, for
	 * re-authentications)
	 * @param clockSkew how far an identity provider's {@code auth_time} may lie behind
	 * this application's clock
	 */
	public ReauthenticationStrategy(boolean rotatedByLogin, Duration clockSkew) {
		this.rotatedByLogin = rotatedByLogin;
		this.clockSkew = clockSkew;
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		Authentication current = current();
		if (!this.trustResolver.isAuthenticated(current)) {
			return;
		}
		String refusal = Reauthentication.refusal(current, authentication, this.clockSkew);
		if (refusal != null) {
			throw new SessionAuthenticationException(refusal);
		}
		SessionEventContext.rotating(SessionRotatedEvent.Reason.REAUTHENTICATION);
		if (!this.rotatedByLogin) {
			request.changeSessionId();
		}
	}

	private static @Nullable Authentication current() {
		return SecurityContextHolder.getContext().getAuthentication();
	}

}
