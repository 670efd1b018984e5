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

import java.util.concurrent.atomic.AtomicReference;

import dev.sessionstarter.core.event.SessionRotatedEvent;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Why the session of a reactive request gets a new token, carried in the request's
 * Reactor context from the code that rotates it (the security context repository, the
 * password change) to the session repository's save, which hands it to the store for the
 * {@link SessionRotatedEvent}. A servlet request says it on its thread instead
 * ({@code SessionEventContext.rotating}); a reactive request does not stay on one.
 * {@link SessionStoreUnavailableWebFilter} gives each request its holder.
 *
 * @author session-starter
 */
public final class ServerRotationReason {

	private final AtomicReference<SessionRotatedEvent.@Nullable Reason> reason = new AtomicReference<>();

	private ServerRotationReason() {
	}

	/**
	 * Give a request's context its holder.
	 * @param context the request's context
	 * @return the context with an empty holder
	 */
	public static Context in(Context context) {
		return context.put(ServerRotationReason.class, new ServerRotationReason());
	}

	/**
	 * Say why the current request's session is about to get a new token. Without a holder
	 * in the context (no {@link SessionStoreUnavailableWebFilter}), the store says
	 * {@code LOGIN} or {@code PRIVILEGE_CHANGE} as it sees fit.
	 * @param reason why the token changes
	 * @return completes at once
	 */
	public static Mono<Void> rotating(SessionRotatedEvent.Reason reason) {
		return Mono.deferContextual((context) -> {
			context.getOrEmpty(ServerRotationReason.class)
				.ifPresent((holder) -> ((ServerRotationReason) holder).reason.set(reason));
			return Mono.empty();
		});
	}

	static SessionRotatedEvent.@Nullable Reason take(ContextView context) {
		return context.getOrEmpty(ServerRotationReason.class)
			.map((holder) -> ((ServerRotationReason) holder).reason.getAndSet(null))
			.orElse(null);
	}

}
