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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The per-user index: a sorted set of storage ids per principal, scored by each session's
 * absolute deadline (which never moves, so touching a session never has to update the
 * index). Members whose deadline passed, whose session is gone or now belongs to someone
 * else are pruned as they are read; no {@code KEYS}, {@code SCAN} or keyspace
 * notifications are involved.
 *
 * @author session-starter
 */
final class SessionIndex {

	private final StringRedisTemplate redis;

	private final SessionKeys keys;

	private final SessionScripts scripts;

	SessionIndex(StringRedisTemplate redis, SessionKeys keys, SessionScripts scripts) {
		this.redis = redis;
		this.keys = keys;
		this.scripts = scripts;
	}

	void add(String principal, String storageId, @Nullable String previousStorageId, Instant absoluteDeadline) {
		byte[] key = bytes(this.keys.userIndex(principal));
		// One round trip: both commands address the same key, so the same Cluster node.
		this.scripts.call(() -> this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			if (previousStorageId != null && !previousStorageId.equals(storageId)) {
				connection.zSetCommands().zRem(key, bytes(previousStorageId));
			}
			connection.zSetCommands().zAdd(key, absoluteDeadline.toEpochMilli(), bytes(storageId));
			return null;
		}));
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	void remove(String principal, String storageId) {
		this.scripts.call(() -> this.redis.opsForZSet().remove(this.keys.userIndex(principal), storageId));
	}

	/**
	 * Read the live sessions of a principal.
	 * @return raw session fields by storage id, in index order
	 */
	Map<String, List<String>> read(String principal, long now, String formatVersion) {
		String key = this.keys.userIndex(principal);
		Set<String> members = this.scripts.call(() -> {
			this.redis.opsForZSet().removeRangeByScore(key, Double.NEGATIVE_INFINITY, now);
			return this.redis.opsForZSet().range(key, 0, -1);
		});
		if (members == null || members.isEmpty()) {
			return Map.of();
		}
		List<String> ids = new ArrayList<>(members);
		List<Object> hashes = this.scripts
			.call(() -> this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
				ids.forEach((id) -> connection.hashCommands()
					.hGetAll(this.keys.session(id).getBytes(StandardCharsets.UTF_8)));
				return null;
			}));
		Map<String, List<String>> live = new LinkedHashMap<>();
		List<String> stale = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			@SuppressWarnings("unchecked")
			Map<String, String> fields = (Map<String, String>) hashes.get(i);
			if (fields == null || fields.isEmpty() || !principal.equals(fields.get("principal"))) {
				stale.add(ids.get(i));
			}
			else if (formatVersion.equals(fields.get("v")) && isAlive(fields, now)) {
				List<String> flat = new ArrayList<>(fields.size() * 2);
				fields.forEach((name, value) -> {
					flat.add(name);
					flat.add(value);
				});
				live.put(ids.get(i), flat);
			}
		}
		if (!stale.isEmpty()) {
			this.scripts.call(() -> this.redis.opsForZSet().remove(key, stale.toArray()));
		}
		return live;
	}

	/**
	 * End sessions of a principal with one-slot commands, for Redis Cluster where
	 * revoke-sessions.lua cannot run: each session is deleted only if it still names the
	 * principal, so a user can never end someone else's session this way. Not atomic
	 * across sessions: a session the principal gets while this runs may survive it.
	 * @param only the one session to end, or {@code null} for all but {@code keep}
	 * @param keep the session to keep, or {@code null}
	 * @return the storage ids of the sessions ended
	 */
	List<String> revoke(String principal, long now, String formatVersion, @Nullable String only,
			@Nullable String keep) {
		String key = this.keys.userIndex(principal);
		List<String> candidates;
		if (only != null) {
			Double score = this.scripts.call(() -> this.redis.opsForZSet().score(key, only));
			candidates = (score != null) ? List.of(only) : List.of();
		}
		else {
			candidates = new ArrayList<>(read(principal, now, formatVersion).keySet());
			candidates.remove(keep);
		}
		List<String> ended = new ArrayList<>();
		for (String storageId : candidates) {
			if (this.scripts.deleteOwned(this.keys.session(storageId), storageId, principal)) {
				ended.add(storageId);
			}
		}
		if (!ended.isEmpty()) {
			this.scripts.call(() -> this.redis.opsForZSet().remove(key, ended.toArray()));
		}
		return ended;
	}

	private static boolean isAlive(Map<String, String> fields, long now) {
		long last;
		long idle;
		long absolute;
		try {
			last = Long.parseLong(Objects.requireNonNullElse(fields.get("lastAccess"), "0"));
			idle = Long.parseLong(Objects.requireNonNullElse(fields.get("idle"), "0"));
			absolute = Long.parseLong(Objects.requireNonNullElse(fields.get("absolute"), "0"));
		}
		catch (NumberFormatException ex) {
			// Damaged metadata counts as dead: readers skip and prune it.
			return false;
		}
		return now < last + idle && now < absolute;
	}

}
