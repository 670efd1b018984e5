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
 * Published when a retired token (a rotated session token or a used refresh token) is
 * presented after its grace period, a sign that the token was copied.
 *
 * @author session-starter
 */
public class SessionReuseDetectedEvent extends SessionEvent {

	private final TokenKind tokenKind;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session
	 * @param principal the session's principal, if any
	 * @param context the client of the request
	 * @param tokenKind which kind of token was reused
	 */
	public SessionReuseDetectedEvent(Object source, String sessionId, @Nullable String principal,
			SessionEventContext context, TokenKind tokenKind) {
		super(source, sessionId, principal, context);
		this.tokenKind = tokenKind;
	}

	public TokenKind getTokenKind() {
		return this.tokenKind;
	}

	@Override
	public Map<String, Object> getDetails() {
		return details("tokenKind", this.tokenKind);
	}

	@Override
	public String getType() {
		return "reuse-detected";
	}

	/**
	 * The kind of token that was reused.
	 */
	public enum TokenKind {

		/** A session or access token. */
		SESSION,

		/** A refresh token. */
		REFRESH,

		/** The credential of a remembered device. */
		REMEMBERED_DEVICE

	}

}
