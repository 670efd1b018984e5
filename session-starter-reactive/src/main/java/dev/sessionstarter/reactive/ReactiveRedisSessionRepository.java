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

package dev.sessionstarter.reactive;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionRequestScope;
import dev.sessionstarter.core.store.StoredSession;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.session.ReactiveSessionRepository;
import org.springframework.util.Assert;

/**
 * A {@link ReactiveSessionRepository} over the same store, scripts and Redis layout as
 * the servlet side, so that a session started by a servlet node is used, rotated and
 * ended by a reactive node and back. Every call goes to the store's non-blocking methods:
 * nothing waits on the calling thread, and no call is moved to a worker scheduler.
 *
 * <p>
 * What the store guarantees holds here too: a token that is not well formed is "no
 * session" without a Redis call, deadlines are enforced by the load script, a save writes
 * only what changed (and nothing for a session that holds nothing), a new token at login
 * keeps the session's data and its absolute deadline, and a Redis failure is a
 * {@link dev.sessionstarter.core.store.SessionStoreUnavailableException}, never "no
 * session". The events the store publishes name the client that
 * {@link SessionStoreUnavailableWebFilter} put in the subscriber's context; the access
 * checks see what a web filter put there as a {@link SessionRequestScope} (the bound
 * cookie of device-bound sessions).
 *
 * @author session-starter
 */
public class ReactiveRedisSessionRepository implements ReactiveSessionRepository<StoredSession> {

	private final RedisSessionStore store;

	/**
	 * Create a repository over a store.
	 * @param store the store; it must send its commands without blocking (Lettuce)
	 * @throws IllegalArgumentException if the store would block the calling thread
	 */
	public ReactiveRedisSessionRepository(RedisSessionStore store) {
		Assert.isTrue(store.isNonBlocking(),
				"A reactive application needs a session store that never blocks: connect through Lettuce");
		this.store = store;
	}

	/**
	 * The store this repository reads and writes.
	 * @return the store
	 */
	public RedisSessionStore getStore() {
		return this.store;
	}

	@Override
	public Mono<StoredSession> createSession() {
		// No Redis call: a session is stored once it holds an attribute.
		return Mono.fromSupplier(this.store::createSession);
	}

	@Override
	public Mono<Void> save(StoredSession session) {
		return Mono.deferContextual((context) -> {
			SessionRotatedEvent.Reason rotation = ServerRotationReason.take(context);
			if (rotation != null) {
				session.rotating(rotation);
			}
			return Mono.fromFuture(this.store.saveAsync(session, client(context)));
		});
	}

	@Override
	public Mono<StoredSession> findById(String id) {
		return Mono.deferContextual((context) -> Mono.fromFuture(this.store.findByIdAsync(id, client(context),
				context.getOrDefault(SessionRequestScope.class, SessionRequestScope.NONE))));
	}

	@Override
	public Mono<Void> deleteById(String id) {
		return Mono.deferContextual((context) -> Mono.fromFuture(this.store.deleteByIdAsync(id, client(context))));
	}

	/**
	 * The client that session events name: the one
	 * {@link SessionStoreUnavailableWebFilter} put in the subscriber's context, else
	 * none.
	 */
	private static SessionEventContext client(ContextView context) {
		return context.getOrDefault(SessionEventContext.class, SessionEventContext.NONE);
	}

}
