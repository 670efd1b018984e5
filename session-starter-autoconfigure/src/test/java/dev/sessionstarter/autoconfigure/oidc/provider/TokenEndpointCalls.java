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

package dev.sessionstarter.autoconfigure.oidc.provider;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Counts the requests to the provider's token endpoint by grant type, and those it
 * refused. Both are counted before the answer leaves the provider, so a test that has its
 * response has its count.
 */
public final class TokenEndpointCalls {

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();

	/**
	 * Requests with the given grant type since the last reset.
	 * @param grantType e.g. {@code authorization_code}, {@code refresh_token}
	 * @return how many
	 */
	public int requests(String grantType) {
		return count(this.requests, grantType);
	}

	/**
	 * Requests with the given grant type that the provider answered with an error.
	 * @param grantType e.g. {@code refresh_token}
	 * @return how many
	 */
	public int refused(String grantType) {
		return count(this.refused, grantType);
	}

	/**
	 * Requests of every grant type since the last reset.
	 * @return how many
	 */
	public int total() {
		return this.requests.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	/**
	 * Forget every count.
	 */
	public void reset() {
		this.requests.clear();
		this.refused.clear();
	}

	Filter filter() {
		return (request, response, chain) -> {
			String grantType = String.valueOf(request.getParameter("grant_type"));
			increment(this.requests, grantType);
			chain.doFilter(request, new RefusalRecorder((HttpServletResponse) response, grantType));
		};
	}

	private static int count(Map<String, AtomicInteger> counts, String grantType) {
		AtomicInteger count = counts.get(grantType);
		return (count != null) ? count.get() : 0;
	}

	private static void increment(Map<String, AtomicInteger> counts, String grantType) {
		counts.computeIfAbsent(grantType, (key) -> new AtomicInteger()).incrementAndGet();
	}

	/**
	 * Sees the error status when it is set, before any of the body is written.
	 */
	private final class RefusalRecorder extends HttpServletResponseWrapper {

		private final String grantType;

		private boolean recorded;

		RefusalRecorder(HttpServletResponse response, String grantType) {
			super(response);
			this.grantType = grantType;
		}

		@Override
		public void setStatus(int status) {
			record(status);
			super.setStatus(status);
		}

		@Override
		public void sendError(int status) throws IOException {
			record(status);
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			record(status);
			super.sendError(status, message);
		}

		private void record(int status) {
			if (status >= 400 && !this.recorded) {
				this.recorded = true;
				increment(TokenEndpointCalls.this.refused, this.grantType);
			}
		}

	}

}
