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
 * What happens when a principal logs in while it already holds the most sessions it may.
 *
 * @author session-starter
 */
public enum SessionLimitPolicy {

	/** The new login succeeds and the least recently used sessions end. */
	EVICT_OLDEST("evict-oldest"),

	/** The new login does not get a session; the existing ones are kept. */
	REJECT("reject");

	private final String scriptValue;

	SessionLimitPolicy(String scriptValue) {
		this.scriptValue = scriptValue;
	}

	String scriptValue() {
		return this.scriptValue;
	}

}
