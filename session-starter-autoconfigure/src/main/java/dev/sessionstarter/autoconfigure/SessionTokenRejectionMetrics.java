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

import java.util.EnumMap;
import java.util.Map;

import dev.sessionstarter.core.token.TokenRejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts presented session tokens that were refused before any store call in
 * {@value #REJECTED}, once per request, tagged {@code reason} (the
 * {@linkplain TokenRejection#tagValue() tag value} of each {@link TokenRejection}:
 * {@code malformed}, {@code ambiguous}, {@code duplicate-authorization}). Every reason
 * exists from the start at zero. A rising count means guessed, fuzzed or tossed cookies
 * and headers; noticing it costs no Redis call. The servlet and the reactive token
 * resolvers report to it through a listener each, which the auto-configuration defines.
 *
 * @author session-starter
 */
public class SessionTokenRejectionMetrics {

	/** The name of the rejected-token counters. */
	public static final String REJECTED = "session.starter.tokens.rejected";

	private final Map<TokenRejection, Counter> counters = new EnumMap<>(TokenRejection.class);

	/**
	 * Create the counters in a registry.
	 * @param registry the registry
	 */
	public SessionTokenRejectionMetrics(MeterRegistry registry) {
		for (TokenRejection reason : TokenRejection.values()) {
			this.counters.put(reason,
					Counter.builder(REJECTED)
						.description("Presented session tokens refused without a store call")
						.tag("reason", reason.tagValue())
						.register(registry));
		}
	}

	/**
	 * Count a rejected token.
	 * @param reason why it was rejected
	 */
	public void rejected(TokenRejection reason) {
		this.counters.get(reason).increment();
	}

}
