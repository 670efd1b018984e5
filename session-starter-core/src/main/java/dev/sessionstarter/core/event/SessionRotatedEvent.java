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

package dev.sessionstarter.core.event;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Published when a session gets a new token while keeping its data and its creation time.
 *
 * @author session-starter
 */
public class SessionRotatedEvent extends SessionEvent {

	private final String previousSessionId;

	private final Reason reason;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session
	 * @param principal the session's principal, if any
	 * @param context the client of the request
	 * @param previousSessionId the storage id under the previous token
	 * @param reason why the token changed
	 */
	public SessionRotatedEvent(Object source, String sessionId, @Nullable String principal, SessionEventContext context,
			String previousSessionId, Reason reason) {
		super(source, sessionId, principal, context);
		this.previousSessionId = previousSessionId;
		this.reason = reason;
	}

	public String getPreviousSessionId() {
		return this.previousSessionId;
	}

	public Reason getReason() {
		return this.reason;
	}

	@Override
	public Map<String, Object> getDetails() {
		return details("reason", this.reason, "previous", this.previousSessionId);
	}

	@Override
	public String getType() {
		return "rotated";
	}

	/**
	 * Why a token changed.
	 */
	public enum Reason {

		/** A login (session fixation defence). */
		LOGIN,

		/** The authorities of the principal changed. */
		PRIVILEGE_CHANGE,

		/** The rotation interval passed. */
		INTERVAL,

		/** The user changed their own password. */
		PASSWORD_CHANGE,

		/** An API client refreshed its tokens. */
		REFRESH,

		/**
		 * The signed-in user proved their identity again (a recent authentication that a
		 * sensitive route asked for).
		 */
		REAUTHENTICATION

	}

}
