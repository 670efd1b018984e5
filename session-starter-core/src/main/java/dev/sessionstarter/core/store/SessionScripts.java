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

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> delete;

	SessionScripts(StringRedisTemplate redis) {
		this.redis = redis;
		String delta = read("delta.lua");
		this.loadAndTouch = RedisScript.of(read("load-and-touch.lua"), MULTI);
		this.create = RedisScript.of(delta + read("create.lua"), Long.class);
		this.saveDelta = RedisScript.of(delta + read("save-delta.lua"), Long.class);
		this.changeId = RedisScript.of(delta + read("change-id.lua"), Long.class);
		this.delete = RedisScript.of(read("delete.lua"), MULTI);
	}

	static String formatVersion() {
		return FORMAT_VERSION;
	}

	@SuppressWarnings("unchecked")
	List<String> loadAndTouch(String key, long now, long touchMillis) {
		return call(() -> this.redis.execute(this.loadAndTouch, List.of(key), Long.toString(now),
				Long.toString(touchMillis), FORMAT_VERSION));
	}

	boolean create(List<String> keys, long created, long idle, long absoluteDeadline, String principal,
			String storageId, List<String> delta) {
		List<String> args = new ArrayList<>(delta.size() + 6);
		args.add(FORMAT_VERSION);
		args.add(Long.toString(created));
		args.add(Long.toString(idle));
		args.add(Long.toString(absoluteDeadline));
		args.add(principal);
		args.add(storageId);
		args.addAll(delta);
		return applied(this.create, keys, args);
	}

	boolean saveDelta(List<String> keys, String idle, String principal, String storageId, List<String> delta) {
		List<String> args = new ArrayList<>(delta.size() + 4);
		args.add(FORMAT_VERSION);
		args.add(idle);
		args.add(principal);
		args.add(storageId);
		args.addAll(delta);
		return applied(this.saveDelta, keys, args);
	}

	boolean changeId(List<String> keys, String idle, String principal, String newStorageId, String oldStorageId,
			List<String> delta) {
		List<String> args = new ArrayList<>(delta.size() + 5);
		args.add(FORMAT_VERSION);
		args.add(idle);
		args.add(principal);
		args.add(newStorageId);
		args.add(oldStorageId);
		args.addAll(delta);
		return applied(this.changeId, keys, args);
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

	private boolean applied(RedisScript<Long> script, List<String> keys, List<String> args) {
		Long result = call(() -> this.redis.execute(script, keys, args.toArray()));
		return result != null && result == 1L;
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
