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

package dev.sessionstarter.servlet;

import java.io.IOException;
import java.time.Duration;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionStoreUnavailableEvent;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionStoreUnavailableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 503 Service Unavailable} with {@code Retry-After} when a request needs
 * its session and the store cannot be reached. Treating such a request as having no
 * session would log users out during an outage (and may start a fresh session in their
 * name); failing closed keeps both from happening. Requests that never touch the session
 * are not affected. Must run outside the session repository filter.
 *
 * <p>
 * It also bounds the store's per-request memory of loaded sessions to the request (see
 * {@link RedisSessionStore#openRequestScope()}) and binds the request's client to the
 * thread for session events ({@link SessionEventContext#current()}): it wraps Spring
 * Session's commit after the response, where rotations and logouts reach the store. Each
 * 503 is announced with a {@link SessionStoreUnavailableEvent} through the store.
 *
 * @author session-starter
 */
public class SessionStoreUnavailableFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(SessionStoreUnavailableFilter.class);

	private final Duration retryAfter;

	private final @Nullable RedisSessionStore store;

	/**
	 * Create a new filter.
	 * @param retryAfter the delay suggested to clients
	 * @param store the store whose {@linkplain RedisSessionStore#openRequestScope()
	 * request scope} this filter opens around each request, or {@code null}
	 */
	public SessionStoreUnavailableFilter(Duration retryAfter, @Nullable RedisSessionStore store) {
		this.retryAfter = retryAfter;
		this.store = store;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try (RedisSessionStore.RequestScope scope = openScope();
				SessionEventContext.Binding client = SessionEventContext
					.bind(() -> ServletClientDevice.eventContext(request))) {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			SessionStoreUnavailableException unavailable = SessionStoreUnavailableException.in(ex);
			if (unavailable == null || response.isCommitted()) {
				throw ex;
			}
			logger.warn("Session store unavailable, answering 503: " + unavailable.getMessage());
			if (this.store != null) {
				this.store.publishEvent(new SessionStoreUnavailableEvent(this,
						ServletClientDevice.eventContext(request), unavailable.causeName()));
			}
			response.reset();
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, this.retryAfter.toSeconds())));
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		}
	}

	private RedisSessionStore.RequestScope openScope() {
		return (this.store != null) ? this.store.openRequestScope() : () -> {
		};
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
