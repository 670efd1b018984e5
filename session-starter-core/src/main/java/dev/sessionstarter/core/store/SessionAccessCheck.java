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

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Inspects each session the store loads for a request, before the application sees it. It
 * runs on the loaded fields, so it costs no round trip; attributes it sets are written
 * with the request's other changes.
 *
 * @author session-starter
 * @see RedisSessionStore#setAccessCheck(SessionAccessCheck)
 */
@FunctionalInterface
public interface SessionAccessCheck {

	/**
	 * Check a session loaded for the current request.
	 * @param session the session
	 * @param client the client of the request
	 * @return {@code null} to let the request use the session, or why it must end now:
	 * the store then deletes it, publishes a revoked event with this reason, and the
	 * request continues without a session
	 */
	SessionRevokedEvent.@Nullable Reason check(StoredSession session, SessionEventContext client);

	/**
	 * Whether a session this check refused for the given reason stays stored: the request
	 * then continues without it, and the store neither deletes it nor publishes a revoked
	 * event.
	 * @param reason what {@link #check} answered
	 * @return {@code true} to only refuse this request, {@code false} (the default) to
	 * end the session
	 */
	default boolean keeps(SessionRevokedEvent.Reason reason) {
		return false;
	}

}
