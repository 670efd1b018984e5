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

package dev.sessionstarter.core.dbsc;

import java.time.Clock;
import java.util.function.Supplier;

import dev.sessionstarter.core.event.SessionDeviceBindingEvent;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.store.SessionAccessCheck;
import dev.sessionstarter.core.store.StoredSession;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Lets a device-bound session serve a request only when the request carries a bound
 * cookie that has not expired, the one thing a copy of the long-lived session cookie
 * lacks a few minutes after it was taken. It runs on the session as the store loaded it
 * (the binding is part of the session hash), so it costs no round trip; sessions that are
 * not bound pass untouched, so browsers without DBSC are unaffected. The registration and
 * refresh endpoints are exempt: they verify a signed proof instead.
 *
 * @author session-starter
 */
public class DeviceBindingCheck implements SessionAccessCheck {

	private final ApplicationEventPublisher publisher;

	private final DeviceBindingMode mode;

	private final Supplier<Clock> clock;

	/**
	 * Create a new check.
	 * @param publisher where events go
	 * @param mode what a request without proof leads to
	 * @param clock the clock bound cookies expire by, usually the store's
	 */
	public DeviceBindingCheck(ApplicationEventPublisher publisher, DeviceBindingMode mode, Supplier<Clock> clock) {
		this.publisher = publisher;
		this.mode = mode;
		this.clock = clock;
	}

	@Override
	public SessionRevokedEvent.@Nullable Reason check(StoredSession session, SessionEventContext client) {
		DeviceBinding binding = DeviceBinding.of(session);
		if (binding == null) {
			return null;
		}
		BoundRequest request = BoundRequest.current();
		if (request != null && request.proofEndpoint()) {
			return null;
		}
		if (binding.accepts((request != null) ? request.boundCookie() : null, this.clock.get().millis())) {
			return null;
		}
		this.publisher
			.publishEvent(new SessionDeviceBindingEvent(this, session.getStorageId(), session.getPrincipalName(),
					client, SessionDeviceBindingEvent.Outcome.MISSING_PROOF, this.mode == DeviceBindingMode.REVOKE));
		return SessionRevokedEvent.Reason.DEVICE_BINDING;
	}

	@Override
	public boolean keeps(SessionRevokedEvent.Reason reason) {
		return reason == SessionRevokedEvent.Reason.DEVICE_BINDING && this.mode == DeviceBindingMode.REPORT;
	}

}
