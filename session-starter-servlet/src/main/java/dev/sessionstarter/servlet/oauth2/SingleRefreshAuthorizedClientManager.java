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
package dev.sessionstarter.servlet.oauth2;

import java.time.Clock;

import dev.sessionstarter.core.oauth2.AccessTokenRefresh;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionLocks;
import dev.sessionstarter.core.store.StoredSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;

/**
 * Refreshes a session's expired access token once, whichever node and however many
 * parallel requests need it. Without it every request that finds the token expired
 * refreshes it with the identity provider; with refresh-token rotation all but the first
 * of those refreshes present a used refresh token, which the provider refuses and may
 * treat as theft.
 *
 * <p>
 * A request that finds the token about to expire takes a short lock of its session in
 * Redis ({@link SessionLocks}), reads the authorized clients the store holds now (another
 * node may have refreshed them already), refreshes only if they still need it, writes the
 * result to the store before it releases the lock, and goes on. A request that finds the
 * lock taken waits for its release and then uses what the store holds. Requests whose
 * token is fresh take no lock and cost nothing more. The session token does not change.
 *
 * <p>
 * Works with {@link HttpSessionOAuth2AuthorizedClientRepository}, which keeps authorized
 * clients in the session.
 *
 * @author session-starter
 */
public class SingleRefreshAuthorizedClientManager implements OAuth2AuthorizedClientManager {

	/**
	 * Where {@link HttpSessionOAuth2AuthorizedClientRepository} keeps its map; its own
	 * constant is private.
	 */
	static final String AUTHORIZED_CLIENTS = HttpSessionOAuth2AuthorizedClientRepository.class.getName()
			+ ".AUTHORIZED_CLIENTS";

	private final OAuth2AuthorizedClientManager delegate;

	private final RedisSessionStore store;

	private final SessionLocks locks;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a manager.
	 * @param delegate the manager that authorizes and refreshes (usually a
	 * {@code DefaultOAuth2AuthorizedClientManager} over the session-backed repository)
	 * @param store the session store
	 */
	public SingleRefreshAuthorizedClientManager(OAuth2AuthorizedClientManager delegate, RedisSessionStore store) {
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
	public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest request) {
		HttpServletRequest servletRequest = request.getAttribute(HttpServletRequest.class.getName());
		HttpSession session = (servletRequest != null) ? servletRequest.getSession(false) : null;
		OAuth2AuthorizedClient current = request.getAuthorizedClient();
		if (session == null || !((current != null) ? AccessTokenRefresh.isDue(current, this.clock) : AccessTokenRefresh
			.isDueInSession(session.getAttribute(AUTHORIZED_CLIENTS), request.getClientRegistrationId(), this.clock))) {
			return this.delegate.authorize(request);
		}
		String token = session.getId();
		String lock = AccessTokenRefresh.lockName(request.getClientRegistrationId());
		String owner = this.locks.tryAcquire(token, lock, AccessTokenRefresh.LOCK_TIME_TO_LIVE);
		if (owner == null) {
			awaitRelease(token, lock);
			adoptStored(session, token);
			return this.delegate.authorize(request);
		}
		try {
			adoptStored(session, token);
			OAuth2AuthorizedClient result = this.delegate.authorize(request);
			writeNow(token);
			return result;
		}
		finally {
			this.locks.release(token, lock, owner);
		}
	}

	private void awaitRelease(String token, String lock) {
		long deadline = System.nanoTime() + AccessTokenRefresh.LOCK_TIME_TO_LIVE.toNanos();
		while (this.locks.isHeld(token, lock) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(AccessTokenRefresh.POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Replace this request's copy of the authorized clients with what the store holds
	 * now, which another node may have refreshed since this request loaded the session.
	 */
	private void adoptStored(HttpSession session, String token) {
		StoredSession stored = this.store.peek(token);
		Object clients = (stored != null) ? stored.getAttribute(AUTHORIZED_CLIENTS) : null;
		if (clients != null) {
			session.setAttribute(AUTHORIZED_CLIENTS, clients);
		}
	}

	/**
	 * Write the refreshed clients before the lock is released, so that a waiting request
	 * reads them; the end of this request then has nothing left to write.
	 */
	private void writeNow(String token) {
		StoredSession session = this.store.findById(token);
		if (session != null) {
			this.store.save(session);
		}
	}

}
