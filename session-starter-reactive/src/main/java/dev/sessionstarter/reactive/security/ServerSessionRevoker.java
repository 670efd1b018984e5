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

package dev.sessionstarter.reactive.security;

import java.util.List;
import java.util.function.Supplier;

import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.security.CredentialsChangedEvent;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.reactive.ServerRotationReason;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * Ends a user's sessions when their credentials change, for reactive applications: a
 * stolen session must not outlive the password that the user changed because of it (OWASP
 * ASVS 3.3.3). When the exchange that changed the password belongs to that same user, its
 * session is kept with a new token and every other session ends; otherwise every session
 * of the user ends.
 *
 * <p>
 * Call {@link #credentialsChanged} from the handler that changes the password and compose
 * its result into the response, so that the other sessions are dead before the user sees
 * "password changed". Listing and revoking sessions are management calls, not part of
 * every request: they run on Reactor's bounded elastic scheduler, never on an event-loop
 * thread.
 *
 * @author session-starter
 */
public class ServerSessionRevoker {

	private final UserSessions userSessions;

	private final Scheduler scheduler;

	/**
	 * Create a new instance.
	 * @param userSessions the user sessions
	 */
	public ServerSessionRevoker(UserSessions userSessions) {
		this(userSessions, Schedulers.boundedElastic());
	}

	/**
	 * Create a new instance.
	 * @param userSessions the user sessions
	 * @param scheduler where the revocations run
	 */
	public ServerSessionRevoker(UserSessions userSessions, Scheduler scheduler) {
		this.userSessions = userSessions;
		this.scheduler = scheduler;
	}

	/**
	 * End the sessions of a user whose credentials changed.
	 * @param exchange the exchange that changed the credentials
	 * @param username the user
	 * @param reason what changed
	 * @return the references of the sessions ended
	 */
	public Mono<List<String>> credentialsChanged(ServerWebExchange exchange, String username,
			CredentialsChangedEvent.Reason reason) {
		return isCurrentUser(username).zipWith(exchange.getSession()).flatMap((current) -> {
			WebSession session = current.getT2();
			if (!current.getT1() || !session.isStarted() || reason != CredentialsChangedEvent.Reason.PASSWORD_CHANGED) {
				return blocking(() -> this.userSessions.revokeAll(username, null,
						SessionRevokedEvent.Reason.CREDENTIALS_CHANGED));
			}
			return blocking(() -> this.userSessions.revokeOthers(username, session.getId(), username,
					SessionRevokedEvent.Reason.CREDENTIALS_CHANGED))
				.flatMap((ended) -> ServerRotationReason.rotating(SessionRotatedEvent.Reason.PASSWORD_CHANGE)
					.then(session.changeSessionId())
					.thenReturn(ended));
		});
	}

	private Mono<List<String>> blocking(Supplier<List<String>> revocation) {
		return Mono.fromSupplier(revocation).subscribeOn(this.scheduler);
	}

	private static Mono<Boolean> isCurrentUser(String username) {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.map((authentication) -> isUser(authentication, username))
			.defaultIfEmpty(false);
	}

	private static boolean isUser(Authentication authentication, String username) {
		return authentication.isAuthenticated() && username.equals(authentication.getName());
	}

}
