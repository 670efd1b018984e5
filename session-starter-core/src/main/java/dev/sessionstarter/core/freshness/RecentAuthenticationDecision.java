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

package dev.sessionstarter.core.freshness;

import java.time.Duration;
import java.util.List;

import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactorError;

/**
 * A denial for want of a recent enough authentication: Spring Security's
 * {@link FactorAuthorizationDecision} (so its own handlers read the factors that are
 * missing or expired), with the age that was asked for.
 *
 * @author session-starter
 */
public class RecentAuthenticationDecision extends FactorAuthorizationDecision {

	private static final long serialVersionUID = 1L;

	private final Duration maxAge;

	/**
	 * Create a new decision.
	 * @param factorErrors the factors that are missing or were proven too long ago; empty
	 * to grant
	 * @param maxAge how recent a proof had to be
	 */
	public RecentAuthenticationDecision(List<RequiredFactorError> factorErrors, Duration maxAge) {
		super(factorErrors);
		this.maxAge = maxAge;
	}

	/**
	 * How recent a proof had to be.
	 * @return the age
	 */
	public Duration getMaxAge() {
		return this.maxAge;
	}

}
