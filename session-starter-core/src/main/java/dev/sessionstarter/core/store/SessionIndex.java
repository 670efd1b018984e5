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

	/**
	 * Most moved-token records followed to reach a session being revoked; a session moves
	 * once per privilege change or rotation, far fewer times while one revocation runs.
	 */
	private static final int MAX_HOPS = 100;

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
			// The new member goes in first: a revocation reading the index in between
			// sees both (the old one as the record of the move), never neither.
			connection.zSetCommands().zAdd(key, absoluteDeadline.toEpochMilli(), bytes(storageId));
			if (previousStorageId != null && !previousStorageId.equals(storageId)) {
				connection.zSetCommands().zRem(key, bytes(previousStorageId));
			}
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
		return read(principal, now, formatVersion, null);
	}

	/**
	 * Read the live sessions of a principal, and collect the members whose key holds the
	 * record of a token that moved (retire.lua, supersede.lua).
	 */
	private Map<String, List<String>> read(String principal, long now, String formatVersion,
			@Nullable List<String> moved) {
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
			else if (moved != null && (fields.containsKey("alias") || fields.containsKey("moved"))) {
				moved.add(ids.get(i));
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
	 * principal, so a user can never end someone else's session this way. A listed
	 * session that moves to a new token (privilege change, periodic rotation) before its
	 * delete lands is followed through the record its old key holds (delete.lua) and
	 * ended under its new one; so is a member whose session moved just before this read
	 * it, while the index does not list the new storage id yet. Not atomic across
	 * sessions: a session the principal first gets while this runs (a new login) may
	 * survive it, as if it had begun just after.
	 * @param only the one session to end, or {@code null} for all but {@code keep}
	 * @param keep the session to keep, or {@code null}
	 * @return the storage ids of the sessions ended
	 */
	List<String> revoke(String principal, long now, String formatVersion, @Nullable String only,
			@Nullable String keep) {
		String key = this.keys.userIndex(principal);
		List<String> candidates;
		if (only != null) {
			// Not looked up in the index: the session may have moved to a new token since
			// it was listed, and the ownership-checked delete follows it.
			candidates = List.of(only);
		}
		else {
			// A member whose session just moved holds a record: the session is followed
			// to its new storage id, which the index may not list yet.
			List<String> moved = new ArrayList<>();
			candidates = new ArrayList<>(read(principal, now, formatVersion, moved).keySet());
			candidates.addAll(moved);
			candidates.remove(keep);
		}
		List<String> ended = new ArrayList<>();
		for (String storageId : candidates) {
			String endedId = endOwned(storageId, principal, keep);
			if (endedId != null) {
				ended.add(endedId);
			}
		}
		if (!ended.isEmpty()) {
			this.scripts.call(() -> this.redis.opsForZSet().remove(key, ended.toArray()));
		}
		return ended;
	}

	/**
	 * End the live sessions of a principal whose field holds a value, with one-slot
	 * commands (Redis Cluster; see provider-logout.lua for the script of other
	 * deployments).
	 * @return the storage ids of the sessions ended
	 */
	List<String> revokeMatching(String principal, long now, String formatVersion, String field, String value) {
		List<String> ended = new ArrayList<>();
		read(principal, now, formatVersion).forEach((storageId, fields) -> {
			for (int i = 0; i + 1 < fields.size(); i += 2) {
				if (fields.get(i).equals(field) && fields.get(i + 1).equals(value)) {
					String endedId = endOwned(storageId, principal, null);
					if (endedId != null) {
						ended.add(endedId);
					}
					return;
				}
			}
		});
		if (!ended.isEmpty()) {
			String key = this.keys.userIndex(principal);
			this.scripts.call(() -> this.redis.opsForZSet().remove(key, ended.toArray()));
		}
		return ended;
	}

	/**
	 * End a session of the principal, following it through the records of moved tokens
	 * (never into {@code keep}); the caller cleans the index.
	 * @return the storage id under which it was ended, or {@code null}
	 */
	@Nullable String endOwned(String storageId, String principal, @Nullable String keep) {
		String current = storageId;
		for (int hop = 0; hop < MAX_HOPS && !current.equals(keep); hop++) {
			SessionScripts.OwnedDeletion deletion = this.scripts.deleteOwned(this.keys.session(current), current,
					principal);
			if (deletion.deleted()) {
				return current;
			}
			if (deletion.movedTo() == null) {
				return null;
			}
			current = deletion.movedTo();
		}
		return null;
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
