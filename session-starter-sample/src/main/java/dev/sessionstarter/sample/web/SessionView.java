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

import dev.sessionstarter.core.store.RememberedDeviceInfo;
import dev.sessionstarter.core.store.SessionInfo;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.store.UserSessions;
import org.jspecify.annotations.Nullable;

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
 * @param signedInWith how the user signed in: the identity provider's registration id
 * (e.g. {@code idp}), or {@code password}
 * @param current whether this is the session of the page's own request
 * @author session-starter
 */
record SessionView(String reference, String created, String lastActive, String idleDeadline, String absoluteDeadline,
		String device, String signedInWith, boolean current, boolean remembered) {

	/**
	 * What {@link #signedInWith()} says of a session that no identity provider signed in.
	 */
	static final String PASSWORD = "password";

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
		.withZone(ZoneId.systemDefault());

	static SessionView of(StoredSession session, boolean current) {
		Object device = attribute(session, UserSessions.USER_AGENT_ATTRIBUTE);
		Object provider = attribute(session, UserSessions.PROVIDER_ATTRIBUTE);
		return new SessionView(session.reference(), format(session.getCreationTime()),
				format(session.getLastAccessedTime()), format(session.getIdleDeadline()),
				format(session.getAbsoluteDeadline()), (device instanceof String text) ? text : "Unknown client",
				(provider instanceof String registrationId) ? registrationId : PASSWORD, current,
				attribute(session, UserSessions.REMEMBERED_DEVICE_ATTRIBUTE) != null);
	}

	static SessionView of(SessionInfo session) {
		String device = (session.userAgent() != null) ? session.userAgent() : "Unknown client";
		if (session.clientIp() != null) {
			device = device + ", " + session.clientIp();
		}
		String signedInWith = (session.provider() != null) ? session.provider() : PASSWORD;
		return new SessionView(session.reference(), format(session.created()), format(session.lastAccessed()),
				format(session.idleDeadline()), format(session.absoluteDeadline()), device, signedInWith,
				session.current(), session.rememberedDevice() != null);
	}

	/**
	 * A remembered device as "Your sessions" shows it.
	 */
	record Device(String reference, String device, String created, String lastUsed, String forgottenAt,
			boolean current) {

		static Device of(RememberedDeviceInfo device) {
			String summary = (device.userAgent() != null) ? device.userAgent() : "Unknown client";
			if (device.clientIp() != null) {
				summary = summary + ", " + device.clientIp();
			}
			return new Device(device.reference(), summary, format(device.created()),
					(device.lastUsed() != null) ? format(device.lastUsed()) : "not yet",
					format(device.absoluteDeadline()), device.current());
		}

	}

	private static @Nullable Object attribute(StoredSession session, String name) {
		try {
			return session.getAttribute(name);
		}
		catch (RuntimeException ex) {
			// A page must still render when one attribute cannot be read.
			return null;
		}
	}

	static String format(Instant instant) {
		return FORMAT.format(instant);
	}

}
