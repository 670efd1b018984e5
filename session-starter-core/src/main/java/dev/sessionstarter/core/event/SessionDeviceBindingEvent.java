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
 * Published when a session is bound to a key its browser holds (Device Bound Session
 * Credentials), when its short-lived bound cookie is renewed with a proof of that key,
 * and when a request or a refresh comes without such a proof.
 *
 * @author session-starter
 */
public class SessionDeviceBindingEvent extends SessionEvent {

	private final Outcome outcome;

	private final boolean revoked;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session
	 * @param principal the session's principal, if any
	 * @param context the client of the request
	 * @param outcome what happened
	 * @param revoked whether the session was ended because of it
	 */
	public SessionDeviceBindingEvent(Object source, String sessionId, @Nullable String principal,
			SessionEventContext context, Outcome outcome, boolean revoked) {
		super(source, sessionId, principal, context);
		this.outcome = outcome;
		this.revoked = revoked;
	}

	public Outcome getOutcome() {
		return this.outcome;
	}

	public boolean getRevoked() {
		return this.revoked;
	}

	@Override
	public Map<String, Object> getDetails() {
		return details("outcome", this.outcome, "revoked", this.revoked);
	}

	@Override
	public String getType() {
		return switch (this.outcome) {
			case BOUND -> "device-bound";
			case REFRESHED -> "device-refreshed";
			case MISSING_PROOF, INVALID_PROOF -> "device-unproven";
		};
	}

	/**
	 * What happened to the device binding.
	 */
	public enum Outcome {

		/** The browser registered a key; the session is bound to it from now on. */
		BOUND,

		/** The browser proved possession of the key and got a new bound cookie. */
		REFRESHED,

		/**
		 * A request presented the session without a valid bound cookie (copied from
		 * another device, or the bound cookie expired and was not refreshed).
		 */
		MISSING_PROOF,

		/**
		 * A refresh or registration came with a proof that does not verify (another key,
		 * a forged or unsigned token).
		 */
		INVALID_PROOF

	}

}
