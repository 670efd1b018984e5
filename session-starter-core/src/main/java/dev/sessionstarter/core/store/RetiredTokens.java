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

import java.util.List;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Tokens retired by periodic rotation (see rotate.lua and retire.lua). The key of a
 * retired token holds a record naming the storage id its session moved to and the end of
 * its grace period. Within the grace period the token leads to the session under its
 * current token; after it, its use is reuse.
 *
 * @author session-starter
 */
final class RetiredTokens {

	/**
	 * Most retired-token records followed to reach the live session: one per rotation, so
	 * this bounds the rotations a session can go through and still be found when an old
	 * token is reused.
	 */
	private static final int MAX_HOPS = 1000;

	private final RedisSessionStore store;

	RetiredTokens(RedisSessionStore store) {
		this.store = store;
	}

	static boolean isLive(List<String> reply) {
		return !reply.isEmpty() && "ok".equals(reply.get(0));
	}

	static boolean isAlias(List<String> reply) {
		// A record whose grace deadline is not a number (crafted store contents) is no
		// alias: the token then simply has no session.
		return reply.size() == 4 && "alias".equals(reply.get(0)) && isMillis(reply.get(2));
	}

	static boolean isMillis(String value) {
		return value.matches("\\d{1,18}");
	}

	/**
	 * Resolve a retired token presented by a request.
	 * @param storageId the storage id of the presented token
	 * @param alias the load script's reply for it: alias, target, until, principal
	 * @return the live session within the grace period; {@code null} after it (reuse,
	 * handled here) or when the session has ended
	 */
	@Nullable Live resolve(String storageId, List<String> alias) {
		if (this.store.clock().millis() >= Long.parseLong(alias.get(2))) {
			reused(storageId, alias.get(1), alias.get(3));
			return null;
		}
		return follow(alias.get(1), false);
	}

	private void reused(String storageId, String target, String principal) {
		String owner = principal.isEmpty() ? null : principal;
		this.store.publishEvent(new SessionReuseDetectedEvent(this.store, storageId, owner,
				SessionEventContext.current(), SessionReuseDetectedEvent.TokenKind.SESSION));
		if (this.store.rotation().onReuse() != SessionRotation.ReusePolicy.REVOKE) {
			return;
		}
		// Through logins and privilege changes too: the session a stolen token led to
		// must end, whatever tokens it has had since.
		Live live = follow(target, true);
		if (live != null) {
			this.store.delete(live.storageId(), owner);
			this.store.events().revoked(live.storageId(), owner, SessionRevokedEvent.Reason.REUSE_DETECTED);
		}
	}

	/**
	 * Where a parallel rotation moved a session, if the retired token is still within its
	 * grace period.
	 * @param storageId the storage id the session was loaded from
	 * @return the storage id it lives under now, or {@code null}
	 */
	@Nullable String movedBy(String storageId) {
		List<String> reply = this.store.loadAndTouch(storageId);
		if (!isAlias(reply) || this.store.clock().millis() >= Long.parseLong(reply.get(2))) {
			return null;
		}
		Live live = follow(reply.get(1), false);
		return (live != null) ? live.storageId() : null;
	}

	/**
	 * Follow retired-token records (one per rotation, each naming the next storage id) to
	 * the live session.
	 * @param throughMoves whether to follow the records of logins and privilege changes
	 * as well: only to end a session, never to serve one, since those rotations must kill
	 * every earlier token at once
	 */
	private @Nullable Live follow(String storageId, boolean throughMoves) {
		String target = storageId;
		for (int hop = 0; hop < MAX_HOPS; hop++) {
			List<String> reply = this.store.loadAndTouch(target);
			if (isLive(reply)) {
				return new Live(target, reply.subList(1, reply.size()));
			}
			if (!isAlias(reply) && !(throughMoves && isMoved(reply))) {
				return null;
			}
			target = reply.get(1);
		}
		return null;
	}

	static boolean isMoved(List<String> reply) {
		return reply.size() == 3 && "moved".equals(reply.get(0));
	}

	/**
	 * A live session found through retired tokens.
	 *
	 * @param storageId where it is stored
	 * @param fields its fields as the load script returned them
	 */
	record Live(String storageId, List<String> fields) {

	}

}
