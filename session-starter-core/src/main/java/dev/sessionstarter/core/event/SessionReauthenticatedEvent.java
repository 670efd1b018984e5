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

import org.jspecify.annotations.Nullable;

/**
 * Published when the signed-in user of a session proves their identity again (a fresh
 * login that a sensitive route asked for): the session keeps its data and its absolute
 * deadline and has a new token, announced just before by a {@link SessionRotatedEvent}
 * with reason {@link SessionRotatedEvent.Reason#REAUTHENTICATION REAUTHENTICATION}.
 *
 * @author session-starter
 */
public class SessionReauthenticatedEvent extends SessionEvent {

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session (under its new token)
	 * @param principal the session's principal, if any
	 * @param context the client of the request
	 */
	public SessionReauthenticatedEvent(Object source, String sessionId, @Nullable String principal,
			SessionEventContext context) {
		super(source, sessionId, principal, context);
	}

	@Override
	public String getType() {
		return "re-authenticated";
	}

}
