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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Loads the store's Lua scripts from {@code src/main/resources} and runs them. Every
 * Redis interaction that reads or writes a session goes through one of these scripts, so
 * a reviewer can audit the store by reading the scripts and this class. Scripts are sent
 * with EVALSHA; Spring Data Redis falls back to EVAL when the server answers NOSCRIPT
 * (after a restart or SCRIPT FLUSH), which also caches them again.
 *
 * @author session-starter
 */
final class SessionScripts {

	private static final String FORMAT_VERSION = "1";

	@SuppressWarnings("rawtypes")
	private static final Class<List> MULTI = List.class;

	private final StringRedisTemplate redis;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> loadAndTouch;

	private final RedisScript<Long> create;

	private final RedisScript<Long> saveDelta;

	private final RedisScript<Long> changeId;

	private final RedisScript<Long> moveIn;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> delete;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> listSessions;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> revokeSessions;

	SessionScripts(StringRedisTemplate redis) {
		this.redis = redis;
		String lib = read("delta.lua") + read("user-index.lua");
		this.loadAndTouch = RedisScript.of(read("load-and-touch.lua"), MULTI);
		this.create = RedisScript.of(lib + read("create.lua"), Long.class);
		this.saveDelta = RedisScript.of(lib + read("save-delta.lua"), Long.class);
		this.changeId = RedisScript.of(lib + read("change-id.lua"), Long.class);
		this.moveIn = RedisScript.of(read("delta.lua") + read("move-in.lua"), Long.class);
		this.delete = RedisScript.of(read("delete.lua"), MULTI);
		String index = read("user-index.lua");
		this.listSessions = RedisScript.of(index + read("list-sessions.lua"), MULTI);
		this.revokeSessions = RedisScript.of(index + read("revoke-sessions.lua"), MULTI);
	}

	static String formatVersion() {
		return FORMAT_VERSION;
	}

	@SuppressWarnings("unchecked")
	List<String> loadAndTouch(String key, long now, long touchMillis) {
		return call(() -> this.redis.execute(this.loadAndTouch, List.of(key), Long.toString(now),
				Long.toString(touchMillis), FORMAT_VERSION));
	}

	long create(List<String> keys, long created, long idle, long absoluteDeadline, String principal, String storageId,
			Admission admission, List<String> delta) {
		return write(this.create, keys, admission, delta, Long.toString(created), Long.toString(idle),
				Long.toString(absoluteDeadline), principal, storageId);
	}

	long saveDelta(List<String> keys, String idle, String principal, String storageId, Admission admission,
			List<String> delta) {
		return write(this.saveDelta, keys, admission, delta, idle, principal, storageId);
	}

	long changeId(List<String> keys, String idle, String principal, String newStorageId, String oldStorageId,
			Admission admission, List<String> delta) {
		return write(this.changeId, keys, admission, delta, idle, principal, newStorageId, oldStorageId);
	}

	/**
	 * Create the new key of a move across slots (Redis Cluster) from the old session's
	 * fields; see move-in.lua for the whole move.
	 * @param newKey the session key under the new storage id
	 * @param oldFields the old session's fields as load-and-touch returned them
	 * @return 1 when created, 0 when not
	 */
	long moveIn(String newKey, String idle, String principal, String newStorageId, List<String> oldFields,
			List<String> delta) {
		List<String> args = new ArrayList<>(oldFields.size() + delta.size() + 5);
		args.add(FORMAT_VERSION);
		args.add(idle);
		args.add(principal);
		args.add(newStorageId);
		args.add(Integer.toString(oldFields.size() / 2));
		args.addAll(oldFields);
		args.addAll(delta);
		Long result = call(() -> this.redis.execute(this.moveIn, List.of(newKey), args.toArray()));
		return (result != null) ? result : 0L;
	}

	/**
	 * Run a writing script with the argument layout they share: format version, the
	 * script's own arguments, the admission arguments, then the delta.
	 */
	private long write(RedisScript<Long> script, List<String> keys, Admission admission, List<String> delta,
			String... own) {
		List<String> args = new ArrayList<>(delta.size() + own.length + 5);
		args.add(FORMAT_VERSION);
		args.addAll(List.of(own));
		admission.addTo(args);
		args.addAll(delta);
		Long result = call(() -> this.redis.execute(script, keys, args.toArray()));
		return (result != null) ? result : 0L;
	}

	/**
	 * Delete a session.
	 * @return the principal the session belonged to, {@code ""} if none, or {@code null}
	 * if there was no such session
	 */
	@Nullable String delete(List<String> keys, String storageId) {
		return deleted(call(() -> this.redis.execute(this.delete, keys, storageId)));
	}

	/**
	 * Delete a session only if it belongs to {@code principal}.
	 * @return whether it was deleted
	 */
	boolean deleteOwned(String key, String storageId, String principal) {
		return deleted(call(() -> this.redis.execute(this.delete, List.of(key), storageId, principal))) != null;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable String deleted(@Nullable List<?> result) {
		return (result != null && Long.valueOf(1).equals(result.get(0))) ? (String) result.get(1) : null;
	}

	@SuppressWarnings("unchecked")
	List<@Nullable String> listSessions(String indexKey, long now, String sessionKeyPrefix, String principal) {
		List<@Nullable String> result = call(() -> this.redis.execute(this.listSessions, List.of(indexKey),
				Long.toString(now), sessionKeyPrefix, principal));
		return (result != null) ? result : List.of();
	}

	@SuppressWarnings("unchecked")
	List<String> revokeSessions(String indexKey, long now, String sessionKeyPrefix, String principal, String mode,
			String storageId) {
		List<String> result = call(() -> this.redis.execute(this.revokeSessions, List.of(indexKey), Long.toString(now),
				sessionKeyPrefix, principal, mode, storageId));
		return (result != null) ? result : List.of();
	}

	/**
	 * Whether the server has every script cached. Scripts missing after a restart or
	 * SCRIPT FLUSH are sent again on first use, so this is information, not a failure.
	 * @param indexInScripts whether the store runs the scripts that touch the per-user
	 * index (standalone, Sentinel) or the one-slot ones (Cluster)
	 */
	boolean allCached(boolean indexInScripts) {
		List<String> shas = new ArrayList<>(List.of(this.loadAndTouch.getSha1(), this.create.getSha1(),
				this.saveDelta.getSha1(), this.delete.getSha1()));
		shas.addAll(indexInScripts
				? List.of(this.changeId.getSha1(), this.listSessions.getSha1(), this.revokeSessions.getSha1())
				: List.of(this.moveIn.getSha1()));
		List<Boolean> cached = call(
				() -> this.redis.execute((RedisCallback<List<Boolean>>) (connection) -> connection.scriptingCommands()
					.scriptExists(shas.toArray(String[]::new))));
		return cached != null && !cached.contains(Boolean.FALSE);
	}

	/**
	 * The arguments of the concurrent-session limit check that runs when a session gets a
	 * principal.
	 *
	 * @param now the current time, epoch milliseconds
	 * @param sessionKeyPrefix the prefix of session keys
	 * @param maxSessions most sessions per principal, 0 for no limit
	 * @param policy what happens at the limit
	 */
	record Admission(long now, String sessionKeyPrefix, int maxSessions, SessionLimitPolicy policy) {

		void addTo(List<String> args) {
			args.add(Long.toString(this.now));
			args.add(this.sessionKeyPrefix);
			args.add(Integer.toString(this.maxSessions));
			args.add(this.policy.scriptValue());
		}

	}

	<T> T call(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (DataAccessException ex) {
			throw new SessionStoreUnavailableException("Session store did not answer: " + ex.getMessage(), ex);
		}
	}

	private static String read(String name) {
		try (InputStream in = new ClassPathResource(name, SessionScripts.class).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Missing store script " + name, ex);
		}
	}

}
