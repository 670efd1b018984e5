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
 * Published when a request finds that a session passed its idle or absolute deadline.
 * Sessions that simply age out in Redis without another request are not observed.
 *
 * @author session-starter
 */
public class SessionExpiredEvent extends SessionEvent {

	private final Deadline deadline;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session
	 * @param principal the session's principal, if any
	 * @param context the client of the request
	 * @param deadline which deadline passed
	 */
	public SessionExpiredEvent(Object source, String sessionId, @Nullable String principal, SessionEventContext context,
			Deadline deadline) {
		super(source, sessionId, principal, context);
		this.deadline = deadline;
	}

	public Deadline getDeadline() {
		return this.deadline;
	}

	@Override
	public Map<String, Object> getDetails() {
		return details("deadline", this.deadline);
	}

	@Override
	public String getType() {
		return "expired";
	}

	/**
	 * The deadline that passed.
	 */
	public enum Deadline {

		/** No request within the idle timeout. */
		IDLE,

		/** The session reached its absolute lifetime. */
		ABSOLUTE

	}

}
