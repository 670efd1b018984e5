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
 * Published when the client of a request differs from the one that logged in.
 *
 * @author session-starter
 */
public class SessionBindingMismatchEvent extends SessionEvent {

	private final Binding binding;

	private final boolean revoked;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session
	 * @param principal the session's principal, if any
	 * @param context the client of the request
	 * @param binding what differed
	 * @param revoked whether the session was ended because of it
	 */
	public SessionBindingMismatchEvent(Object source, String sessionId, @Nullable String principal,
			SessionEventContext context, Binding binding, boolean revoked) {
		super(source, sessionId, principal, context);
		this.binding = binding;
		this.revoked = revoked;
	}

	public Binding getBinding() {
		return this.binding;
	}

	public boolean getRevoked() {
		return this.revoked;
	}

	@Override
	public Map<String, Object> getDetails() {
		return details("binding", this.binding, "revoked", this.revoked);
	}

	@Override
	public String getType() {
		return "binding-mismatch";
	}

	/**
	 * What a session is bound to.
	 */
	public enum Binding {

		/** The user agent fingerprint. */
		USER_AGENT,

		/** The IP address prefix. */
		IP

	}

}
