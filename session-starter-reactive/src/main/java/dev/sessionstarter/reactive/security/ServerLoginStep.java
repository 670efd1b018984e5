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

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * A step of every login on a reactive application, the counterpart of a servlet
 * {@code SessionAuthenticationStrategy}: {@link RotatingServerSecurityContextRepository}
 * runs its steps, in order, after it stored the login's context and before the session
 * gets its new token, so that what a step puts in the session is written with the login.
 *
 * @author session-starter
 * @see RotatingServerSecurityContextRepository#addLoginStep(ServerLoginStep)
 */
@FunctionalInterface
public interface ServerLoginStep {

	/**
	 * Take part in a login.
	 * @param exchange the login's exchange
	 * @param session its session
	 * @param before the authentication the session held, if any
	 * @param stored the login's context, as the session stores it
	 * @return completes when the step is done
	 */
	Mono<Void> onLogin(ServerWebExchange exchange, WebSession session, @Nullable Authentication before,
			SecurityContext stored);

}
