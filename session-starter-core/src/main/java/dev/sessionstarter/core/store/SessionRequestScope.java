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

/**
 * What a request brings that {@linkplain SessionAccessCheck access checks} read from the
 * thread that loads its session, such as the bound cookie of a device-bound session. A
 * servlet request opens it on its own thread for as long as it runs; a reactive request
 * hands it to
 * {@link RedisSessionStore#findByIdAsync(String, dev.sessionstarter.core.event.SessionEventContext, SessionRequestScope)},
 * which opens it on the worker thread that runs the checks.
 *
 * @author session-starter
 */
@FunctionalInterface
public interface SessionRequestScope {

	/** A scope that brings nothing. */
	SessionRequestScope NONE = () -> () -> {
	};

	/**
	 * Make this scope current on the calling thread until the result is closed.
	 * @return what to close, in a {@code finally} block or try-with-resources
	 */
	Opened open();

	/**
	 * A scope made current on a thread.
	 */
	@FunctionalInterface
	interface Opened extends AutoCloseable {

		@Override
		void close();

	}

}
