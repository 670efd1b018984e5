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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
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
 * with EVALSHA through {@link StoreCommands}, which falls back to EVAL when the server
 * answers NOSCRIPT (after a restart or SCRIPT FLUSH), which also caches them again. Each
 * call is sent without blocking; the servlet side {@linkplain #run waits} for the reply.
 *
 * <p>
 * The writing scripts (create, save-delta, change-id) run as a function after the shared
 * library, and reply {@code {result, evicted storage ids...}} (see {@code with_evicted}
 * in {@code user-index.lua}). Every call is observed as {@value #OBSERVATION_NAME} with
 * the script's name as {@code operation}, when an {@link ObservationRegistry} is set.
 *
 * @author session-starter
 */
final class SessionScripts {

	/** The name of the observation of a store call. */
	static final String OBSERVATION_NAME = "session.starter.store";

	private static final String FORMAT_VERSION = "1";

	@SuppressWarnings("rawtypes")
	private static final Class<List> MULTI = List.class;

	private final StringRedisTemplate redis;

	private final StoreCommands commands;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> loadAndTouch;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> create;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> saveDelta;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> changeId;

	private ObservationRegistry observations = ObservationRegistry.NOOP;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> rotate;

	private final RedisScript<Long> familyCreate;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> familyRefresh;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> familyEnd;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> familyInspect;

	private final RedisScript<String> tokensRevoked;

	private final RedisScript<Long> moveIn;

	private final RedisScript<Long> retire;

	private final RedisScript<Long> supersede;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> delete;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> listSessions;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> revokeSessions;

	private final RedisScript<Long> refreshLock;

	private final RedisScript<Long> providerRegister;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> providerLogout;

	SessionScripts(StringRedisTemplate redis, StoreCommands commands) {
		this.redis = redis;
		this.commands = commands;
		String lib = read("delta.lua") + read("user-index.lua");
		this.loadAndTouch = RedisScript.of(read("load-and-touch.lua"), MULTI);
		this.create = RedisScript.of(writing(lib, "create.lua"), MULTI);
		this.saveDelta = RedisScript.of(writing(lib, "save-delta.lua"), MULTI);
		this.changeId = RedisScript.of(writing(lib, "change-id.lua"), MULTI);
		this.rotate = RedisScript.of(writing(lib, "rotate.lua"), MULTI);
		this.familyCreate = RedisScript.of(read("family-create.lua"), Long.class);
		this.familyRefresh = RedisScript.of(read("family-refresh.lua"), MULTI);
		this.familyEnd = RedisScript.of(read("family-end.lua"), MULTI);
		this.familyInspect = RedisScript.of(read("family-inspect.lua"), MULTI);
		this.tokensRevoked = RedisScript.of(read("tokens-revoked.lua"), String.class);
		this.moveIn = RedisScript.of(read("delta.lua") + read("move-in.lua"), Long.class);
		this.retire = RedisScript.of(read("retire.lua"), Long.class);
		this.supersede = RedisScript.of(read("supersede.lua"), Long.class);
		this.delete = RedisScript.of(read("delete.lua"), MULTI);
		String index = read("user-index.lua");
		this.listSessions = RedisScript.of(index + read("list-sessions.lua"), MULTI);
		this.revokeSessions = RedisScript.of(index + read("revoke-sessions.lua"), MULTI);
		this.refreshLock = RedisScript.of(read("refresh-lock.lua"), Long.class);
		this.providerRegister = RedisScript.of(read("provider-register.lua"), Long.class);
		this.providerLogout = RedisScript.of(index + read("provider-logout.lua"), MULTI);
	}

	boolean refreshLock(String key, String operation, String owner, long ttlMillis) {
		return this.commands.await(refreshLockAsync(key, operation, owner, ttlMillis));
	}

	CompletableFuture<Boolean> refreshLockAsync(String key, String operation, String owner, long ttlMillis) {
		CompletableFuture<@Nullable Long> reply = send("refresh-lock", () -> this.commands.eval(this.refreshLock,
				List.of(key), List.of(operation, owner, Long.toString(ttlMillis))));
		return reply.thenApply((value) -> value != null && value == 1L);
	}

	private static String writing(String lib, String name) {
		return lib + "local function run()\n" + read(name) + "\nend\nreturn with_evicted(run())\n";
	}

	void setObservationRegistry(ObservationRegistry observations) {
		this.observations = observations;
	}

	static String formatVersion() {
		return FORMAT_VERSION;
	}

	String loadAndTouchScript() {
		return this.loadAndTouch.getScriptAsString();
	}

	String loadAndTouchSha() {
		return this.loadAndTouch.getSha1();
	}

	List<String> loadAndTouch(String key, long now, long touchMillis) {
		return this.commands.await(loadAndTouchAsync(key, now, touchMillis));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	CompletableFuture<List<String>> loadAndTouchAsync(String key, long now, long touchMillis) {
		CompletableFuture<@Nullable List> reply = send("load-and-touch", () -> this.commands.eval(this.loadAndTouch,
				List.of(key), List.of(Long.toString(now), Long.toString(touchMillis), FORMAT_VERSION)));
		return reply.thenApply((fields) -> (fields != null) ? (List<String>) fields : List.of());
	}

	CompletableFuture<Written> create(List<String> keys, long created, long idle, long absoluteDeadline,
			String principal, String storageId, Admission admission, List<String> delta) {
		return write("create", this.create, keys, admission, delta, Long.toString(created), Long.toString(idle),
				Long.toString(absoluteDeadline), principal, storageId);
	}

	CompletableFuture<Written> saveDelta(List<String> keys, String idle, String principal, String storageId,
			Admission admission, List<String> delta) {
		return write("save-delta", this.saveDelta, keys, admission, delta, idle, principal, storageId);
	}

	CompletableFuture<Written> changeId(List<String> keys, String idle, String principal, String newStorageId,
			String oldStorageId, Admission admission, List<String> delta) {
		return write("change-id", this.changeId, keys, admission, delta, idle, principal, newStorageId, oldStorageId);
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
		Long result = run("move-in", () -> this.commands.eval(this.moveIn, List.of(newKey), args));
		return (result != null) ? result : 0L;
	}

	/**
	 * Run a writing script with the argument layout they share: format version, the
	 * script's own arguments, the admission arguments, then the delta.
	 */
	CompletableFuture<Written> rotate(List<String> keys, String idle, String principal, String newStorageId,
			String oldStorageId, Admission admission, long graceMillis, List<String> delta) {
		List<String> args = new ArrayList<>(delta.size() + 1);
		args.add(Long.toString(graceMillis));
		args.addAll(delta);
		return write("rotate", this.rotate, keys, admission, args, idle, principal, newStorageId, oldStorageId);
	}

	boolean createFamily(String key, String principal, long now, long absoluteDeadline, String context,
			String refreshHash, String accessStorageId) {
		Long result = run("family-create",
				() -> this.commands.eval(this.familyCreate, List.of(key), List.of(FORMAT_VERSION, principal,
						Long.toString(now), Long.toString(absoluteDeadline), context, refreshHash, accessStorageId)));
		return Long.valueOf(1).equals(result);
	}

	@SuppressWarnings("unchecked")
	List<String> refreshFamily(String key, String presentedHash, String newHash, String accessStorageId, long now,
			long graceMillis, long accessLifetimeMillis) {
		List<String> result = run("family-refresh",
				() -> this.commands.eval(this.familyRefresh, List.of(key),
						List.of(FORMAT_VERSION, presentedHash, newHash, accessStorageId, Long.toString(now),
								Long.toString(graceMillis), Long.toString(accessLifetimeMillis))));
		return (result != null) ? result : List.of();
	}

	@SuppressWarnings("unchecked")
	List<String> endFamily(String key, String refreshHash) {
		List<String> result = run("family-end",
				() -> this.commands.eval(this.familyEnd, List.of(key), List.of(refreshHash)));
		return (result != null) ? result : List.of();
	}

	@SuppressWarnings("unchecked")
	List<String> inspectFamily(String key, String refreshHash, long now) {
		List<String> result = run("family-inspect", () -> this.commands.eval(this.familyInspect, List.of(key),
				List.of(FORMAT_VERSION, refreshHash, Long.toString(now))));
		return (result != null) ? result : List.of();
	}

	@Nullable String markTokensRevoked(String key, long now, long keepMillis) {
		return run("tokens-revoked", () -> this.commands.eval(this.tokensRevoked, List.of(key),
				List.of("set", Long.toString(now), Long.toString(keepMillis))));
	}

	@Nullable String tokensRevoked(String key) {
		return run("tokens-revoked", () -> this.commands.eval(this.tokensRevoked, List.of(key), List.of("get")));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private CompletableFuture<Written> write(String name, RedisScript<List> script, List<String> keys,
			Admission admission, List<String> delta, String... own) {
		List<String> args = new ArrayList<>(delta.size() + own.length + 5);
		args.add(FORMAT_VERSION);
		args.addAll(List.of(own));
		admission.addTo(args);
		args.addAll(delta);
		return this.<@Nullable List>send(name, () -> this.commands.eval(script, keys, args)).thenApply((reply) -> {
			if (reply == null || reply.isEmpty() || !(reply.get(0) instanceof Long result)) {
				return new Written(0, List.of());
			}
			List<String> evicted = new ArrayList<>(reply.size() - 1);
			reply.subList(1, reply.size()).forEach((id) -> evicted.add((String) id));
			return new Written(result, evicted);
		});
	}

	/**
	 * Bound a reply nobody waits for by the command timeout.
	 */
	<T> CompletableFuture<T> bounded(CompletableFuture<T> reply) {
		return this.commands.bounded(reply);
	}

	/**
	 * Wait for a reply, as the servlet side does.
	 */
	<T> T await(CompletableFuture<T> reply) {
		return this.commands.await(reply);
	}

	/**
	 * Delete a session.
	 * @return the principal the session belonged to, {@code ""} if none, or {@code null}
	 * if there was no such session
	 */
	@Nullable String delete(List<String> keys, String storageId) {
		return this.commands.await(deleteAsync(keys, storageId));
	}

	@SuppressWarnings("rawtypes")
	CompletableFuture<@Nullable String> deleteAsync(List<String> keys, String storageId) {
		return this.<@Nullable List>send("delete", () -> this.commands.eval(this.delete, keys, List.of(storageId)))
			.thenApply(SessionScripts::deleted);
	}

	/**
	 * Remove a member of a principal's index (the index entry of a deleted session).
	 */
	CompletableFuture<Long> removeFromIndex(String indexKey, String storageId) {
		return send("zrem", () -> this.commands.zrem(indexKey, storageId));
	}

	/**
	 * The data key wrapped for a retired token, kept for its grace period (see
	 * rotate.lua).
	 * @param key the key {@link SessionKeys#retiredDataKey(String)}
	 * @return the wrapped key, or {@code null} when there is none
	 */
	@Nullable String retiredDataKey(String key) {
		return run("get", () -> this.commands.get(key));
	}

	/**
	 * Turn a session key into a retired-token record (periodic rotation in Redis
	 * Cluster); see retire.lua.
	 * @return whether the key held a live session
	 */
	boolean retire(String key, String dataKeyKey, String newStorageId, long graceUntil) {
		Long result = run("retire", () -> this.commands.eval(this.retire, List.of(key, dataKeyKey),
				List.of(FORMAT_VERSION, newStorageId, Long.toString(graceUntil))));
		return Long.valueOf(1).equals(result);
	}

	/**
	 * End the old token of a login or privilege-change move in Cluster, leaving a record
	 * of where a signed-in session went; see supersede.lua.
	 * @return whether the key held a live session
	 */
	boolean supersede(String key, String newStorageId) {
		Long result = run("supersede",
				() -> this.commands.eval(this.supersede, List.of(key), List.of(FORMAT_VERSION, newStorageId)));
		return Long.valueOf(1).equals(result);
	}

	/**
	 * Delete a session only if it belongs to {@code principal}; see delete.lua.
	 * @return what happened
	 */
	OwnedDeletion deleteOwned(String key, String storageId, String principal) {
		List<?> result = run("delete",
				() -> this.commands.eval(this.delete, List.of(key), List.of(storageId, principal)));
		if (result == null || result.isEmpty()) {
			return OwnedDeletion.NONE;
		}
		if (Long.valueOf(2).equals(result.get(0)) && result.size() > 2 && result.get(2) instanceof String target) {
			return new OwnedDeletion(false, target);
		}
		return Long.valueOf(1).equals(result.get(0)) ? OwnedDeletion.DELETED : OwnedDeletion.NONE;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable String deleted(@Nullable List<?> result) {
		return (result != null && Long.valueOf(1).equals(result.get(0))) ? (String) result.get(1) : null;
	}

	@SuppressWarnings("unchecked")
	List<@Nullable String> listSessions(String indexKey, long now, String sessionKeyPrefix, String principal) {
		List<@Nullable String> result = run("list-sessions", () -> this.commands.eval(this.listSessions,
				List.of(indexKey), List.of(Long.toString(now), sessionKeyPrefix, principal)));
		return (result != null) ? result : List.of();
	}

	/**
	 * End sessions of a principal; see revoke-sessions.lua.
	 * @param mode {@code one}, {@code others}, {@code all} or {@code matching}
	 * @param target the storage id ({@code one}, {@code others}), the field
	 * ({@code matching}) or {@code ""}
	 * @param value the field's value for {@code matching}, else {@code ""}
	 * @return the storage ids of the sessions ended
	 */
	@SuppressWarnings("unchecked")
	List<String> revokeSessions(String indexKey, long now, String sessionKeyPrefix, String principal, String mode,
			String target, String value) {
		List<String> result = run("revoke-sessions", () -> this.commands.eval(this.revokeSessions, List.of(indexKey),
				List.of(Long.toString(now), sessionKeyPrefix, principal, mode, target, value)));
		return (result != null) ? result : List.of();
	}

	void registerProviderSession(String key, String principal, String indexKey, long until, long now) {
		run("provider-register", () -> this.commands.eval(this.providerRegister, List.of(key),
				List.of(principal, indexKey, Long.toString(until), Long.toString(now))));
	}

	@SuppressWarnings("unchecked")
	List<String> providerLogout(String registryKey, String tokenKey, long now, String sessionKeyPrefix,
			long rememberUntil, String field, String value) {
		List<String> result = run("provider-logout",
				() -> this.commands.eval(this.providerLogout, List.of(registryKey, tokenKey),
						List.of(Long.toString(now), sessionKeyPrefix, Long.toString(rememberUntil), field, value)));
		return (result != null) ? result : List.of();
	}

	/**
	 * Remember a one-time token (Cluster, where provider-logout.lua cannot run).
	 * @return whether it was not remembered yet
	 */
	boolean rememberOnce(String key, Duration timeToLive) {
		Boolean set = run("set", () -> this.commands.setIfAbsent(key, "1", timeToLive));
		return Boolean.TRUE.equals(set);
	}

	void forget(String key) {
		try {
			run("del", () -> this.commands.delete(key));
		}
		catch (SessionStoreUnavailableException ex) {
			// Best effort, on a path that fails anyway.
		}
	}

	@Nullable String registeredPrincipal(String key) {
		return run("hget", () -> this.commands.hget(key, "p"));
	}

	/**
	 * Whether the server has every script cached. Scripts missing after a restart or
	 * SCRIPT FLUSH are sent again on first use, so this is information, not a failure.
	 * @param indexInScripts whether the store runs the scripts that touch the per-user
	 * index (standalone, Sentinel) or the one-slot ones (Cluster)
	 */
	boolean allCached(boolean indexInScripts) {
		List<String> shas = new ArrayList<>(
				List.of(this.loadAndTouch.getSha1(), this.create.getSha1(), this.saveDelta.getSha1(),
						this.delete.getSha1(), this.familyCreate.getSha1(), this.familyRefresh.getSha1(),
						this.familyEnd.getSha1(), this.familyInspect.getSha1(), this.tokensRevoked.getSha1()));
		shas.addAll(indexInScripts
				? List.of(this.changeId.getSha1(), this.rotate.getSha1(), this.listSessions.getSha1(),
						this.revokeSessions.getSha1())
				: List.of(this.moveIn.getSha1(), this.retire.getSha1(), this.supersede.getSha1()));
		List<Boolean> cached = call("script-exists",
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

	/**
	 * The reply of a writing script.
	 *
	 * @param result the script's result (1 written, 0 session gone, -1 refused at the
	 * limit)
	 * @param evicted storage ids of sessions deleted to make room under the limit
	 */
	record Written(long result, List<String> evicted) {

	}

	/**
	 * Send a command and wait for its reply, observed.
	 */
	<T> T run(String name, Supplier<CompletableFuture<T>> operation) {
		return this.commands.await(send(name, operation));
	}

	/**
	 * Send a command without waiting: the reply completes the returned future, failed
	 * with a {@link SessionStoreUnavailableException} when Redis did not answer.
	 */
	<T> CompletableFuture<T> send(String name, Supplier<CompletableFuture<T>> operation) {
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observations)
			.lowCardinalityKeyValue("operation", name)
			.start();
		CompletableFuture<T> reply;
		try {
			reply = operation.get();
		}
		catch (RuntimeException ex) {
			reply = CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<T> observed = new CompletableFuture<>();
		reply.whenComplete((value, failure) -> {
			if (failure != null) {
				RuntimeException translated = StoreCommands.unavailable(failure);
				observation.error(translated);
				observation.stop();
				observed.completeExceptionally(translated);
			}
			else {
				observation.stop();
				observed.complete(value);
			}
		});
		return observed;
	}

	/**
	 * Start connecting, without waiting.
	 */
	void connect() {
		this.commands.connect();
	}

	/**
	 * Whether the commands never block the calling thread (Lettuce).
	 */
	boolean nonBlocking() {
		return this.commands.nonBlocking();
	}

	<T> T call(Supplier<T> operation) {
		return call("other", operation);
	}

	<T> T call(String name, Supplier<T> operation) {
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observations)
			.lowCardinalityKeyValue("operation", name);
		try {
			return observation.observe(operation);
		}
		catch (DataAccessException ex) {
			throw new SessionStoreUnavailableException("Session store did not answer: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Read one of the store's scripts, which sit beside this class.
	 * @param name the script's file name
	 * @return its text
	 */
	static String read(String name) {
		try (InputStream in = new ClassPathResource(name, SessionScripts.class).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Missing store script " + name, ex);
		}
	}

	/**
	 * The outcome of an ownership-checked delete.
	 *
	 * @param deleted whether a session of the principal was deleted
	 * @param movedTo where the session moved, when the key held the record of a moved
	 * token of the principal (nothing deleted), else {@code null}
	 */
	record OwnedDeletion(boolean deleted, @Nullable String movedTo) {

		static final OwnedDeletion NONE = new OwnedDeletion(false, null);

		static final OwnedDeletion DELETED = new OwnedDeletion(true, null);

	}

}
