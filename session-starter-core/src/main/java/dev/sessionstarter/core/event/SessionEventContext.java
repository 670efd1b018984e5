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

package dev.sessionstarter.core.event;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The client of the request in which a session event happened.
 *
 * <p>
 * The context of the current request is bound to its thread by
 * {@code SessionStoreUnavailableFilter}, which wraps every request, including Spring
 * Session's commit after the response. Code that publishes a {@link SessionEvent} takes
 * it from {@link #current()}: <pre class="code">
 * store.publishEvent(new SessionRevokedEvent(this, storageId, principal, SessionEventContext.current(), null, Reason.REUSE_DETECTED));
 * </pre>
 *
 * @param clientIp the client's IP address, if known
 * @param userAgent a short summary of the client's user agent, if known
 * @author session-starter
 */
public record SessionEventContext(@Nullable String clientIp, @Nullable String userAgent) {

	/**
	 * No request, for example a revocation from a scheduled job.
	 */
	public static final SessionEventContext NONE = new SessionEventContext(null, null);

	private static final ThreadLocal<@Nullable Current> CURRENT = new ThreadLocal<>();

	/**
	 * The client of the request running on this thread.
	 * @return the client, or {@link #NONE} outside of a bound request
	 */
	public static SessionEventContext current() {
		Current current = CURRENT.get();
		return (current != null) ? current.context() : NONE;
	}

	/**
	 * Bind a request's client to the current thread until the returned binding is closed.
	 * The context is computed on first use only, so requests that publish no event pay
	 * nothing for it.
	 * @param context computes the client of the request
	 * @return the binding, to close in a {@code finally} block
	 */
	public static Binding bind(Supplier<SessionEventContext> context) {
		Current previous = CURRENT.get();
		CURRENT.set(new Current(context));
		return () -> CURRENT.set(previous);
	}

	/**
	 * Say why the session of the current request is about to get a new token, before
	 * calling {@code changeSessionId()}. The store names this reason in the
	 * {@link SessionRotatedEvent} it publishes when it saves the new token; without a
	 * reason it says {@link SessionRotatedEvent.Reason#LOGIN LOGIN} when the session got
	 * its principal in the same request and
	 * {@link SessionRotatedEvent.Reason#PRIVILEGE_CHANGE PRIVILEGE_CHANGE} otherwise.
	 * Ignored outside of a bound request.
	 * @param reason why the token changes
	 */
	public static void rotating(SessionRotatedEvent.Reason reason) {
		Current current = CURRENT.get();
		if (current != null) {
			current.rotation = reason;
		}
	}

	/**
	 * Take the reason given to {@link #rotating} in this request, clearing it.
	 * @return the reason, or {@code null} if none was given
	 */
	public static SessionRotatedEvent.@Nullable Reason takeRotationReason() {
		Current current = CURRENT.get();
		if (current == null) {
			return null;
		}
		SessionRotatedEvent.Reason reason = current.rotation;
		current.rotation = null;
		return reason;
	}

	/**
	 * A request's client bound to a thread by {@link #bind}.
	 */
	@FunctionalInterface
	public interface Binding extends AutoCloseable {

		@Override
		void close();

	}

	private static final class Current {

		private final Supplier<SessionEventContext> supplier;

		private @Nullable SessionEventContext context;

		private SessionRotatedEvent.@Nullable Reason rotation;

		Current(Supplier<SessionEventContext> supplier) {
			this.supplier = supplier;
		}

		SessionEventContext context() {
			SessionEventContext context = this.context;
			if (context == null) {
				context = this.supplier.get();
				this.context = context;
			}
			return context;
		}

	}

}
