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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.token.SessionTokens;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The save path of {@link RedisSessionStore}: writes what changed in a session, and
 * nothing when nothing did, in one script call that also renames the session when its
 * token changed (login, privilege change, periodic rotation).
 *
 * @author session-starter
 */
final class SessionWriter {

	// The store's logger: where operators already route the store's messages.
	private static final Log logger = LogFactory.getLog(RedisSessionStore.class);

	private final RedisSessionStore store;

	private final RetiredTokens retiredTokens;

	private final ClusterMoves clusterMoves;

	SessionWriter(RedisSessionStore store, RetiredTokens retiredTokens, ClusterMoves clusterMoves) {
		this.store = store;
		this.retiredTokens = retiredTokens;
		this.clusterMoves = clusterMoves;
	}

	void save(StoredSession session) {
		if (session.isCorrupt()) {
			dropCorrupt(session);
			return;
		}
		Pending pending = prepare(session);
		if (pending != null) {
			finish(pending, this.store.scripts().await(writeForgettingCached(pending, null)));
		}
	}

	/**
	 * Save without waiting. The write and what follows it on the usual path (events,
	 * marking the session saved) run on the thread that completes the reply; the rare
	 * paths that need more round trips (a corrupt session, a write that lost a race with
	 * a rotation, Redis Cluster's index and moves) run on {@code worker}.
	 * @param session the session to save
	 * @param context the client of the request, bound while the save publishes events
	 * @param worker runs the rare paths
	 * @return completes when saved
	 */
	CompletableFuture<Void> saveAsync(StoredSession session, SessionEventContext context, Executor worker) {
		try (SessionEventContext.Binding binding = SessionEventContext.bind(() -> context)) {
			return saveAsync(session, (task) -> worker.execute(() -> within(context, task)), context);
		}
	}

	private CompletableFuture<Void> saveAsync(StoredSession session, Executor worker, SessionEventContext context) {
		if (session.isCorrupt()) {
			return CompletableFuture.runAsync(() -> dropCorrupt(session), worker);
		}
		Pending pending = prepare(session);
		if (pending == null) {
			return CompletableFuture.completedFuture(null);
		}
		return writeForgettingCached(pending, worker).thenCompose((written) -> {
			boolean followUp = (written.result() == 0 && pending.oldStorageId != null)
					|| !this.store.isIndexInScripts();
			if (followUp) {
				return CompletableFuture.runAsync(() -> finish(pending, written), worker);
			}
			within(context, () -> finish(pending, written));
			return CompletableFuture.completedFuture(null);
		});
	}

	private static void within(SessionEventContext context, Runnable task) {
		try (SessionEventContext.Binding binding = SessionEventContext.bind(() -> context)) {
			task.run();
		}
	}

	private void dropCorrupt(StoredSession session) {
		String storageId = session.persistedStorageId();
		if (this.store.delete(storageId, session.getPrincipalName()) != null) {
			this.store.events()
				.revoked(RedisSessionStore.nonNull(storageId), session.getPrincipalName(),
						SessionRevokedEvent.Reason.INVALID);
		}
	}

	/**
	 * What a save writes, or {@code null} when it writes nothing.
	 */
	private @Nullable Pending prepare(StoredSession session) {
		SessionDelta delta = SessionDelta.of(session, this.store.codec(), this.store.saveMode());
		String idle = session.maxInactiveIntervalChanged() ? Long.toString(session.getMaxInactiveInterval().toMillis())
				: "";
		String oldStorageId = session.persistedStorageId();
		boolean unchanged = delta.isEmpty() && delta.principal == null && idle.isEmpty();
		if (unchanged && session.getStorageId().equals(oldStorageId)) {
			return null;
		}
		if (oldStorageId == null && delta.isEmpty()) {
			// Anonymous sessions that hold nothing are never stored (no store flooding).
			return null;
		}
		SessionRotatedEvent.Reason rotation = null;
		SessionRotatedEvent.Reason given = session.takeRotationReason();
		if (session.isRotatingWithGrace()) {
			rotation = SessionRotatedEvent.Reason.INTERVAL;
		}
		else if (oldStorageId != null && !oldStorageId.equals(session.getStorageId())) {
			rotation = (given != null) ? given : SessionEventContext.takeRotationReason();
		}
		return new Pending(session, delta, idle, oldStorageId, rotation);
	}

	/**
	 * What follows a write: on a lost race with a rotation the write again where the
	 * session lives now, then the events, the index outside scripts and the saved mark.
	 */
	private void finish(Pending pending, SessionScripts.Written first) {
		StoredSession session = pending.session;
		SessionDelta delta = pending.delta;
		String oldStorageId = pending.oldStorageId;
		SessionScripts.Written written = first;
		if (written.result() == 0 && oldStorageId != null) {
			// A parallel request rotated the token since this one loaded the session: the
			// writes of this request go to where the session lives now (nothing lost).
			String target = this.retiredTokens.movedBy(oldStorageId);
			if (target != null) {
				session.movedTo(target);
				oldStorageId = target;
				// Again, since the token may have changed back: the data key is wrapped
				// for the token the session ends up with.
				delta = SessionDelta.of(session, this.store.codec(), this.store.saveMode());
				Pending again = new Pending(session, delta, pending.idle, oldStorageId, pending.rotation);
				written = this.store.scripts().await(writeForgettingCached(again, null));
			}
		}
		if (oldStorageId != null && !oldStorageId.equals(session.getStorageId())) {
			this.store.loadedSessions().rotated(session);
		}
		this.store.events()
			.saved(session, oldStorageId, delta.principal, written, this.store.getMaxSessionsPerUser(),
					pending.rotation);
		if (written.result() == 1) {
			updateIndexOutsideScripts(session, delta, oldStorageId);
			session.markSaved(delta);
		}
		else if (written.result() < 0) {
			logger
				.warn("Session not saved: principal " + SessionTokens.sha256(RedisSessionStore.nonNull(delta.principal))
						+ " is at its limit of " + this.store.getMaxSessionsPerUser() + " sessions");
		}
	}

	private void updateIndexOutsideScripts(StoredSession session, SessionDelta delta, @Nullable String oldStorageId) {
		String indexPrincipal = (delta.principal != null) ? delta.principal : session.getPrincipalName();
		boolean indexChanges = delta.principal != null || !session.getStorageId().equals(oldStorageId);
		// Only a new principal or a new storage id changes the index; re-adding the entry
		// on every save would cost a round trip and could put back the entry of a session
		// that a logout ended right after this save.
		if (!this.store.isIndexInScripts() && indexPrincipal != null && indexChanges) {
			this.store.index().add(indexPrincipal, session.getStorageId(), oldStorageId, session.getAbsoluteDeadline());
		}
	}

	/**
	 * Write, and drop this node's cached copies of the sessions written (and of those a
	 * session limit evicted) before the reply is handed on: the next request on this node
	 * reads what was written, without waiting for Redis' invalidation.
	 */
	private CompletableFuture<SessionScripts.Written> writeForgettingCached(Pending pending,
			@Nullable Executor worker) {
		CompletableFuture<SessionScripts.Written> written;
		try {
			written = write(pending, worker);
		}
		catch (RuntimeException ex) {
			written = CompletableFuture.failedFuture(ex);
		}
		return written.whenComplete((reply, failure) -> {
			this.store.forgetCached(pending.oldStorageId, pending.session.getStorageId());
			if (reply != null) {
				this.store.forgetCached(reply.evicted());
			}
		});
	}

	/**
	 * Send the write of a save.
	 * @param worker where the multi-step move of Redis Cluster runs for a caller that
	 * must not wait, or {@code null} to run it on the calling thread
	 */
	private CompletableFuture<SessionScripts.Written> write(Pending pending, @Nullable Executor worker) {
		StoredSession session = pending.session;
		SessionDelta delta = pending.delta;
		String idle = pending.idle;
		String oldStorageId = pending.oldStorageId;
		String principal = RedisSessionStore.nonNull(delta.principal);
		String indexPrincipal = (delta.principal != null) ? delta.principal : session.getPrincipalName();
		SessionScripts.Admission admission = new SessionScripts.Admission(this.store.clock().millis(),
				this.store.keys().sessionPrefix(), this.store.getMaxSessionsPerUser(), this.store.limitPolicy());
		SessionScripts scripts = this.store.scripts();
		SessionKeys keys = this.store.keys();
		List<String> scriptKeys = new ArrayList<>(3);
		if (oldStorageId == null) {
			scriptKeys.add(keys.session(session.getStorageId()));
			this.store.addIndexKey(scriptKeys, indexPrincipal);
			return scripts.create(scriptKeys, session.getCreationTime().toEpochMilli(),
					session.getMaxInactiveInterval().toMillis(), session.getAbsoluteDeadline().toEpochMilli(),
					principal, session.getStorageId(), admission, delta.args);
		}
		boolean renamed = !oldStorageId.equals(session.getStorageId());
		if (renamed && !this.store.isIndexInScripts()) {
			Supplier<SessionScripts.Written> move = () -> new SessionScripts.Written(this.clusterMoves
				.move(oldStorageId, session.getStorageId(), idle, principal, delta, session.isRotatingWithGrace()),
					List.of());
			return (worker != null) ? CompletableFuture.supplyAsync(move, worker)
					: CompletableFuture.completedFuture(move.get());
		}
		if (renamed) {
			scriptKeys.add(keys.session(oldStorageId));
			scriptKeys.add(keys.session(session.getStorageId()));
			if (session.isRotatingWithGrace()) {
				scriptKeys.add(keys.retiredDataKey(oldStorageId));
				this.store.addIndexKey(scriptKeys, indexPrincipal);
				return scripts.rotate(scriptKeys, idle, principal, session.getStorageId(), oldStorageId, admission,
						this.store.rotation().grace().toMillis(), delta.args);
			}
			this.store.addIndexKey(scriptKeys, indexPrincipal);
			return scripts.changeId(scriptKeys, idle, principal, session.getStorageId(), oldStorageId, admission,
					delta.args);
		}
		scriptKeys.add(keys.session(session.getStorageId()));
		this.store.addIndexKey(scriptKeys, indexPrincipal);
		return scripts.saveDelta(scriptKeys, idle, principal, session.getStorageId(), admission, delta.args);
	}

	/**
	 * A save to write.
	 */
	private record Pending(StoredSession session, SessionDelta delta, String idle, @Nullable String oldStorageId,
			SessionRotatedEvent.@Nullable Reason rotation) {

	}

}
