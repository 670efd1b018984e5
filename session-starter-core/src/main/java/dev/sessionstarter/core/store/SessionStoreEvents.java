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

package dev.sessionstarter.core.store;

import java.util.List;

import dev.sessionstarter.core.event.SessionAuthenticatedEvent;
import dev.sessionstarter.core.event.SessionCreatedEvent;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionExpiredEvent;
import dev.sessionstarter.core.event.SessionLimitExceededEvent;
import dev.sessionstarter.core.event.SessionLoggedOutEvent;
import dev.sessionstarter.core.event.SessionReauthenticatedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns what the store's scripts answered into session events. Events are published only
 * after Redis confirmed the change, so a listener never hears of a step that did not
 * happen.
 *
 * @author session-starter
 */
final class SessionStoreEvents {

	private final Object source;

	private ApplicationEventPublisher publisher = (event) -> {
	};

	SessionStoreEvents(Object source) {
		this.source = source;
	}

	void setPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	void publish(ApplicationEvent event) {
		this.publisher.publishEvent(event);
	}

	/**
	 * A load found a session past a deadline or unreadable, and the script deleted it.
	 */
	void loadRefused(String outcome, String storageId, List<String> reply) {
		String principal = principal((reply.size() > 1) ? reply.get(1) : null);
		SessionEventContext context = SessionEventContext.current();
		switch (outcome) {
			case "expired-idle" -> publish(new SessionExpiredEvent(this.source, storageId, principal, context,
					SessionExpiredEvent.Deadline.IDLE));
			case "expired-absolute" -> publish(new SessionExpiredEvent(this.source, storageId, principal, context,
					SessionExpiredEvent.Deadline.ABSOLUTE));
			case "invalid" -> revoked(storageId, principal, SessionRevokedEvent.Reason.INVALID);
			default -> {
			}
		}
	}

	/**
	 * A writing script answered for a session whose previous storage id was
	 * {@code oldStorageId} ({@code null} when it was not stored yet).
	 */
	void saved(StoredSession session, @Nullable String oldStorageId, @Nullable String newPrincipal,
			SessionScripts.Written written, int limit, SessionRotatedEvent.@Nullable Reason rotation) {
		String storageId = session.getStorageId();
		String principal = (newPrincipal != null) ? newPrincipal : session.getPrincipalName();
		SessionEventContext context = SessionEventContext.current();
		if (written.result() < 0) {
			publish(new SessionLimitExceededEvent(this.source, storageId, principal, context, limit, true));
			return;
		}
		if (written.result() != 1) {
			return;
		}
		if (oldStorageId == null) {
			publish(new SessionCreatedEvent(this.source, storageId, principal, context));
		}
		else if (!oldStorageId.equals(storageId)) {
			SessionRotatedEvent.Reason reason = (rotation != null) ? rotation : (newPrincipal != null)
					? SessionRotatedEvent.Reason.LOGIN : SessionRotatedEvent.Reason.PRIVILEGE_CHANGE;
			publish(new SessionRotatedEvent(this.source, storageId, principal, context, oldStorageId, reason));
		}
		if (!written.evicted().isEmpty()) {
			publish(new SessionLimitExceededEvent(this.source, storageId, principal, context, limit, false));
			written.evicted()
				.forEach((evicted) -> revoked(evicted, principal, SessionRevokedEvent.Reason.SESSION_LIMIT));
		}
		if (newPrincipal != null) {
			publish(new SessionAuthenticatedEvent(this.source, storageId, principal, context));
		}
		else if (rotation == SessionRotatedEvent.Reason.REAUTHENTICATION && oldStorageId != null
				&& !oldStorageId.equals(storageId)) {
			publish(new SessionReauthenticatedEvent(this.source, storageId, principal, context));
		}
	}

	void loggedOut(String storageId, String owner) {
		publish(new SessionLoggedOutEvent(this.source, storageId, principal(owner), SessionEventContext.current()));
	}

	void revoked(String storageId, @Nullable String principal, SessionRevokedEvent.Reason reason) {
		revoked(storageId, principal, null, reason);
	}

	void revoked(String storageId, @Nullable String principal, @Nullable String revokedBy,
			SessionRevokedEvent.Reason reason) {
		publish(new SessionRevokedEvent(this.source, storageId, principal, SessionEventContext.current(), revokedBy,
				reason));
	}

	private static @Nullable String principal(@Nullable String stored) {
		return (stored == null || stored.isEmpty()) ? null : stored;
	}

}
