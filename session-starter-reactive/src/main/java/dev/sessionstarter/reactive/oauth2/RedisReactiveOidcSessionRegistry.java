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
package dev.sessionstarter.reactive.oauth2;

import dev.sessionstarter.core.oauth2.RedisOidcSessionRegistry;
import dev.sessionstarter.core.store.ProviderSessions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;

/**
 * Spring Security's {@link ReactiveOidcSessionRegistry} over {@link ProviderSessions},
 * the reactive face of {@link RedisOidcSessionRegistry}: what {@code oidcLogout()}
 * registers at login lands in Redis, for every node (servlet or reactive), instead of in
 * the memory of the node that handled the login. Nothing is ever handed back for Spring
 * Security's default logout handler to replay as a session cookie; a logout token ends
 * the matching sessions directly in Redis ({@link ServerBackChannelLogoutWebFilter}). The
 * registry's few Redis calls, one or two per OIDC login, run on a worker thread.
 *
 * @author session-starter
 */
public class RedisReactiveOidcSessionRegistry implements ReactiveOidcSessionRegistry {

	private final RedisOidcSessionRegistry registry;

	private final Scheduler scheduler;

	/**
	 * Create a registry.
	 * @param sessions where provider sessions are recorded
	 */
	public RedisReactiveOidcSessionRegistry(ProviderSessions sessions) {
		this.registry = new RedisOidcSessionRegistry(sessions);
		this.scheduler = Schedulers.boundedElastic();
	}

	@Override
	public Mono<Void> saveSessionInformation(OidcSessionInformation info) {
		return Mono.<Void>fromRunnable(() -> this.registry.saveSessionInformation(info)).subscribeOn(this.scheduler);
	}

	@Override
	public Mono<OidcSessionInformation> removeSessionInformation(String clientSessionId) {
		// Sessions are found through their principal, not their id (which changes at
		// every rotation); an ended session simply matches nothing any more.
		return Mono.empty();
	}

	@Override
	public Flux<OidcSessionInformation> removeSessionInformation(OidcLogoutToken logoutToken) {
		return Mono.fromRunnable(() -> this.registry.removeSessionInformation(logoutToken))
			.subscribeOn(this.scheduler)
			.thenMany(Flux.empty());
	}

}
