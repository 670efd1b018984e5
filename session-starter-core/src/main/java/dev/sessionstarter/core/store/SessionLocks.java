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
import java.util.concurrent.CompletableFuture;

import dev.sessionstarter.core.token.SessionTokens;
import org.jspecify.annotations.Nullable;

/**
 * Short locks held for one session across every node (see {@code refresh-lock.lua}), so
 * that work done once per session, such as refreshing its tokens with an identity
 * provider, is not done by several parallel requests at once. A lock names its session by
 * storage id, never by token, and ends by itself after its time-to-live.
 *
 * @author session-starter
 */
public final class SessionLocks {

	private final RedisSessionStore store;

	/**
	 * Create locks kept in the store's Redis.
	 * @param store the session store
	 */
	public SessionLocks(RedisSessionStore store) {
		this.store = store;
	}

	/**
	 * Take the lock if no one holds it.
	 * @param token the session's token
	 * @param name what the lock is for
	 * @param timeToLive how long it lives at most
	 * @return the owner value to release it with, or {@code null} when someone holds it
	 */
	public @Nullable String tryAcquire(String token, String name, Duration timeToLive) {
		String owner = SessionTokens.mint();
		return run(token, name, "acquire", owner, timeToLive.toMillis()) ? owner : null;
	}

	/**
	 * Release a lock this caller holds; a lock that expired and was taken by another
	 * caller stays.
	 * @param token the session's token
	 * @param name what the lock is for
	 * @param owner the value {@link #tryAcquire} returned
	 */
	public void release(String token, String name, String owner) {
		run(token, name, "release", owner, 0);
	}

	/**
	 * Whether someone holds the lock.
	 * @param token the session's token
	 * @param name what the lock is for
	 * @return whether it is held
	 */
	public boolean isHeld(String token, String name) {
		return run(token, name, "held", "", 0);
	}

	/**
	 * {@link #tryAcquire} without waiting, for reactive callers.
	 * @param token the session's token
	 * @param name what the lock is for
	 * @param timeToLive how long it lives at most
	 * @return completes with the owner value to release it with, or with {@code null}
	 * when someone holds it
	 */
	public CompletableFuture<@Nullable String> tryAcquireAsync(String token, String name, Duration timeToLive) {
		String owner = SessionTokens.mint();
		return send(token, name, "acquire", owner, timeToLive.toMillis())
			.thenApply((acquired) -> acquired ? owner : null);
	}

	/**
	 * {@link #release} without waiting, for reactive callers.
	 * @param token the session's token
	 * @param name what the lock is for
	 * @param owner the value {@link #tryAcquireAsync} completed with
	 * @return completes when released
	 */
	public CompletableFuture<Void> releaseAsync(String token, String name, String owner) {
		return send(token, name, "release", owner, 0).thenApply((released) -> null);
	}

	/**
	 * {@link #isHeld} without waiting, for reactive callers.
	 * @param token the session's token
	 * @param name what the lock is for
	 * @return completes with whether it is held
	 */
	public CompletableFuture<Boolean> isHeldAsync(String token, String name) {
		return send(token, name, "held", "", 0);
	}

	private boolean run(String token, String name, String operation, String owner, long ttlMillis) {
		String key = this.store.keys().lock(SessionTokens.storageId(token), name);
		return this.store.scripts().refreshLock(key, operation, owner, ttlMillis);
	}

	private CompletableFuture<Boolean> send(String token, String name, String operation, String owner, long ttlMillis) {
		String key = this.store.keys().lock(SessionTokens.storageId(token), name);
		return this.store.scripts().refreshLockAsync(key, operation, owner, ttlMillis);
	}

}
