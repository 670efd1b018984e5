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

import org.springframework.context.ApplicationEvent;

/**
 * Published by an application when a user's credentials stop being valid: the password
 * was changed or reset, or the account was disabled or locked. Every session of the user
 * then ends, except the session of the request that changed the user's own password,
 * which is kept and given a new token (see {@code SessionRevoker}).
 *
 * @author session-starter
 */
public class CredentialsChangedEvent extends ApplicationEvent {

	private final String username;

	private final Reason reason;

	/**
	 * Create a new event.
	 * @param source the component that changed the credentials
	 * @param username the user whose credentials changed
	 * @param reason what changed
	 */
	public CredentialsChangedEvent(Object source, String username, Reason reason) {
		super(source);
		this.username = username;
		this.reason = reason;
	}

	public String getUsername() {
		return this.username;
	}

	public Reason getReason() {
		return this.reason;
	}

	/**
	 * What changed.
	 */
	public enum Reason {

		/** The password was changed or reset. */
		PASSWORD_CHANGED,

		/** The account was disabled, locked or deleted: no session is kept. */
		ACCOUNT_DISABLED

	}

}
