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
import java.util.Collection;
import java.util.List;

import dev.sessionstarter.core.token.SessionTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The per-user index of remembered devices: a sorted set of chain ids per principal
 * ({@link SessionKeys#rememberedDevices(String)}), scored by each chain's absolute
 * deadline, in the slot of the user's session index and revocation mark. The chains
 * themselves live in their own slots, so the index is kept with one-slot commands that
 * work alike on every topology; members whose chain is gone, expired, owned by someone
 * else or voided by the revocation mark are pruned as they are read.
 *
 * <p>
 * Outside this class a device is named only by its reference: a hash of its chain id,
 * which cannot be turned back into the chain id, let alone into a credential, and is no
 * key in Redis.
 *
 * @author session-starter
 */
final class RememberedDeviceIndex {

	private static final String REFERENCE_PREFIX = "device:";

	/** Keeps references apart from any other hash of the same chain id. */
	private static final String REFERENCE_CONTEXT = "session-starter remembered device reference:";

	/** The chain fields a listing reads, in this order (see device-remember.lua). */
	private static final byte[][] LISTED_FIELDS = { bytes("v"), bytes("principal"), bytes("created"), bytes("absolute"),
			bytes("used"), bytes("agent"), bytes("ip") };

	private final StringRedisTemplate redis;

	private final SessionKeys keys;

	private final SessionScripts scripts;

	RememberedDeviceIndex(StringRedisTemplate redis, SessionKeys keys, SessionScripts scripts) {
		this.redis = redis;
		this.keys = keys;
		this.scripts = scripts;
	}

	static String reference(String chainId) {
		return REFERENCE_PREFIX + SessionTokens.sha256(REFERENCE_CONTEXT + chainId);
	}

	static boolean isReference(String value) {
		return value.startsWith(REFERENCE_PREFIX);
	}

	/**
	 * Add a chain before it is stored: a chain that exists is always listed, and a member
	 * whose chain never came to be is pruned when read.
	 */
	void add(String principal, String chainId, long absoluteMillis) {
		byte[] key = bytes(this.keys.rememberedDevices(principal));
		// One round trip: both commands address the same key.
		this.scripts.call("device-index", () -> this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			connection.zSetCommands().zAdd(key, absoluteMillis, bytes(chainId));
			// Every chain has the same lifetime, so the newest one ends last; the index
			// goes with it. (Shortening the lifetime in the configuration can leave an
			// older chain unlisted until it ends; it still works and is still voided by
			// signing out everywhere.)
			connection.keyCommands().pExpireAt(key, absoluteMillis);
			return null;
		}));
	}

	/**
	 * The live remembered devices of a principal, in index order.
	 */
	List<RememberedDeviceInfo> read(String principal, long now, String formatVersion) {
		String key = this.keys.rememberedDevices(principal);
		String markKey = this.keys.tokensRevoked(principal);
		List<Object> head = this.scripts.call("device-index",
				() -> this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
					connection.zSetCommands().zRemRangeByScore(bytes(key), Double.NEGATIVE_INFINITY, now);
					connection.zSetCommands().zRange(bytes(key), 0, -1);
					connection.stringCommands().get(bytes(markKey));
					return null;
				}));
		List<String> chainIds = new ArrayList<>(asList(head.get(1)));
		if (chainIds.isEmpty()) {
			return List.of();
		}
		List<Object> chains = this.scripts.call("device-index",
				() -> this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
					chainIds.forEach((chainId) -> connection.hashCommands()
						.hMGet(bytes(this.keys.rememberedDevice(chainId)), LISTED_FIELDS));
					return null;
				}));
		@Nullable String mark = (String) head.get(2);
		List<RememberedDeviceInfo> live = new ArrayList<>();
		List<String> stale = new ArrayList<>();
		for (int i = 0; i < chainIds.size(); i++) {
			RememberedDeviceInfo info = info(chainIds.get(i), asList(chains.get(i)), principal, now, formatVersion,
					mark);
			if (info != null) {
				live.add(info);
			}
			else {
				stale.add(chainIds.get(i));
			}
		}
		if (!stale.isEmpty()) {
			this.scripts.call("device-index", () -> this.redis.opsForZSet().remove(key, stale.toArray()));
		}
		return live;
	}

	/**
	 * The chain id of one of a principal's devices.
	 * @return the chain id, or {@code null} when the reference names none of the
	 * principal's devices
	 */
	@Nullable String chainOf(String principal, String reference) {
		Collection<String> members = this.scripts.call("device-index",
				() -> this.redis.opsForZSet().range(this.keys.rememberedDevices(principal), 0, -1));
		if (members != null) {
			for (String chainId : members) {
				if (reference(chainId).equals(reference)) {
					return chainId;
				}
			}
		}
		return null;
	}

	void remove(String principal, String chainId) {
		this.scripts.call("device-index",
				() -> this.redis.opsForZSet().remove(this.keys.rememberedDevices(principal), chainId));
	}

	/**
	 * A listed chain, or {@code null} when it is gone, expired, someone else's, of
	 * another format, voided by the principal's revocation mark, or damaged.
	 */
	private static @Nullable RememberedDeviceInfo info(String chainId, List<@Nullable String> fields, String principal,
			long now, String formatVersion, @Nullable String mark) {
		if (fields.size() != LISTED_FIELDS.length || !formatVersion.equals(fields.get(0))
				|| !principal.equals(fields.get(1)) || !isMillis(fields.get(2)) || !isMillis(fields.get(3))) {
			return null;
		}
		long created = Long.parseLong(fields.get(2));
		long absolute = Long.parseLong(fields.get(3));
		// A mark that is not a number (crafted store contents) voids every chain, as at
		// use.
		if (now >= absolute || (mark != null && (!isMillis(mark) || created <= Long.parseLong(mark)))) {
			return null;
		}
		String used = fields.get(4);
		return new RememberedDeviceInfo(reference(chainId), Instant.ofEpochMilli(created),
				isMillis(used) ? Instant.ofEpochMilli(Long.parseLong(used)) : null, Instant.ofEpochMilli(absolute),
				textOrNull(fields.get(5)), textOrNull(fields.get(6)), false);
	}

	private static boolean isMillis(@Nullable String value) {
		return value != null && RetiredTokens.isMillis(value);
	}

	private static @Nullable String textOrNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	@SuppressWarnings("unchecked")
	private static <T> List<T> asList(@Nullable Object reply) {
		if (reply instanceof List<?> list) {
			return (List<T>) list;
		}
		return (reply instanceof Collection<?> collection) ? new ArrayList<>((Collection<T>) collection) : List.of();
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
