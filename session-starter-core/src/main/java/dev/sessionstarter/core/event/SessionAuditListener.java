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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Writes one line per session event to the logger {@value #LOGGER_NAME} at INFO, in
 * {@code key=value} form, for example: <pre class="code">
 * event=rotated session=Qm9i... principal="alice" ip=203.0.113.7 agent="Firefox 128 on Linux" reason=LOGIN previous=x7Tq...
 * </pre> The keys {@code event}, {@code session}, {@code principal}, {@code ip} and
 * {@code agent} come first, in that order, followed by the details of the event type
 * ({@link SessionEvent#getDetails()}). Values are written bare when they consist of
 * letters, digits and {@code . _ : / + = -} only, and otherwise in double quotes with
 * {@code "} and {@code \} escaped and control characters written as
 * {@code \}{@code uXXXX}, so a principal name can never forge a second line or a key.
 * Missing values are written as {@code -}. Sessions are named by storage id (the SHA-256
 * of the token); tokens never reach an event, so they never reach this log.
 *
 * @author session-starter
 */
public class SessionAuditListener implements SmartApplicationListener {

	/** The name of the audit logger. */
	public static final String LOGGER_NAME = "dev.sessionstarter.audit";

	private final Log logger;

	/**
	 * Create a listener that writes to the {@value #LOGGER_NAME} logger.
	 */
	public SessionAuditListener() {
		this(LogFactory.getLog(LOGGER_NAME));
	}

	SessionAuditListener(Log logger) {
		this.logger = logger;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return SessionEvent.class.isAssignableFrom(eventType)
				|| SessionStoreUnavailableEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (!this.logger.isInfoEnabled()) {
			return;
		}
		if (event instanceof SessionEvent session) {
			this.logger.info(format(session));
		}
		else if (event instanceof SessionStoreUnavailableEvent unavailable) {
			this.logger.info(format(unavailable));
		}
	}

	/**
	 * Format an event as one audit line.
	 * @param event the event
	 * @return the line
	 */
	public static String format(SessionEvent event) {
		StringBuilder line = new StringBuilder(160);
		append(line, "event", event.getType());
		append(line, "session", event.getSessionId().isEmpty() ? null : event.getSessionId());
		append(line, "principal", event.getPrincipal());
		appendClient(line, event.getContext());
		for (Map.Entry<String, Object> detail : event.getDetails().entrySet()) {
			append(line, detail.getKey(), String.valueOf(detail.getValue()));
		}
		return line.toString();
	}

	/**
	 * Format a store outage as one audit line.
	 * @param event the event
	 * @return the line
	 */
	public static String format(SessionStoreUnavailableEvent event) {
		StringBuilder line = new StringBuilder(160);
		append(line, "event", event.getType());
		appendClient(line, event.getContext());
		append(line, "cause", event.getCause());
		return line.toString();
	}

	private static void appendClient(StringBuilder line, SessionEventContext context) {
		append(line, "ip", context.clientIp());
		append(line, "agent", context.userAgent());
	}

	private static void append(StringBuilder line, String key, @Nullable String value) {
		if (!line.isEmpty()) {
			line.append(' ');
		}
		line.append(key).append('=');
		if (value == null || value.isEmpty()) {
			line.append('-');
		}
		else if (isBare(value)) {
			line.append(value);
		}
		else {
			quote(line, value);
		}
	}

	private static boolean isBare(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| ".-_:/+=".indexOf(c) >= 0;
			if (!plain) {
				return false;
			}
		}
		return !value.equals("-");
	}

	private static void quote(StringBuilder line, String value) {
		line.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				line.append('\\').append(c);
			}
			else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == '\u2028'
					|| c == '\u2029') {
				// C0, DEL, C1 (NEL included), bidi overrides and other format characters:
				// a log viewer may break or reorder a line on any of them.
				line.append(String.format("\\u%04x", (int) c));
			}
			else {
				line.append(c);
			}
		}
		line.append('"');
	}

}
