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

import java.util.Optional;

import dev.sessionstarter.core.security.SessionLimitRule;
import dev.sessionstarter.core.store.UserSessions;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;

/**
 * Refuses a login, with a normal login failure, when the user already holds the most
 * sessions allowed and the policy is to reject ({@link SessionLimitRule}): the
 * counterpart of the servlet {@code SessionLimitAuthenticationStrategy}, run by
 * {@link RotatingServerSecurityContextRepository} before the login changes the session.
 * This check only gives users a clear answer; the limit itself is enforced atomically by
 * the store's login script, which also catches parallel logins that pass this check
 * together. The count of the user's sessions is read on a worker scheduler, never on an
 * event loop.
 *
 * @author session-starter
 */
public class ServerSessionLimitCheck {

	private final SessionLimitRule rule;

	private final Scheduler scheduler = Schedulers.boundedElastic();

	/**
	 * Create a new check.
	 * @param userSessions the user sessions
	 * @param maxSessions the most sessions a user may hold
	 */
	public ServerSessionLimitCheck(UserSessions userSessions, int maxSessions) {
		this.rule = new SessionLimitRule(userSessions, maxSessions);
	}

	/**
	 * Check a login.
	 * @param before the authentication the session held, if any
	 * @param after the login's authentication
	 * @return completes empty when the login may go on, with a
	 * {@link SessionAuthenticationException} when the user is at the limit
	 */
	public Mono<Void> check(@Nullable Authentication before, @Nullable Authentication after) {
		return Mono.fromCallable(() -> Optional.ofNullable(this.rule.refusal(before, after)))
			.subscribeOn(this.scheduler)
			.flatMap((refusal) -> refusal.isPresent() ? Mono.error(new SessionAuthenticationException(refusal.get()))
					: Mono.empty());
	}

}
