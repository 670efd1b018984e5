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

package dev.sessionstarter.servlet.freshness;

import dev.sessionstarter.core.freshness.AuthenticationProofs;
import dev.sessionstarter.core.freshness.RecentAuthenticationDecision;
import dev.sessionstarter.core.freshness.RecentAuthenticationRule;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Authorization rules that ask for a recent authentication before a sensitive route
 * (OWASP ASVS 5.0 V7.5: re-authentication before changing sensitive account data or
 * performing highly sensitive operations): <pre class="code">
 * http.authorizeHttpRequests((requests) -&gt; requests
 *     .requestMatchers("/account/password").access(recent.recentAuthentication(Duration.ofMinutes(5)))
 *     .anyRequest().authenticated());
 * </pre>
 *
 * <p>
 * A rule grants access to a signed-in user whose session recorded a proof of a factor
 * (see {@link AuthenticationProofs}) within the given age, judged by the store's clock;
 * with factors named, each of them must have been proven that recently. Otherwise it
 * denies with a {@link RecentAuthenticationDecision} naming the factors that are missing
 * or expired, which {@link RecentAuthenticationFilter} turns into a re-authentication
 * (pages) or a {@code 401} (API calls). Anonymous requests are denied plainly, so they go
 * to the application's login as before.
 *
 * <p>
 * Spring Security's own {@code AllRequiredFactorsAuthorizationManager} judges the issue
 * times of factor authorities against the system clock; these rules read the proofs the
 * session recorded instead, which know an OpenID Connect login's {@code auth_time} and
 * follow the store's clock.
 *
 * @author session-starter
 */
public final class RecentAuthentication {

	private final Clock clock;

	/**
	 * Create rules that judge proofs by the given clock (the store's).
	 * @param clock the clock
	 */
	public RecentAuthentication(Clock clock) {
		this.clock = clock;
	}

	/**
	 * A rule that asks for any factor proven within {@code maxAge}.
	 * @param maxAge how recent a proof must be
	 * @return the rule
	 */
	public AuthorizationManager<RequestAuthorizationContext> recentAuthentication(Duration maxAge) {
		return recentAuthentication(maxAge, new String[0]);
	}

	/**
	 * A rule that asks for each of the given factors proven within {@code maxAge}.
	 * @param maxAge how recent a proof must be
	 * @param factors factor authorities, e.g.
	 * {@link FactorGrantedAuthority#PASSWORD_AUTHORITY}; none for any factor
	 * @return the rule
	 */
	public AuthorizationManager<RequestAuthorizationContext> recentAuthentication(Duration maxAge, String... factors) {
		RecentAuthenticationRule rule = new RecentAuthenticationRule(maxAge, factors);
		return (authentication, context) -> {
			HttpSession session = context.getRequest().getSession(false);
			return rule.decide(authentication.get(),
					(session != null) ? session.getAttribute(AuthenticationProofs.ATTRIBUTE) : null,
					this.clock.instant());
		};
	}

	/**
	 * Record in a session when the factors of an authentication that is being saved into
	 * it were proven (see {@link AuthenticationProofs}), writing only what changed.
	 * @param before the authentication the session held, if any
	 * @param after the authentication being saved
	 * @param session the session
	 * @param clock the store's clock
	 */
	public static void recordProofs(@Nullable Authentication before, Authentication after, HttpSession session,
			Clock clock) {
		Object stored = session.getAttribute(AuthenticationProofs.ATTRIBUTE);
		String proofs = AuthenticationProofs.recorded(before, after, stored, clock);
		if (!Objects.equals(proofs, stored)) {
			if (proofs != null) {
				session.setAttribute(AuthenticationProofs.ATTRIBUTE, proofs);
			}
			else {
				session.removeAttribute(AuthenticationProofs.ATTRIBUTE);
			}
		}
	}

}
