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

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the session store cannot be reached or did not answer in time. Callers must
 * fail closed (HTTP 503) rather than treat the request as having no session: a silent
 * logout hides an outage, and a silent fresh session could log the wrong person in.
 *
 * @author session-starter
 */
public class SessionStoreUnavailableException extends RuntimeException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param cause the cause
	 */
	public SessionStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Find the store outage behind a failure, however deeply a framework wrapped it.
	 * @param failure what a request failed with
	 * @return the outage in its chain of causes, or {@code null} if it is not one
	 */
	public static @Nullable SessionStoreUnavailableException in(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SessionStoreUnavailableException unavailable) {
				return unavailable;
			}
		}
		return null;
	}

	/**
	 * The name of what failed, fit for an event or a metric: the class of the Redis
	 * client's failure (a timeout, a refused connection) says enough, while its message
	 * may name hosts or commands.
	 * @return the simple class name of the cause
	 */
	public String causeName() {
		Throwable cause = getCause();
		return ((cause != null) ? cause : this).getClass().getSimpleName();
	}

}
