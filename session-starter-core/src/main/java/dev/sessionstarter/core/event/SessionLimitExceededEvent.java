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
 * Published when a login meets the per-user session limit.
 *
 * @author session-starter
 */
public class SessionLimitExceededEvent extends SessionEvent {

	private final int limit;

	private final boolean rejected;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param sessionId the storage id of the session
	 * @param principal the session's principal, if any
	 * @param context the client of the request
	 * @param limit the limit
	 * @param rejected whether the login was refused (otherwise the oldest session was
	 * evicted)
	 */
	public SessionLimitExceededEvent(Object source, String sessionId, @Nullable String principal,
			SessionEventContext context, int limit, boolean rejected) {
		super(source, sessionId, principal, context);
		this.limit = limit;
		this.rejected = rejected;
	}

	public int getLimit() {
		return this.limit;
	}

	public boolean getRejected() {
		return this.rejected;
	}

	@Override
	public Map<String, Object> getDetails() {
		return details("limit", this.limit, "rejected", this.rejected);
	}

	@Override
	public String getType() {
		return "limit-exceeded";
	}

}
