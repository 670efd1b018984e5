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

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the events published for a session. Every event names the session by its
 * storage id, the SHA-256 of its token: enough to correlate events with each other and
 * with the Redis key, useless for taking over the session.
 *
 * @author session-starter
 */
public abstract class SessionEvent extends ApplicationEvent {

	private final String sessionId;

	private final @Nullable String principal;

	private final SessionEventContext context;

	/**
	 * Create a new event.
	 * @param source the component that publishes the event
	 * @param sessionId the storage id of the session (never the token)
	 * @param principal the session's principal, if any
	 * @param context the client of the request in which the event happened
	 */
	protected SessionEvent(Object source, String sessionId, @Nullable String principal, SessionEventContext context) {
		super(source);
		this.sessionId = sessionId;
		this.principal = principal;
		this.context = context;
	}

	/**
	 * The storage id of the session: the SHA-256 of its token, base64url encoded; empty
	 * when the event concerns a user rather than one session (a burst of failed logins).
	 * @return the storage id
	 */
	public String getSessionId() {
		return this.sessionId;
	}

	public @Nullable String getPrincipal() {
		return this.principal;
	}

	/**
	 * The client of the request in which the event happened.
	 * @return the client, {@link SessionEventContext#NONE} outside of a request
	 */
	public SessionEventContext getContext() {
		return this.context;
	}

	public Instant getInstant() {
		return Instant.ofEpochMilli(getTimestamp());
	}

	/**
	 * A short, stable name of the event type, used by the audit log and as a metric tag,
	 * for example {@code created} or {@code reuse-detected}.
	 * @return the type name
	 */
	public abstract String getType();

	/**
	 * What this type of event adds to the session, principal and client, for the audit
	 * log: for example the reason of a rotation. Values are enums, numbers, booleans or
	 * short strings, never a token.
	 * @return the details by name, in a stable order
	 */
	public Map<String, Object> getDetails() {
		return Map.of();
	}

	/**
	 * Details in the order given.
	 * @param namesAndValues alternating names and values
	 * @return the details
	 */
	protected static Map<String, Object> details(Object... namesAndValues) {
		Map<String, Object> details = new LinkedHashMap<>();
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			details.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return details;
	}

}
