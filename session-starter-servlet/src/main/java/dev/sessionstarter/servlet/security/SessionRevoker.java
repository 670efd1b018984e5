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

import dev.sessionstarter.core.security.CredentialsChangedEvent;
import java.util.List;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.store.UserSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Ends a user's sessions when their credentials change. A stolen session must not outlive
 * the password that the user changed because of it (OWASP ASVS 3.3.3).
 *
 * <p>
 * Call
 * {@link #credentialsChanged(HttpServletRequest, String, CredentialsChangedEvent.Reason)}
 * from the code that changes the password, or publish a {@link CredentialsChangedEvent}:
 * this listener handles it on the publishing thread, so the request that changed the
 * password is known.
 *
 * @author session-starter
 */
public class SessionRevoker implements ApplicationListener<CredentialsChangedEvent> {

	private final UserSessions userSessions;

	/**
	 * Create a new instance.
	 * @param userSessions the user sessions
	 */
	public SessionRevoker(UserSessions userSessions) {
		this.userSessions = userSessions;
	}

	@Override
	public void onApplicationEvent(CredentialsChangedEvent event) {
		credentialsChanged(currentRequest(), event.getUsername(), event.getReason());
	}

	/**
	 * End the sessions of a user whose credentials changed. When the request belongs to
	 * that same user and the password changed, its session is kept with a new token;
	 * every other session ends.
	 * @param request the request that changed the credentials, or {@code null} outside a
	 * request
	 * @param username the user
	 * @param reason what changed
	 * @return the references of the sessions ended
	 */
	public List<String> credentialsChanged(@Nullable HttpServletRequest request, String username,
			CredentialsChangedEvent.Reason reason) {
		HttpSession session = (request != null) ? request.getSession(false) : null;
		if (request == null || session == null || reason != CredentialsChangedEvent.Reason.PASSWORD_CHANGED
				|| !isCurrentUser(username)) {
			return this.userSessions.revokeAll(username, null, SessionRevokedEvent.Reason.CREDENTIALS_CHANGED);
		}
		List<String> ended = this.userSessions.revokeOthers(username, session.getId(), username,
				SessionRevokedEvent.Reason.CREDENTIALS_CHANGED);
		SessionEventContext.rotating(SessionRotatedEvent.Reason.PASSWORD_CHANGE);
		request.changeSessionId();
		return ended;
	}

	private static boolean isCurrentUser(String username) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.isAuthenticated() && username.equals(authentication.getName());
	}

	private static @Nullable HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

}
