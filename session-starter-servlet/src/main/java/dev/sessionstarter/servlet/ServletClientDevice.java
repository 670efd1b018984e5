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

package dev.sessionstarter.servlet;

import java.util.Objects;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.web.ClientDevice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The device behind a request ("Firefox on Linux, 203.0.113.7"), recorded at login so
 * that "Your sessions" lists are recognisable and client binding has its reference. The
 * address is the request's remote address, which reflects {@code X-Forwarded-For} only
 * when the application trusts its proxy (Boot's {@code server.forward-headers-strategy}).
 *
 * @author session-starter
 */
public final class ServletClientDevice {

	private ServletClientDevice() {
	}

	/**
	 * Record the request's device in the session, writing only what changed.
	 * @param request the request
	 * @param session its session
	 */
	public static void record(HttpServletRequest request, HttpSession session) {
		setIfChanged(session, UserSessions.USER_AGENT_ATTRIBUTE,
				ClientDevice.summarize(request.getHeader(HttpHeaders.USER_AGENT)));
		setIfChanged(session, UserSessions.CLIENT_IP_ATTRIBUTE, request.getRemoteAddr());
	}

	/**
	 * The request's client as session events name it: remote address and user agent
	 * summary.
	 * @param request the request
	 * @return the client
	 */
	public static SessionEventContext eventContext(HttpServletRequest request) {
		return new SessionEventContext(request.getRemoteAddr(),
				ClientDevice.summarize(request.getHeader(HttpHeaders.USER_AGENT)));
	}

	private static void setIfChanged(HttpSession session, String name, @Nullable String value) {
		if (value != null && !Objects.equals(session.getAttribute(name), value)) {
			session.setAttribute(name, value);
		}
	}

}
