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

import java.time.Clock;
import java.util.Optional;

import dev.sessionstarter.core.oauth2.AccessTokenRefresh;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionLocks;
import dev.sessionstarter.core.store.StoredSession;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * The reactive counterpart of the servlet {@code SingleRefreshAuthorizedClientManager}:
 * refreshes a session's expired access token once, whichever node and however many
 * parallel requests need it. Without it every request that finds the token expired
 * refreshes it with the identity provider; with refresh-token rotation all but the first
 * of those present a used refresh token, which the provider refuses and may treat as
 * theft.
 *
 * <p>
 * A request that finds the token about to expire takes a short lock of its session in
 * Redis ({@link SessionLocks}), adopts the authorized clients the store holds now
 * (another node may have refreshed them already), refreshes only if they still need it,
 * saves the session before it releases the lock, and goes on. A request that finds the
 * lock taken waits for its release (polling Redis on a timer, never blocking a thread)
 * and then uses what the store holds. Requests whose token is fresh take no lock and cost
 * nothing more. The session token does not change.
 *
 * <p>
 * Works with {@link WebSessionServerOAuth2AuthorizedClientRepository}, which keeps
 * authorized clients in the session.
 *
 * @author session-starter
 */
public class SingleRefreshReactiveAuthorizedClientManager implements ReactiveOAuth2AuthorizedClientManager {

	/**
	 * Where {@link WebSessionServerOAuth2AuthorizedClientRepository} keeps its map; its
	 * own constant is private.
	 */
	static final String AUTHORIZED_CLIENTS = WebSessionServerOAuth2AuthorizedClientRepository.class.getName()
			+ ".AUTHORIZED_CLIENTS";

	private final ReactiveOAuth2AuthorizedClientManager delegate;

	private final RedisSessionStore store;

	private final SessionLocks locks;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a manager.
	 * @param delegate the manager that authorizes and refreshes (usually a
	 * {@code DefaultReactiveOAuth2AuthorizedClientManager} over the session-backed
	 * repository)
	 * @param store the session store
	 */
	public SingleRefreshReactiveAuthorizedClientManager(ReactiveOAuth2AuthorizedClientManager delegate,
			RedisSessionStore store) {
		this.delegate = delegate;
		this.store = store;
		this.locks = new SessionLocks(store);
	}

	/**
	 * Set the clock that decides whether a token is about to expire.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizeRequest request) {
		ServerWebExchange exchange = request.getAttribute(ServerWebExchange.class.getName());
		if (exchange == null) {
			return this.delegate.authorize(request);
		}
		return exchange.getSession().flatMap((session) -> {
			OAuth2AuthorizedClient current = request.getAuthorizedClient();
			boolean due = (current != null) ? AccessTokenRefresh.isDue(current, this.clock)
					: AccessTokenRefresh.isDueInSession(session.getAttribute(AUTHORIZED_CLIENTS),
							request.getClientRegistrationId(), this.clock);
			if (!due) {
				return this.delegate.authorize(request);
			}
			return refreshOnce(session, request);
		});
	}

	private Mono<OAuth2AuthorizedClient> refreshOnce(WebSession session, OAuth2AuthorizeRequest request) {
		String token = session.getId();
		String lock = AccessTokenRefresh.lockName(request.getClientRegistrationId());
		Mono<OAuth2AuthorizedClient> authorize = Mono.defer(() -> this.delegate.authorize(request));
		return Mono.fromFuture(() -> this.locks.tryAcquireAsync(token, lock, AccessTokenRefresh.LOCK_TIME_TO_LIVE))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((owner) -> {
				if (owner.isEmpty()) {
					return awaitRelease(token, lock).then(adoptStored(session, token)).then(authorize);
				}
				// Saved before the lock is released (on success, failure or
				// cancellation), so that a waiting request reads the refreshed clients.
				return Mono.usingWhen(Mono.just(owner.get()),
						(held) -> adoptStored(session, token).then(authorize)
							.flatMap((client) -> session.save().thenReturn(client)),
						(held) -> release(token, lock, held));
			});
	}

	private Mono<Void> release(String token, String lock, String owner) {
		return Mono.fromFuture(() -> this.locks.releaseAsync(token, lock, owner));
	}

	private Mono<Void> awaitRelease(String token, String lock) {
		return Mono.fromFuture(() -> this.locks.isHeldAsync(token, lock))
			.flatMap((held) -> held ? Mono.delay(AccessTokenRefresh.POLL).then(Mono.error(new StillHeld()))
					: Mono.<Void>empty())
			.retryWhen(Retry.indefinitely().filter(StillHeld.class::isInstance))
			.timeout(AccessTokenRefresh.LOCK_TIME_TO_LIVE, Mono.empty());
	}

	/**
	 * Replace this request's copy of the authorized clients with what the store holds
	 * now, which another node may have refreshed since this request loaded the session.
	 */
	private Mono<Void> adoptStored(WebSession session, String token) {
		return Mono.fromFuture(() -> this.store.peekAsync(token)).doOnNext((stored) -> {
			Object clients = stored.getAttribute(AUTHORIZED_CLIENTS);
			if (clients != null) {
				session.getAttributes().put(AUTHORIZED_CLIENTS, clients);
			}
		}).then();
	}

	private static final class StillHeld extends RuntimeException {

		StillHeld() {
			super(null, null, false, false);
		}

	}

}
