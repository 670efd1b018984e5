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

import org.springframework.context.ApplicationEvent;

/**
 * Published when a request that needs its session is answered with 503 because the store
 * does not answer. It names no session: none could be read.
 *
 * @author session-starter
 */
public class SessionStoreUnavailableEvent extends ApplicationEvent {

	private final SessionEventContext context;

	private final String cause;

	/**
	 * Create a new event.
	 * @param source the publishing component
	 * @param context the client of the request
	 * @param cause a short description of the failure
	 */
	public SessionStoreUnavailableEvent(Object source, SessionEventContext context, String cause) {
		super(source);
		this.context = context;
		this.cause = cause;
	}

	public SessionEventContext getContext() {
		return this.context;
	}

	public String getCause() {
		return this.cause;
	}

	/**
	 * The name of this event type in the audit log and metrics.
	 * @return {@code store-unavailable}
	 */
	public String getType() {
		return "store-unavailable";
	}

}
