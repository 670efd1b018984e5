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

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.core.codec.AttributeCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Reads a session hash, as the scripts return it (field, value, field, value, ...), into
 * a {@link StoredSession}. Attribute values stay encoded until the application reads
 * them.
 *
 * @author session-starter
 */
final class SessionFields {

	private SessionFields() {
	}

	/**
	 * Read the fields of a session hash.
	 * @param codec decodes attribute values when they are read
	 * @param token the token the session was presented with, {@code null} when listed
	 * @param storageId where the session is stored
	 * @param fields the hash as field, value pairs
	 * @return the session
	 * @throws NumberFormatException if numeric metadata is not a number
	 * @throws IllegalStateException if required metadata is missing
	 */
	static StoredSession read(AttributeCodec codec, @Nullable String token, String storageId, List<String> fields) {
		Map<String, String> attributes = new HashMap<>();
		Map<String, String> meta = new HashMap<>();
		Map<String, String> binding = Map.of();
		Map<String, String> pieces = Map.of();
		for (int i = 0; i + 1 < fields.size(); i += 2) {
			String name = fields.get(i);
			if (name.startsWith(SessionDelta.ATTRIBUTE_PREFIX)) {
				attributes.put(name.substring(SessionDelta.ATTRIBUTE_PREFIX.length()), fields.get(i + 1));
			}
			else if (name.startsWith(AttributeFields.PIECE_PREFIX)) {
				pieces = (pieces.isEmpty()) ? new HashMap<>() : pieces;
				pieces.put(name.substring(AttributeFields.PIECE_PREFIX.length()), fields.get(i + 1));
			}
			else if (name.startsWith(StoredSession.DEVICE_BINDING_PREFIX)) {
				binding = (binding.isEmpty()) ? new HashMap<>() : binding;
				binding.put(name, fields.get(i + 1));
			}
			else {
				meta.put(name, fields.get(i + 1));
			}
		}
		StoredSession session = new StoredSession(codec, token, storageId, true, instant(meta, "created"),
				instant(meta, "lastAccess"), Duration.ofMillis(Long.parseLong(required(meta, "idle"))),
				instant(meta, "absolute"), meta.get("principal"), AttributeFields.join(attributes, pieces));
		session.useWrappedKey(meta.get(SealedValues.WRAPPED_KEY_FIELD), token, true);
		session.setDeviceBinding(binding);
		if (meta.containsKey("rotated")) {
			session.setLastRotation(instant(meta, "rotated"));
		}
		return session;
	}

	private static Instant instant(Map<String, String> meta, String field) {
		return Instant.ofEpochMilli(Long.parseLong(required(meta, field)));
	}

	private static String required(Map<String, String> meta, String field) {
		String value = meta.get(field);
		Assert.state(value != null, () -> "Session metadata lacks " + field);
		return value;
	}

}
