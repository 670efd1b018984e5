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

package dev.sessionstarter.benchmarks;

import dev.sessionstarter.test.RealRedis;

/**
 * Redis memory held by the signed-in sessions of a variant, from {@code MEMORY USAGE} of
 * every key under the variant's prefix (the benchmark's own throwaway Redis holds nothing
 * else, so {@code KEYS} is fine here; the starter itself never uses it).
 *
 * @param sessions how many users were signed in
 * @param sessionKeys how many keys hold sessions themselves
 * @param sessionKeyBytes bytes of those keys
 * @param keys how many keys there are in all (indexes, expiry helpers included)
 * @param allBytes bytes of all keys
 * @author session-starter
 */
record SessionMemory(int sessions, int sessionKeys, long sessionKeyBytes, int keys, long allBytes) {

	static SessionMemory measure(RealRedis redis, Variant variant, int sessions) {
		String prefix = variant.keyPrefix();
		String listing = (prefix != null) ? redis.command("KEYS", prefix + "*") : null;
		int sessionKeys = 0;
		long sessionKeyBytes = 0;
		int keys = 0;
		long allBytes = 0;
		if (listing != null && !listing.isBlank()) {
			for (String key : listing.split("\n")) {
				String usage = redis.command("MEMORY", "USAGE", key, "SAMPLES", "0");
				long bytes = (usage != null) ? Long.parseLong(usage.trim()) : 0;
				keys++;
				allBytes += bytes;
				if (variant.isSessionKey(key)) {
					sessionKeys++;
					sessionKeyBytes += bytes;
				}
			}
		}
		return new SessionMemory(sessions, sessionKeys, sessionKeyBytes, keys, allBytes);
	}

	double sessionBytesPerSession() {
		return (double) this.sessionKeyBytes / this.sessions;
	}

	double allBytesPerSession() {
		return (double) this.allBytes / this.sessions;
	}

}
