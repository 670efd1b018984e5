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

package dev.sessionstarter.core.codec;

/**
 * Thrown when an attribute value cannot be encoded, or when a stored value cannot be
 * decoded safely (malformed, truncated, or naming a type outside the allowlist).
 *
 * @author session-starter
 */
public class AttributeCodecException extends RuntimeException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 */
	public AttributeCodecException(String message) {
		super(message);
	}

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param cause the cause
	 */
	public AttributeCodecException(String message, Throwable cause) {
		super(message, cause);
	}

}
