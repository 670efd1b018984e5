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
package dev.sessionstarter.sample.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import dev.sessionstarter.core.store.SessionInfo;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.store.UserSessions;

/**
 * What a page shows about one session. The reference is a non-secret handle: the token
 * itself never leaves the cookie.
 *
 * @param reference the session's reference ({@code ref:...})
 * @param created when the session was created (kept across token rotation)
 * @param lastActive when the session was last used
 * @param idleDeadline when it ends unless used again
 * @param absoluteDeadline when it ends whatever happens
 * @param device the browser recorded at login
 * @param current whether this is the session of the page's own request
 * @author session-starter
 */
record SessionView(String reference, String created, String lastActive, String idleDeadline, String absoluteDeadline,
		String device, boolean current) {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
		.withZone(ZoneId.systemDefault());

	static SessionView of(StoredSession session, boolean current) {
		Object device = deviceOf(session);
		return new SessionView(session.reference(), format(session.getCreationTime()),
				format(session.getLastAccessedTime()), format(session.getIdleDeadline()),
				format(session.getAbsoluteDeadline()), (device instanceof String text) ? text : "Unknown client",
				current);
	}

	static SessionView of(SessionInfo session) {
		String device = (session.userAgent() != null) ? session.userAgent() : "Unknown client";
		if (session.clientIp() != null) {
			device = device + ", " + session.clientIp();
		}
		if (session.provider() != null) {
			device = device + ", signed in with " + session.provider();
		}
		return new SessionView(session.reference(), format(session.created()), format(session.lastAccessed()),
				format(session.idleDeadline()), format(session.absoluteDeadline()), device, session.current());
	}

	private static Object deviceOf(StoredSession session) {
		try {
			return session.getAttribute(UserSessions.USER_AGENT_ATTRIBUTE);
		}
		catch (RuntimeException ex) {
			// A listing must still render when one attribute cannot be read.
			return "Unknown client";
		}
	}

	static String format(Instant instant) {
		return FORMAT.format(instant);
	}

}
