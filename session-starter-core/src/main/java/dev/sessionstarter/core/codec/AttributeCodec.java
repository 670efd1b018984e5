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

import org.jspecify.annotations.Nullable;

/**
 * Turns session attribute values into the strings stored in Redis and back. Decoding
 * reads bytes that an attacker with write access to Redis may have crafted, so an
 * implementation must never instantiate a type it has not been told to trust.
 *
 * @author session-starter
 */
public interface AttributeCodec {

	/**
	 * Encode an attribute value.
	 * @param value the value, never {@code null}
	 * @return its stored form
	 * @throws AttributeCodecException if the value cannot be encoded
	 */
	String encode(Object value);

	/**
	 * Decode a stored attribute value.
	 * @param stored the stored form
	 * @return the value
	 * @throws AttributeCodecException if the stored form is malformed or names a type
	 * that is not allowed
	 */
	@Nullable Object decode(String stored);

	/**
	 * Check that a value would be read back: encode it and decode the result. Used when
	 * an attribute is set, so that a type outside the allowlist fails where the
	 * application stores it, not as a lost session on the next request.
	 * @param value the value
	 * @throws AttributeCodecException if the value could not be read back
	 */
	default void verify(Object value) {
		decode(encode(value));
	}

}
