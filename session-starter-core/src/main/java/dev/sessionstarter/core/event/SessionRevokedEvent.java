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
 * Published when a session is ended by anything other than its own logout or expiry.
 *
 * @author session-starter
 */
public class SessionRevokedEvent extends SessionEvent {

	private final @Nullable String revokedBy;

	private final Reason reason;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session
	 * @param principal the session's principal, if any
	 * @param context the client of the request
	 * @param revokedBy who ended the session: a principal, or null for the system
	 * @param reason why the session was ended
	 */
	public SessionRevokedEvent(Object source, String sessionId, @Nullable String principal, SessionEventContext context,
			@Nullable String revokedBy, Reason reason) {
		super(source, sessionId, principal, context);
		this.revokedBy = revokedBy;
		this.reason = reason;
	}

	public @Nullable String getRevokedBy() {
		return this.revokedBy;
	}

	public Reason getReason() {
		return this.reason;
	}

	@Override
	public Map<String, Object> getDetails() {
		return details("reason", this.reason, "revokedBy", (this.revokedBy != null) ? this.revokedBy : "system");
	}

	@Override
	public String getType() {
		return "revoked";
	}

	/**
	 * Why a session was revoked.
	 */
	public enum Reason {

		/** Its owner revoked it from another session. */
		USER,

		/** An administrator revoked it. */
		ADMINISTRATOR,

		/** The password was changed or the account disabled. */
		CREDENTIALS_CHANGED,

		/** A newer login evicted it (the per-user limit). */
		SESSION_LIMIT,

		/** A retired token of the session was used again. */
		REUSE_DETECTED,

		/** The client no longer matched the one that logged in. */
		BINDING_MISMATCH,

		/**
		 * A device-bound session was used or refreshed without proof of its device key.
		 */
		DEVICE_BINDING,

		/**
		 * The identity provider ended the user's session there (OpenID Connect
		 * Back-Channel Logout).
		 */
		PROVIDER_LOGOUT,

		/**
		 * Its stored form could not be read (tampered, truncated or of another version).
		 */
		INVALID

	}

}
