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
 * Published when a login remembers its device ("remember this device"), when a remembered
 * device signs in again with a new session, and when a remembered device is forgotten
 * (logout on it, or its owner or an operator revoking it). The device is named by its
 * reference ({@code device:...}), which correlates these events and can revoke the device
 * but never sign in with it.
 *
 * @author session-starter
 */
public class SessionRememberedDeviceEvent extends SessionEvent {

	private final Outcome outcome;

	private final String device;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session the device signed in, or empty when
	 * the event concerns the device rather than one session
	 * @param principal the device's principal
	 * @param context the client of the request
	 * @param outcome what happened
	 * @param device the device's reference
	 */
	public SessionRememberedDeviceEvent(Object source, String sessionId, @Nullable String principal,
			SessionEventContext context, Outcome outcome, String device) {
		super(source, sessionId, principal, context);
		this.outcome = outcome;
		this.device = device;
	}

	public Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * The remembered device's reference.
	 * @return the reference
	 */
	public String getDevice() {
		return this.device;
	}

	@Override
	public Map<String, Object> getDetails() {
		return details("outcome", this.outcome, "device", this.device);
	}

	@Override
	public String getType() {
		return switch (this.outcome) {
			case REMEMBERED -> "device-remembered";
			case SIGNED_IN -> "device-signed-in";
			case FORGOTTEN -> "device-forgotten";
		};
	}

	/**
	 * What happened to the remembered device.
	 */
	public enum Outcome {

		/**
		 * A login asked to be remembered; its browser got the device's first credential.
		 */
		REMEMBERED,

		/**
		 * A browser without a live session used the device's credential and got a new
		 * session (not a fresh login) and the next credential.
		 */
		SIGNED_IN,

		/** The device was forgotten: logout on it, or revoked from the sessions list. */
		FORGOTTEN

	}

}
