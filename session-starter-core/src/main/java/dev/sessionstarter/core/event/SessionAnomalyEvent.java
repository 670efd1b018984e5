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
 * Published when the use of a session or account looks unusual. Nothing is blocked unless
 * so configured.
 *
 * @author session-starter
 */
public class SessionAnomalyEvent extends SessionEvent {

	private final Kind kind;

	private final String detail;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session
	 * @param principal the session's principal, if any
	 * @param context the client of the request
	 * @param kind what looked unusual
	 * @param detail a short description with the numbers observed
	 */
	public SessionAnomalyEvent(Object source, String sessionId, @Nullable String principal, SessionEventContext context,
			Kind kind, String detail) {
		super(source, sessionId, principal, context);
		this.kind = kind;
		this.detail = detail;
	}

	public Kind getKind() {
		return this.kind;
	}

	public String getDetail() {
		return this.detail;
	}

	@Override
	public Map<String, Object> getDetails() {
		return details("kind", this.kind, "detail", this.detail);
	}

	@Override
	public String getType() {
		return "anomaly";
	}

	/**
	 * What looked unusual.
	 */
	public enum Kind {

		/**
		 * One session used from more distinct IP prefixes than allowed within a window.
		 */
		MANY_NETWORKS,

		/** A burst of failed logins for one user. */
		FAILED_LOGINS,

		/** A burst of failed refreshes for one user. */
		REFRESH_FAILURES

	}

}
