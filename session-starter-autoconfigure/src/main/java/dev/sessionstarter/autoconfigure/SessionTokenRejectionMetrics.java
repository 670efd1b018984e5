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

package dev.sessionstarter.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.sessionstarter.core.web.SessionTokenResolver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Counts presented session tokens that were refused before any store call in
 * {@value #REJECTED}, tagged {@code reason}: {@code malformed} (not exactly a token's
 * length and alphabet), {@code ambiguous} (two different tokens in one request) or
 * {@code duplicate-authorization} (more than one {@code Authorization} header). Every
 * reason exists from the start at zero. A rising count is someone guessing or fuzzing
 * tokens; it needs no Redis call to notice, and none is made.
 *
 * @author session-starter
 */
public class SessionTokenRejectionMetrics implements SessionTokenResolver.RejectionListener {

	/** The name of the rejected-token counters. */
	public static final String REJECTED = "session.starter.tokens.rejected";

	private static final String[] REASONS = { "malformed", "ambiguous", "duplicate-authorization" };

	private final Map<String, Counter> counters;

	/**
	 * Create the counters in a registry.
	 * @param registry the registry
	 */
	public SessionTokenRejectionMetrics(MeterRegistry registry) {
		Map<String, Counter> counters = new HashMap<>();
		for (String reason : REASONS) {
			counters.put(reason,
					Counter.builder(REJECTED)
						.description("Presented session tokens refused without a store call")
						.tag("reason", reason)
						.register(registry));
		}
		this.counters = Map.copyOf(counters);
	}

	@Override
	public void rejected(HttpServletRequest request, String reason) {
		Counter counter = this.counters.get(reason);
		if (counter != null) {
			counter.increment();
		}
	}

}
