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

	private final RedisScript<Long> rotate;

	private final RedisScript<Long> familyCreate;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> familyRefresh;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> familyEnd;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> familyInspect;

	private final RedisScript<String> tokensRevoked;

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
		this.rotate = RedisScript.of(lib + read("rotate.lua"), Long.class);
		this.familyCreate = RedisScript.of(read("family-create.lua"), Long.class);
		this.familyRefresh = RedisScript.of(read("family-refresh.lua"), MULTI);
		this.familyEnd = RedisScript.of(read("family-end.lua"), MULTI);
		this.familyInspect = RedisScript.of(read("family-inspect.lua"), MULTI);
		this.tokensRevoked = RedisScript.of(read("tokens-revoked.lua"), String.class);
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
	 * Run a writing script with the argument layout they share: format version, the
	 * script's own arguments, the admission arguments, then the delta.
	 */
	long rotate(List<String> keys, String idle, String principal, String newStorageId, String oldStorageId,
			Admission admission, long graceMillis, List<String> delta) {
		List<String> args = new ArrayList<>(delta.size() + 1);
		args.add(Long.toString(graceMillis));
		args.addAll(delta);
		return write(this.rotate, keys, admission, args, idle, principal, newStorageId, oldStorageId);
	}

	boolean createFamily(String key, String principal, long now, long absoluteDeadline, String context,
			String refreshHash, String accessStorageId) {
		Long result = call(() -> this.redis.execute(this.familyCreate, List.of(key), FORMAT_VERSION, principal,
				Long.toString(now), Long.toString(absoluteDeadline), context, refreshHash, accessStorageId));
		return Long.valueOf(1).equals(result);
	}

	@SuppressWarnings("unchecked")
	List<String> refreshFamily(String key, String presentedHash, String newHash, String accessStorageId, long now,
			long graceMillis, long accessLifetimeMillis) {
		List<String> result = call(() -> this.redis.execute(this.familyRefresh, List.of(key), FORMAT_VERSION,
				presentedHash, newHash, accessStorageId, Long.toString(now), Long.toString(graceMillis),
				Long.toString(accessLifetimeMillis)));
		return (result != null) ? result : List.of();
	}

	@SuppressWarnings("unchecked")
	List<String> endFamily(String key, String refreshHash) {
		List<String> result = call(() -> this.redis.execute(this.familyEnd, List.of(key), refreshHash));
		return (result != null) ? result : List.of();
	}

	@SuppressWarnings("unchecked")
	List<String> inspectFamily(String key, String refreshHash, long now) {
		List<String> result = call(() -> this.redis.execute(this.familyInspect, List.of(key), FORMAT_VERSION,
				refreshHash, Long.toString(now)));
		return (result != null) ? result : List.of();
	}

	@Nullable String markTokensRevoked(String key, long now, long keepMillis) {
		return call(() -> this.redis.execute(this.tokensRevoked, List.of(key), "set", Long.toString(now),
				Long.toString(keepMillis)));
	}

	@Nullable String tokensRevoked(String key) {
		return call(() -> this.redis.execute(this.tokensRevoked, List.of(key), "get"));
	}

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
	@SuppressWarnings("unchecked")
	@Nullable String delete(List<String> keys, String storageId) {
		List<Object> result = call(() -> this.redis.execute(this.delete, keys, storageId));
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
	 */
	boolean allCached() {
		List<String> shas = List.of(this.loadAndTouch.getSha1(), this.create.getSha1(), this.saveDelta.getSha1(),
				this.changeId.getSha1(), this.rotate.getSha1(), this.familyCreate.getSha1(),
				this.familyRefresh.getSha1(), this.familyEnd.getSha1(), this.familyInspect.getSha1(),
				this.tokensRevoked.getSha1(), this.delete.getSha1(), this.listSessions.getSha1(),
				this.revokeSessions.getSha1());
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
