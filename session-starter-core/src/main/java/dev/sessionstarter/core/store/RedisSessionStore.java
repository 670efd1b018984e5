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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.sessionstarter.core.codec.AttributeCodec;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.token.SessionTokens;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.SaveMode;
import org.springframework.util.Assert;

/**
 * A Spring Session repository that keeps sessions in Redis under the SHA-256 of their
 * token, enforces idle and absolute timeouts on the server and indexes sessions per user
 * without {@code KEYS}, {@code SCAN} or keyspace notifications.
 *
 * <p>
 * Costs per request: loading a session is one script call; saving writes only what
 * changed, in one script call, and nothing at all when nothing changed; a new session is
 * not stored until it holds an attribute. See the scripts next to this class.
 *
 * <p>
 * Tokens that are not {@linkplain SessionTokens#isWellFormed well formed} are answered
 * with "no session" without touching Redis. Redis failures surface as
 * {@link SessionStoreUnavailableException}, never as "no session".
 *
 * <p>
 * Events: the store publishes a {@link SessionEvent} for each step Redis confirmed
 * (created, authenticated, rotated, expired on access, logged out, revoked, limit
 * exceeded) to the {@link ApplicationEventPublisher} it is given, in the order the steps
 * happened, with the client of the current request
 * ({@link SessionEventContext#current()}). Other components publish through
 * {@link #publishEvent(ApplicationEvent)}.
 *
 * @author session-starter
 */
public class RedisSessionStore implements FindByIndexNameSessionRepository<StoredSession>,
		ApplicationEventPublisherAware, SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisSessionStore.class);

	private final SessionScripts scripts;

	private final StringRedisTemplate redis;

	private final SessionIndex index;

	private final AttributeCodec codec;

	private final SessionTimeouts timeouts;

	private final SessionKeys keys;

	private final LoadedSessions loadedSessions = new LoadedSessions();

	private final SessionStoreEvents events = new SessionStoreEvents(this);

	private final RetiredTokens retiredTokens = new RetiredTokens(this);

	private final SessionWriter writer = new SessionWriter(this, this.retiredTokens, new ClusterMoves(this));

	private @Nullable SessionAccessCheck accessCheck;

	private @Nullable SessionAccessCheck deviceBindingCheck;

	private Clock clock = Clock.systemUTC();

	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	private boolean indexInScripts = true;

	private int maxSessionsPerUser;

	private SessionLimitPolicy limitPolicy = SessionLimitPolicy.EVICT_OLDEST;

	private SessionRotation rotation = SessionRotation.OFF;

	private volatile @Nullable NearCache nearCache;

	/**
	 * Runs the rare multi-round-trip paths of the non-blocking methods, which wait for
	 * Redis and so must not run on an event-loop thread. Threads are made on demand and
	 * end when idle. Tasks are handed over through a lock-free queue: an event-loop
	 * thread that hands one over never waits for a lock another thread holds.
	 */
	private final ThreadPoolExecutor worker = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS,
			new LinkedTransferQueue<>(), (task) -> {
				Thread thread = new Thread(task, "session-store-worker");
				thread.setDaemon(true);
				return thread;
			});

	/**
	 * Create a new store.
	 * @param connectionFactory the Redis connection factory
	 * @param codec the attribute codec
	 * @param timeouts the timeout policy
	 * @param keys the key names
	 */
	public RedisSessionStore(RedisConnectionFactory connectionFactory, AttributeCodec codec, SessionTimeouts timeouts,
			SessionKeys keys) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.scripts = new SessionScripts(this.redis, StoreCommands.of(connectionFactory, this.worker));
		this.index = new SessionIndex(this.redis, keys, this.scripts);
		this.codec = codec;
		this.timeouts = timeouts;
		this.keys = keys;
		this.worker.allowCoreThreadTimeOut(true);
	}

	/**
	 * Set the clock used for timestamps and deadlines.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = clock;
	}

	/**
	 * The clock used for timestamps and deadlines, for components that judge times the
	 * store recorded (such as how recent a login is).
	 * @return the clock
	 */
	public Clock getClock() {
		return this.clock;
	}

	/**
	 * Set which attributes are compared and written on save. With
	 * {@link SaveMode#ON_SET_ATTRIBUTE} (the default) only attributes set or removed are
	 * written; with {@link SaveMode#ON_GET_ATTRIBUTE} or {@link SaveMode#ALWAYS},
	 * attributes that were read are also re-encoded and written when they changed in
	 * place. Values equal to what is stored are never written.
	 * @param saveMode the save mode
	 */
	public void setSaveMode(SaveMode saveMode) {
		this.saveMode = saveMode;
	}

	/**
	 * Set whether the per-user index is updated inside the session scripts (one round
	 * trip). Must be {@code false} in Redis Cluster, where a script may only touch one
	 * slot; the index is then updated by a separate command.
	 * @param indexInScripts whether scripts may touch the index key
	 */
	public void setIndexInScripts(boolean indexInScripts) {
		this.indexInScripts = indexInScripts;
	}

	/**
	 * Set the periodic rotation of session tokens (off by default).
	 * @param rotation the rotation policy
	 */
	public void setRotation(SessionRotation rotation) {
		this.rotation = rotation;
	}

	/**
	 * Set where session events go. Called by the application context when the store is a
	 * bean; without a publisher, events are dropped.
	 * @param publisher the publisher
	 */
	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.events.setPublisher(publisher);
	}

	/**
	 * Publish an event about a session of this store through the store's publisher, for
	 * components that change sessions outside of the store (rotation, reuse detection).
	 * @param event the event
	 */
	public void publishEvent(ApplicationEvent event) {
		this.events.publish(event);
	}

	/**
	 * Set the registry that observes every store call (observation
	 * {@code session.starter.store}, key {@code operation}: the script's name).
	 * @param observations the registry
	 */
	public void setObservationRegistry(ObservationRegistry observations) {
		this.scripts.setObservationRegistry(observations);
	}

	/**
	 * Set a check that runs on each session loaded for a request, such as client binding.
	 * It costs no round trip: it sees the session as loaded.
	 * @param accessCheck the check, or {@code null} for none
	 */
	public void setAccessCheck(@Nullable SessionAccessCheck accessCheck) {
		this.accessCheck = accessCheck;
	}

	/**
	 * Set the check of device-bound sessions (Device Bound Session Credentials), which
	 * runs before the {@linkplain #setAccessCheck(SessionAccessCheck) access check}, on
	 * the session as loaded.
	 * @param deviceBindingCheck the check, or {@code null} for none
	 */
	public void setDeviceBindingCheck(@Nullable SessionAccessCheck deviceBindingCheck) {
		this.deviceBindingCheck = deviceBindingCheck;
	}

	/**
	 * Limit how many live sessions one principal may hold. The limit is enforced inside
	 * the script that gives a session its principal (the login rotation), so parallel
	 * logins cannot exceed it. It needs the per-user index in the scripts, so it is not
	 * enforced in Redis Cluster.
	 * @param maxSessionsPerUser the limit, 0 (the default) for none
	 * @param policy what happens at the limit
	 */
	public void setSessionLimit(int maxSessionsPerUser, SessionLimitPolicy policy) {
		Assert.isTrue(maxSessionsPerUser >= 0, "The session limit must not be negative");
		this.maxSessionsPerUser = maxSessionsPerUser;
		this.limitPolicy = policy;
	}

	/**
	 * The most sessions one principal may hold, 0 for no limit.
	 * @return the limit
	 */
	public int getMaxSessionsPerUser() {
		return this.maxSessionsPerUser;
	}

	/**
	 * Check that the store answers, for health indicators.
	 * @return whether every script is cached by the server (missing ones are sent again
	 * on first use)
	 * @throws SessionStoreUnavailableException if the store does not answer
	 */
	public boolean checkAvailable() {
		return this.scripts.allCached(this.indexInScripts);
	}

	SessionScripts scripts() {
		return this.scripts;
	}

	SessionStoreEvents events() {
		return this.events;
	}

	SessionRotation rotation() {
		return this.rotation;
	}

	SessionKeys keys() {
		return this.keys;
	}

	AttributeCodec codec() {
		return this.codec;
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * Whether the per-user index is updated inside the session scripts; {@code false} in
	 * Redis Cluster (see {@link #setIndexInScripts(boolean)}).
	 * @return whether scripts may touch the index key
	 */
	public boolean isIndexInScripts() {
		return this.indexInScripts;
	}

	SessionIndex index() {
		return this.index;
	}

	SaveMode saveMode() {
		return this.saveMode;
	}

	SessionLimitPolicy limitPolicy() {
		return this.limitPolicy;
	}

	LoadedSessions loadedSessions() {
		return this.loadedSessions;
	}

	/**
	 * The timeout policy of this store.
	 * @return the timeouts
	 */
	public SessionTimeouts getTimeouts() {
		return this.timeouts;
	}

	@Override
	public StoredSession createSession() {
		return createSession(this.timeouts.idle(), this.timeouts.absolute());
	}

	/**
	 * Create a session with its own timeouts, for example an API access token.
	 * @param idle the idle timeout
	 * @param absolute how long the session may live at most
	 * @return a new session, stored once it holds an attribute
	 */
	public StoredSession createSession(Duration idle, Duration absolute) {
		String token = SessionTokens.mint();
		Instant now = this.clock.instant();
		return new StoredSession(this.codec, token, SessionTokens.storageId(token), false, now, now, idle,
				now.plus(absolute), null, new HashMap<>());
	}

	/**
	 * Read a session without keeping it alive or rotating it (token introspection).
	 * Deadlines are enforced as on every read.
	 * @param token a token
	 * @return the session, or {@code null} when there is no live session for the token
	 */
	public @Nullable StoredSession peek(String token) {
		if (!SessionTokens.isWellFormed(token)) {
			return null;
		}
		String storageId = SessionTokens.storageId(token);
		List<String> reply = this.scripts.loadAndTouch(this.keys.session(storageId), this.clock.millis(),
				Long.MAX_VALUE);
		return (reply != null && RetiredTokens.isLive(reply))
				? readable(token, storageId, reply.subList(1, reply.size())) : null;
	}

	/**
	 * {@link #peek(String)} without waiting, for reactive callers: completes on the
	 * thread that completes Redis' reply, or on the store's worker threads for a session
	 * with unreadable metadata (which is dropped, as on every read).
	 * @param token a token
	 * @return completes with the session, or with {@code null} when there is no live
	 * session for the token
	 */
	public CompletableFuture<@Nullable StoredSession> peekAsync(String token) {
		if (!SessionTokens.isWellFormed(token)) {
			return CompletableFuture.completedFuture(null);
		}
		String storageId = SessionTokens.storageId(token);
		return this.scripts
			.bounded(this.scripts.loadAndTouchAsync(this.keys.session(storageId), this.clock.millis(), Long.MAX_VALUE)
				.thenCompose((reply) -> {
					if (!RetiredTokens.isLive(reply)) {
						return CompletableFuture.completedFuture(null);
					}
					List<String> fields = reply.subList(1, reply.size());
					StoredSession session = decoded(token, storageId, fields);
					return (session != null) ? CompletableFuture.completedFuture(session)
							: onWorker(SessionEventContext.NONE, () -> readable(token, storageId, fields));
				}));
	}

	/**
	 * Open a request scope on the current thread: until it is closed, a token is loaded
	 * from Redis at most once. Spring Session's repository filter asks for the requested
	 * session again when it commits after the response (a second round trip that changes
	 * nothing); within a scope that second lookup is answered from memory. Scopes must be
	 * closed in a {@code finally} block, so that no later request on the thread skips the
	 * deadline checks of a real load.
	 * @return the scope, to close when the request ends
	 */
	public RequestScope openRequestScope() {
		return this.loadedSessions.open();
	}

	@Override
	public @Nullable StoredSession findById(String id) {
		if (!SessionTokens.isWellFormed(id)) {
			return null;
		}
		return this.loadedSessions.find(id, this::load);
	}

	private @Nullable StoredSession load(String id) {
		String storageId = SessionTokens.storageId(id);
		return interpret(id, storageId, loadForRequest(storageId));
	}

	/**
	 * Find a session without waiting for Redis, for reactive applications: the same rules
	 * as {@link #findById(String)} (a malformed token costs no Redis call; deadlines,
	 * access checks and periodic rotation apply), without the per-request scope. The
	 * usual paths complete on the thread that completes Redis' reply; the rare ones that
	 * take more round trips (a retired token within its grace period, a session an access
	 * check refuses or with unreadable metadata) continue on the store's worker threads,
	 * so that no event-loop thread waits.
	 * @param id the token
	 * @param context the client of the request, named in the events this load publishes
	 * @return the session, or {@code null} when the token has no live session
	 */
	public CompletableFuture<@Nullable StoredSession> findByIdAsync(String id, SessionEventContext context) {
		return findByIdAsync(id, context, SessionRequestScope.NONE);
	}

	/**
	 * {@link #findByIdAsync(String, SessionEventContext)} for a request that brings more
	 * for the access checks than its client: the checks run with the scope open.
	 * @param id the token
	 * @param context the client of the request, named in the events this load publishes
	 * @param scope what the request brings for the access checks
	 * @return the session, or {@code null} when the token has no live session
	 */
	public CompletableFuture<@Nullable StoredSession> findByIdAsync(String id, SessionEventContext context,
			SessionRequestScope scope) {
		if (!SessionTokens.isWellFormed(id)) {
			return CompletableFuture.completedFuture(null);
		}
		String storageId = SessionTokens.storageId(id);
		return this.scripts.bounded(loadForRequestAsync(storageId).thenCompose((reply) -> {
			StoredSession session = RetiredTokens.isLive(reply) ? decoded(id, storageId, reply.subList(1, reply.size()))
					: null;
			if (session != null) {
				// The access checks read the loaded fields: they run here, on the thread
				// that completed the reply. Only ending a refused session takes more
				// round trips, and those run on the worker.
				Refusal refusal = (this.accessCheck != null || this.deviceBindingCheck != null)
						? refusal(session, context, scope) : null;
				if (refusal == null) {
					rotateIfDue(session);
					return CompletableFuture.completedFuture(session);
				}
				return refusal.kept() ? CompletableFuture.completedFuture(null)
						: onWorker(context, () -> end(session, refusal.reason()));
			}
			if (reply.isEmpty()) {
				return CompletableFuture.completedFuture(null);
			}
			return onWorker(context, () -> {
				try (SessionRequestScope.Opened opened = scope.open()) {
					return interpret(id, storageId, reply);
				}
			});
		}));
	}

	/**
	 * {@link #findByIdAsync(String, SessionEventContext)} outside of any request.
	 * @param id the token
	 * @return the session, or {@code null} when the token has no live session
	 */
	public CompletableFuture<@Nullable StoredSession> findByIdAsync(String id) {
		return findByIdAsync(id, SessionEventContext.NONE);
	}

	/**
	 * Save a session without waiting for Redis, for reactive applications: the same
	 * writes as {@link #save(StoredSession)} (nothing when nothing changed; a new token
	 * keeps the data and the absolute deadline).
	 * @param session the session
	 * @param context the client of the request, named in the events this save publishes
	 * @return completes when saved
	 */
	public CompletableFuture<Void> saveAsync(StoredSession session, SessionEventContext context) {
		return this.scripts.bounded(this.writer.saveAsync(session, context, this.worker));
	}

	/**
	 * {@link #saveAsync(StoredSession, SessionEventContext)} outside of any request.
	 * @param session the session
	 * @return completes when saved
	 */
	public CompletableFuture<Void> saveAsync(StoredSession session) {
		return saveAsync(session, SessionEventContext.NONE);
	}

	/**
	 * Delete a session by token without waiting for Redis (logout in a reactive
	 * application). Anything but a well-formed token or a session reference is ignored
	 * without touching Redis.
	 * @param id a token or a session reference
	 * @param context the client of the request, named in the logged-out event
	 * @return completes when deleted
	 */
	public CompletableFuture<Void> deleteByIdAsync(String id, SessionEventContext context) {
		String storageId = toStorageId(id);
		if (storageId == null) {
			return CompletableFuture.completedFuture(null);
		}
		return this.scripts.bounded(this.scripts.deleteAsync(List.of(this.keys.session(storageId)), storageId)
			.whenComplete((owner, failure) -> forgetCached(storageId))
			.thenCompose((owner) -> {
				if (owner == null) {
					return CompletableFuture.completedFuture(null);
				}
				try (SessionEventContext.Binding binding = SessionEventContext.bind(() -> context)) {
					this.events.loggedOut(storageId, owner);
				}
				return owner.isEmpty() ? CompletableFuture.completedFuture(null)
						: this.scripts.removeFromIndex(this.keys.userIndex(owner), storageId)
							.thenApply((removed) -> null);
			}));
	}

	/**
	 * {@link #deleteByIdAsync(String, SessionEventContext)} outside of any request.
	 * @param id a token or a session reference
	 * @return completes when deleted
	 */
	public CompletableFuture<Void> deleteByIdAsync(String id) {
		return deleteByIdAsync(id, SessionEventContext.NONE);
	}

	/**
	 * Whether the store's Redis calls never block the calling thread (Lettuce), as a
	 * reactive application needs.
	 * @return whether the async methods are non-blocking
	 */
	public boolean isNonBlocking() {
		return this.scripts.nonBlocking();
	}

	private <T> CompletableFuture<T> onWorker(SessionEventContext context, Supplier<T> task) {
		return CompletableFuture.supplyAsync(() -> {
			try (SessionEventContext.Binding binding = SessionEventContext.bind(() -> context)) {
				return task.get();
			}
		}, this.worker);
	}

	/**
	 * What a load reply means: the session, or none (and the events and deletions that go
	 * with a refused one).
	 */
	private @Nullable StoredSession interpret(String id, String storageId, List<String> reply) {
		if (reply.isEmpty()) {
			return null;
		}
		if (RetiredTokens.isAlias(reply)) {
			RetiredTokens.Live live = this.retiredTokens.resolve(storageId, reply);
			return (live != null) ? checkAccess(withRetiredDataKey(readable(id, live.storageId(), live.fields()), id))
					: null;
		}
		if (!RetiredTokens.isLive(reply)) {
			this.events.loadRefused(reply.get(0), storageId, reply);
			return null;
		}
		StoredSession session = checkAccess(readable(id, storageId, reply.subList(1, reply.size())));
		if (session != null) {
			rotateIfDue(session);
		}
		return session;
	}

	private void rotateIfDue(StoredSession session) {
		if (this.rotation.isDue(session.getLastRotation(), this.clock.instant())) {
			session.rotateKeepingPrevious();
		}
	}

	/**
	 * A session reached through a retired token (periodic rotation, within the grace
	 * period) opens its sealed values with the copy of the data key wrapped for that
	 * token (see rotate.lua). Without it, a session with sealed values is no session, as
	 * it would be after the grace period.
	 */
	private @Nullable StoredSession withRetiredDataKey(@Nullable StoredSession session, String token) {
		if (session == null) {
			return null;
		}
		String wrapped = session.hasWrappedKey()
				? this.scripts.retiredDataKey(this.keys.retiredDataKey(SessionTokens.storageId(token))) : null;
		if (wrapped == null && session.holdsSealedValues()) {
			return null;
		}
		session.useWrappedKey(wrapped, token, wrapped != null);
		return session;
	}

	private @Nullable StoredSession checkAccess(@Nullable StoredSession session) {
		if (session == null) {
			return null;
		}
		Refusal refusal = refusal(session);
		if (refusal == null) {
			return session;
		}
		return refusal.kept() ? null : end(session, refusal.reason());
	}

	/**
	 * What the access checks say of a loaded session: {@code null} to serve it, else why
	 * not. The device-binding check goes first.
	 */
	private @Nullable Refusal refusal(StoredSession session, SessionEventContext context, SessionRequestScope scope) {
		try (SessionRequestScope.Opened opened = scope.open();
				SessionEventContext.Binding binding = SessionEventContext.bind(() -> context)) {
			return refusal(session);
		}
	}

	private @Nullable Refusal refusal(StoredSession session) {
		Refusal refusal = refusal(session, this.deviceBindingCheck);
		return (refusal != null) ? refusal : refusal(session, this.accessCheck);
	}

	private static @Nullable Refusal refusal(StoredSession session, @Nullable SessionAccessCheck check) {
		SessionRevokedEvent.Reason refused = (check != null) ? check.check(session, SessionEventContext.current())
				: null;
		return (refused != null) ? new Refusal(refused, check.keeps(refused)) : null;
	}

	/** End a session an access check refused. */
	private @Nullable StoredSession end(StoredSession session, SessionRevokedEvent.Reason reason) {
		delete(session.getStorageId(), session.getPrincipalName());
		this.events.revoked(session.getStorageId(), session.getPrincipalName(), reason);
		return null;
	}

	/**
	 * Why an access check refused a session, and whether the session stays stored.
	 */
	private record Refusal(SessionRevokedEvent.Reason reason, boolean kept) {

	}

	/**
	 * The session of readable fields, or {@code null} when their metadata is unreadable.
	 */
	private @Nullable StoredSession decoded(String token, String storageId, List<String> fields) {
		try {
			return SessionFields.read(this.codec, token, storageId, fields);
		}
		catch (NumberFormatException | IllegalStateException ex) {
			return null;
		}
	}

	private @Nullable StoredSession readable(String token, String storageId, List<String> fields) {
		try {
			return SessionFields.read(this.codec, token, storageId, fields);
		}
		catch (NumberFormatException | IllegalStateException ex) {
			// The script vouches only for the format version and for deadlines that Lua
			// reads as numbers ("1e3", " 5" and "0x10" included); metadata Java cannot
			// read is as unreadable as a foreign version. Drop the session, as the script
			// does with those, instead of failing every request that presents it with a
			// 500.
			logger.warn("Dropping session " + SessionTokens.sha256(storageId) + ": unreadable metadata");
			delete(storageId, null);
			this.events.revoked(storageId, null, SessionRevokedEvent.Reason.INVALID);
			return null;
		}
	}

	List<String> loadAndTouch(String storageId) {
		List<String> reply = this.scripts.loadAndTouch(this.keys.session(storageId), this.clock.millis(),
				this.timeouts.touchInterval().toMillis());
		return (reply != null) ? reply : List.of();
	}

	/**
	 * The load of a presented token: from the near cache when it holds the live session
	 * and its touch is not due, else through the load script (on the near cache's
	 * tracking connection when it serves, so that the copy it keeps is invalidated).
	 */
	private List<String> loadForRequest(String storageId) {
		NearCache cache = this.nearCache;
		if (cache == null) {
			return loadAndTouch(storageId);
		}
		long now = this.clock.millis();
		long touch = this.timeouts.touchInterval().toMillis();
		List<String> cached = cache.cached(storageId, now, touch);
		if (cached != null) {
			return cached;
		}
		List<String> reply = this.scripts.call("load-and-touch", () -> cache.load(storageId,
				List.of(Long.toString(now), Long.toString(touch), SessionScripts.formatVersion(), "track")));
		return (reply != null) ? reply : loadAndTouch(storageId);
	}

	/**
	 * The load of a presented token without waiting: from the near cache when it holds
	 * the live session and its touch is not due, else through the load script on the
	 * shared connection. (Loads through the cache's tracking connection block, so a
	 * reactive node fills no cache; it still serves what servlet requests on this node
	 * cached.)
	 */
	private CompletableFuture<List<String>> loadForRequestAsync(String storageId) {
		long now = this.clock.millis();
		long touch = this.timeouts.touchInterval().toMillis();
		NearCache cache = this.nearCache;
		List<String> cached = (cache != null) ? cache.cached(storageId, now, touch) : null;
		if (cached != null) {
			return CompletableFuture.completedFuture(cached);
		}
		return this.scripts.loadAndTouchAsync(this.keys.session(storageId), now, touch);
	}

	/**
	 * Serve unchanged sessions from a near cache (see {@link NearCache}).
	 * @param nearCache the cache, or {@code null} for none
	 */
	public void setNearCache(@Nullable NearCache nearCache) {
		Assert.isTrue(nearCache == null || this.indexInScripts,
				"The session near cache does not support Redis Cluster");
		if (nearCache != null) {
			nearCache.useLoadScript(this.scripts.loadAndTouchScript(), this.scripts.loadAndTouchSha());
		}
		this.nearCache = nearCache;
	}

	/**
	 * The near cache, if one serves this store.
	 * @return the cache, or {@code null}
	 */
	public @Nullable NearCache nearCache() {
		return this.nearCache;
	}

	/**
	 * Start connecting to Redis without waiting, so that the first request need not.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		this.scripts.connect();
	}

	/**
	 * Stop the store's worker threads and the near cache, if there is one (its tracking
	 * connection and reconnect task).
	 */
	@Override
	public void destroy() {
		this.worker.shutdown();
		NearCache cache = this.nearCache;
		if (cache != null) {
			cache.close();
		}
	}

	/**
	 * Drop this node's near-cache copies of sessions it writes or ends, also after a
	 * write that did not go through the store (a device binding), so that this node never
	 * serves them unchanged.
	 * @param storageIds the sessions' storage ids
	 */
	public void forgetCached(@Nullable String... storageIds) {
		NearCache cache = this.nearCache;
		if (cache != null) {
			cache.forget(storageIds);
		}
	}

	void forgetCached(List<String> storageIds) {
		NearCache cache = this.nearCache;
		if (cache != null && !storageIds.isEmpty()) {
			cache.forget(storageIds);
		}
	}

	@Override
	public void save(StoredSession session) {
		this.writer.save(session);
	}

	void addIndexKey(List<String> scriptKeys, @Nullable String principal) {
		if (this.indexInScripts && principal != null) {
			scriptKeys.add(this.keys.userIndex(principal));
		}
	}

	/**
	 * Delete a session by token or by {@linkplain StoredSession#reference() reference}.
	 * Anything else is ignored without touching Redis.
	 * @param id a token or a session reference
	 */
	@Override
	public void deleteById(String id) {
		String requested = toStorageId(id);
		if (requested == null) {
			return;
		}
		// The session loaded in this request names its owner (so the index entry goes in
		// the same script call: logout is one round trip) and where it is stored.
		StoredSession loaded = this.loadedSessions.loadedFor(id, requested);
		String storageId = (loaded != null) ? nonNull(loaded.persistedStorageId()) : requested;
		String principal = (loaded != null) ? loaded.getPrincipalName() : null;
		this.loadedSessions.deleted(storageId);
		logOut(storageId, principal);
		if (!requested.equals(storageId)) {
			// Logged out with a token retired by rotation: its record goes too, or a
			// stale tab presenting it later would look like theft.
			delete(requested, null);
		}
	}

	/**
	 * Delete a session whose owner is known, in one round trip.
	 * @param session the session to delete
	 */
	public void delete(StoredSession session) {
		String storageId = session.persistedStorageId();
		if (storageId != null) {
			logOut(storageId, session.getPrincipalName());
		}
	}

	/**
	 * End a session for a security reason and announce it ({@link SessionRevokedEvent},
	 * revoked by the system), in one round trip.
	 * @param session the session to end
	 * @param reason why
	 */
	public void revoke(StoredSession session, SessionRevokedEvent.Reason reason) {
		String storageId = session.persistedStorageId();
		if (storageId != null && delete(storageId, session.getPrincipalName()) != null) {
			this.loadedSessions.deleted(storageId);
			this.events.revoked(storageId, session.getPrincipalName(), reason);
		}
	}

	private void logOut(String storageId, @Nullable String principal) {
		String ended = storageId;
		String owner = delete(storageId, principal);
		if (owner == null && principal != null) {
			// A parallel request gave the session a new token (login, privilege change)
			// after this one loaded it: the old key holds only the record of the move,
			// and the logout must not be undone by that request's new cookie.
			ended = this.index.endOwned(storageId, principal, null);
			forgetCached(ended);
			if (ended != null) {
				this.index.remove(principal, ended);
				owner = principal;
			}
		}
		if (ended != null && owner != null) {
			this.events.loggedOut(ended, owner);
		}
	}

	/**
	 * Delete a session and its index entry.
	 * @return the principal of the deleted session, {@code ""} if it had none, or
	 * {@code null} if there was nothing to delete
	 */
	@Nullable String delete(@Nullable String storageId, @Nullable String principal) {
		if (storageId == null) {
			return null;
		}
		List<String> scriptKeys = new ArrayList<>(2);
		scriptKeys.add(this.keys.session(storageId));
		addIndexKey(scriptKeys, principal);
		String owner;
		try {
			owner = this.scripts.delete(scriptKeys, storageId);
		}
		finally {
			forgetCached(storageId);
		}
		if (owner != null && !owner.isEmpty() && scriptKeys.size() == 1) {
			this.index.remove(owner, storageId);
		}
		return owner;
	}

	/**
	 * Where the session of a token lives: the storage id of the session this request
	 * loaded for the token (which differs from the token's hash when the request rotated
	 * it or came with a retired token within its grace period), else the token's hash.
	 * @param token a well-formed token
	 * @return the storage id
	 */
	String storedUnder(String token) {
		String hashed = SessionTokens.storageId(token);
		StoredSession loaded = this.loadedSessions.loadedFor(token, hashed);
		// loadedFor returns only sessions that are stored, so the id is there.
		return (loaded != null) ? nonNull(loaded.persistedStorageId()) : hashed;
	}

	private static @Nullable String toStorageId(String id) {
		return SessionTokens.isWellFormed(id) ? SessionTokens.storageId(id) : StoredSession.storageIdOfReference(id);
	}

	/**
	 * Find the live sessions of a principal through the per-user index. Sessions are read
	 * without touching them (listing sessions does not keep them alive) and carry
	 * {@linkplain StoredSession#reference() references}, not tokens, as ids.
	 * @param indexName only {@link #PRINCIPAL_NAME_INDEX_NAME} is indexed
	 * @param indexValue the principal name
	 * @return live sessions by reference
	 */
	@Override
	public Map<String, StoredSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName)) {
			return Map.of();
		}
		Map<String, StoredSession> result = new LinkedHashMap<>();
		this.index.read(indexValue, this.clock.millis(), SessionScripts.formatVersion())
			.forEach((storageId, fields) -> {
				try {
					StoredSession session = SessionFields.read(this.codec, null, storageId, fields);
					result.put(session.getId(), session);
				}
				catch (NumberFormatException | IllegalStateException ex) {
					// Damaged metadata: left out here, dropped when the session is
					// presented.
				}
			});
		return result;
	}

	static String nonNull(@Nullable String value) {
		return (value != null) ? value : "";
	}

	/**
	 * A request scope opened by {@link #openRequestScope()}.
	 */
	@FunctionalInterface
	public interface RequestScope extends AutoCloseable {

		@Override
		void close();

	}

}
