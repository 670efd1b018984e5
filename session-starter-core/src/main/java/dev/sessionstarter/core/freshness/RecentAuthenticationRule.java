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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.RequiredFactor;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.util.Assert;

/**
 * One rule that asks for a recent authentication, judged the same on servlet and reactive
 * nodes: a signed-in user whose session recorded a proof of a factor (see
 * {@link AuthenticationProofs}) within the rule's age is granted; with factors named,
 * each of them must have been proven that recently. Otherwise the rule denies with a
 * {@link RecentAuthenticationDecision} naming the factors that are missing or expired.
 * Anonymous requests are denied plainly, so they go to the application's login as before.
 *
 * @author session-starter
 */
public final class RecentAuthenticationRule {

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final Duration maxAge;

	private final List<String> required;

	/**
	 * Create a rule.
	 * @param maxAge how recent a proof must be
	 * @param factors factor authorities, e.g.
	 * {@link FactorGrantedAuthority#PASSWORD_AUTHORITY}; none for any factor
	 */
	public RecentAuthenticationRule(Duration maxAge, String... factors) {
		Assert.isTrue(!maxAge.isNegative() && !maxAge.isZero(), "maxAge must be positive");
		this.maxAge = maxAge;
		this.required = List.of(factors);
	}

	/**
	 * Judge a request.
	 * @param authentication the request's authentication, if any
	 * @param storedProofs the session's {@link AuthenticationProofs#ATTRIBUTE} value, if
	 * any
	 * @param now the store's time
	 * @return a granting {@link RecentAuthenticationDecision}, a denying one, or a plain
	 * denial for an anonymous request
	 */
	public AuthorizationResult decide(@Nullable Authentication authentication, @Nullable Object storedProofs,
			Instant now) {
		if (authentication == null || !trustResolver.isAuthenticated(authentication)) {
			return new AuthorizationDecision(false);
		}
		Map<String, Instant> proofs = AuthenticationProofs.read(storedProofs, authentication);
		Instant oldest = now.minus(this.maxAge);
		List<RequiredFactorError> errors = new ArrayList<>();
		if (this.required.isEmpty()) {
			if (proofs.values().stream().anyMatch((proven) -> !proven.isBefore(oldest))) {
				return new RecentAuthenticationDecision(List.of(), this.maxAge);
			}
			for (String factor : AuthenticationProofs.factors(authentication)) {
				errors.add(RequiredFactorError.createExpired(factor(factor)));
			}
			if (errors.isEmpty()) {
				errors.add(RequiredFactorError.createMissing(factor(FactorGrantedAuthority.PASSWORD_AUTHORITY)));
			}
			return new RecentAuthenticationDecision(errors, this.maxAge);
		}
		Set<String> held = AuthenticationProofs.factors(authentication);
		for (String factor : this.required) {
			Instant proven = proofs.get(factor);
			if (proven == null && !held.contains(factor)) {
				errors.add(RequiredFactorError.createMissing(factor(factor)));
			}
			else if (proven == null || proven.isBefore(oldest)) {
				errors.add(RequiredFactorError.createExpired(factor(factor)));
			}
		}
		return new RecentAuthenticationDecision(errors, this.maxAge);
	}

	private RequiredFactor factor(String authority) {
		return RequiredFactor.withAuthority(authority).validDuration(this.maxAge).build();
	}

}
