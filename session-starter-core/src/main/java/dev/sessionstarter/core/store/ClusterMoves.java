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

/**
 * Session moves in Redis Cluster, where the old and the new key of a rotation hash to
 * different slots and no script may touch both (see move-in.lua).
 *
 * @author session-starter
 */
final class ClusterMoves {

	private final RedisSessionStore store;

	ClusterMoves(RedisSessionStore store) {
		this.store = store;
	}

	/**
	 * Moves a session to a new storage id in three one-slot steps, for Redis Cluster
	 * where the two keys live in different slots (see move-in.lua): read the old session,
	 * create the new one from it, end the old one (supersede.lua leaves a record of the
	 * move for revocations already under way; for a periodic rotation retire.lua leaves
	 * the retired-token record). If the old session ended between the steps, the new one
	 * is deleted again: a move never outlives a logout or revocation that raced it.
	 * @return 1 when moved, 0 when the old session no longer exists
	 */
	long move(String oldStorageId, String newStorageId, String idle, String principal, SessionDelta delta,
			boolean keepPreviousForGrace) {
		List<String> old = this.store.loadAndTouch(oldStorageId);
		if (!RetiredTokens.isLive(old)) {
			return 0;
		}
		List<String> fields = new ArrayList<>(old.subList(1, old.size()));
		long now = this.store.clock().millis();
		if (keepPreviousForGrace) {
			setField(fields, "rotated", Long.toString(now));
		}
		String newKey = this.store.keys().session(newStorageId);
		if (this.store.scripts().moveIn(newKey, idle, principal, newStorageId, fields, delta.args) != 1) {
			return 0;
		}
		String oldKey = this.store.keys().session(oldStorageId);
		boolean retired = keepPreviousForGrace
				? this.store.scripts()
					.retire(oldKey, this.store.keys().retiredDataKey(oldStorageId), newStorageId,
							now + this.store.rotation().grace().toMillis())
				: this.store.scripts().supersede(oldKey, newStorageId);
		if (!retired) {
			this.store.scripts().delete(List.of(newKey), newStorageId);
			return 0;
		}
		return 1;
	}

	private static void setField(List<String> fields, String name, String value) {
		for (int i = 0; i + 1 < fields.size(); i += 2) {
			if (fields.get(i).equals(name)) {
				fields.set(i + 1, value);
				return;
			}
		}
		fields.add(name);
		fields.add(value);
	}

}
