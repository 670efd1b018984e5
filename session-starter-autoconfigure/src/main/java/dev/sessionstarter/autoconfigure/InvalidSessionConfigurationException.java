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

package dev.sessionstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when session-starter's configuration would weaken sessions or cannot
 * work. {@link InvalidSessionConfigurationFailureAnalyzer} turns it into a message that
 * names the property, its value and the fix.
 *
 * @author session-starter
 */
public class InvalidSessionConfigurationException extends RuntimeException {

	private final String property;

	private final @Nullable Object value;

	private final String action;

	/**
	 * Create a new instance.
	 * @param property the property at fault
	 * @param value its value
	 * @param reason why the value cannot be used
	 * @param action what to change
	 */
	public InvalidSessionConfigurationException(String property, @Nullable Object value, String reason, String action) {
		super("Invalid value '" + value + "' for '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public @Nullable Object getValue() {
		return this.value;
	}

	public String getAction() {
		return this.action;
	}

}
