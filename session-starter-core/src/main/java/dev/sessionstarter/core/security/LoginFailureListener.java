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

import dev.sessionstarter.core.event.SessionAnomalyEvent;
import dev.sessionstarter.core.signal.FailureBurstMonitor;

import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;

/**
 * Feeds Spring Security's failed-login events to a {@link FailureBurstMonitor}, which
 * reports a burst of failed logins for one user. The listener runs on the thread of the
 * login request, so the event names its client.
 *
 * @author session-starter
 */
public class LoginFailureListener implements ApplicationListener<AbstractAuthenticationFailureEvent> {

	private final FailureBurstMonitor monitor;

	/**
	 * Create a new listener.
	 * @param monitor the monitor
	 */
	public LoginFailureListener(FailureBurstMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void onApplicationEvent(AbstractAuthenticationFailureEvent event) {
		// Only username/password attempts name a user. Other failed authentications (a
		// bearer token from a resource server, for one) use the credential itself as
		// their "name", which must never become a principal in an event or the audit log.
		if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken)) {
			return;
		}
		String name = event.getAuthentication().getName();
		if (name != null && !name.isEmpty()) {
			this.monitor.failure(SessionAnomalyEvent.Kind.FAILED_LOGINS, name);
		}
	}

}
