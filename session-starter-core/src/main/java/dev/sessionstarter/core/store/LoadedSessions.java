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

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The sessions loaded by the current request, by token, while a
 * {@linkplain RedisSessionStore#openRequestScope() request scope} is open: a token is
 * loaded from Redis at most once per request, and what the request ended or rotated away
 * is "no session" for the rest of it.
 *
 * @author session-starter
 */
final class LoadedSessions {

	private final ThreadLocal<@Nullable Map<String, @Nullable StoredSession>> scope = new ThreadLocal<>();

	RedisSessionStore.RequestScope open() {
		this.scope.set(new HashMap<>(2));
		return this.scope::remove;
	}

	/**
	 * The session of a token: remembered when this request loaded it already, else loaded
	 * (and remembered, also when there is none).
	 */
	@Nullable StoredSession find(String token, Function<String, @Nullable StoredSession> loader) {
		Map<String, @Nullable StoredSession> loaded = this.scope.get();
		if (loaded == null) {
			return loader.apply(token);
		}
		if (loaded.containsKey(token)) {
			return loaded.get(token);
		}
		StoredSession session = loader.apply(token);
		loaded.put(token, session);
		return session;
	}

	/**
	 * The stored session this request loaded for a token or for a storage id, which
	 * differs from the token's hash when the token was rotated in this request or is a
	 * retired token within its grace period.
	 */
	@Nullable StoredSession loadedFor(String token, String storageId) {
		Map<String, @Nullable StoredSession> loaded = this.scope.get();
		StoredSession found = null;
		if (loaded != null) {
			for (StoredSession session : loaded.values()) {
				if (session != null && session.persistedStorageId() != null
						&& (token.equals(session.getId()) || storageId.equals(session.persistedStorageId()))) {
					found = session;
				}
			}
		}
		return found;
	}

	/**
	 * Forget a session deleted by this request: later lookups answer "no session" without
	 * a round trip.
	 */
	void deleted(String storageId) {
		Map<String, @Nullable StoredSession> loaded = this.scope.get();
		if (loaded != null) {
			loaded.replaceAll((token, session) -> (session != null && storageId.equals(session.persistedStorageId()))
					? null : session);
		}
	}

	/**
	 * Forget the token a session was loaded with, after the session moved to a new one:
	 * the old token died with the rotation, and a later lookup in this request must say
	 * so.
	 */
	void rotated(StoredSession session) {
		Map<String, @Nullable StoredSession> loaded = this.scope.get();
		if (loaded != null) {
			loaded.replaceAll((token, other) -> (other == session) ? null : other);
		}
	}

}
