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

import dev.sessionstarter.core.store.SessionRequestScope;
import org.jspecify.annotations.Nullable;

/**
 * What the current request brings for device-bound sessions, made current on the thread
 * that loads its session (by {@code DeviceBindingFilter} for a servlet request, by the
 * store's worker for a reactive one, see {@link SessionRequestScope}), so that
 * {@link DeviceBindingCheck} sees it wherever the session is loaded.
 *
 * @param boundCookie the bound cookie's value, or {@code null} when absent or ambiguous
 * @param proofEndpoint whether the request is for the registration or refresh endpoint,
 * which prove the key themselves instead of presenting a bound cookie
 * @author session-starter
 */
public record BoundRequest(@Nullable String boundCookie, boolean proofEndpoint) implements SessionRequestScope {

	private static final ThreadLocal<@Nullable BoundRequest> CURRENT = new ThreadLocal<>();

	/**
	 * The request running on this thread.
	 * @return it, or {@code null} outside of a request the filter saw
	 */
	static @Nullable BoundRequest current() {
		return CURRENT.get();
	}

	/**
	 * Make this request current on the calling thread until the result is closed.
	 * @return what to close, in a {@code finally} block or try-with-resources
	 */
	@Override
	public Opened open() {
		BoundRequest previous = CURRENT.get();
		CURRENT.set(this);
		return () -> CURRENT.set(previous);
	}

}
