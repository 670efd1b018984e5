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
			String storageId = session.persistedStorageId();
			if (this.store.delete(storageId, session.getPrincipalName()) != null) {
				this.store.events()
					.revoked(RedisSessionStore.nonNull(storageId), session.getPrincipalName(),
							SessionRevokedEvent.Reason.INVALID);
			}
			return;
		}
		SessionDelta delta = SessionDelta.of(session, this.store.codec(), this.store.saveMode());
		String idle = session.maxInactiveIntervalChanged() ? Long.toString(session.getMaxInactiveInterval().toMillis())
				: "";
		String oldStorageId = session.persistedStorageId();
		boolean unchanged = delta.isEmpty() && delta.principal == null && idle.isEmpty();
		if (unchanged && session.getStorageId().equals(oldStorageId)) {
			return;
		}
		if (oldStorageId == null && delta.isEmpty()) {
			// Anonymous sessions that hold nothing are never stored (no store flooding).
			return;
		}
		SessionRotatedEvent.Reason rotation = null;
		if (session.isRotatingWithGrace()) {
			rotation = SessionRotatedEvent.Reason.INTERVAL;
		}
		else if (oldStorageId != null && !oldStorageId.equals(session.getStorageId())) {
			rotation = SessionEventContext.takeRotationReason();
		}
		SessionScripts.Written written = writeForgettingCached(session, delta, idle, oldStorageId);
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
				written = writeForgettingCached(session, delta, idle, oldStorageId);
			}
		}
		if (oldStorageId != null && !oldStorageId.equals(session.getStorageId())) {
			this.store.loadedSessions().rotated(session);
		}
		this.store.events()
			.saved(session, oldStorageId, delta.principal, written, this.store.getMaxSessionsPerUser(), rotation);
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
	 * session limit evicted) before returning: the next request on this node reads what
	 * was written, without waiting for Redis' invalidation.
	 */
	private SessionScripts.Written writeForgettingCached(StoredSession session, SessionDelta delta, String idle,
			@Nullable String oldStorageId) {
		SessionScripts.Written written = null;
		try {
			written = write(session, delta, idle, oldStorageId);
			return written;
		}
		finally {
			this.store.forgetCached(oldStorageId, session.getStorageId());
			if (written != null) {
				this.store.forgetCached(written.evicted());
			}
		}
	}

	private SessionScripts.Written write(StoredSession session, SessionDelta delta, String idle,
			@Nullable String oldStorageId) {
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
			return new SessionScripts.Written(this.clusterMoves.move(oldStorageId, session.getStorageId(), idle,
					principal, delta, session.isRotatingWithGrace()), List.of());
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

}
