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
package dev.sessionstarter.reactive.freshness;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.sessionstarter.core.freshness.AuthenticationProofs;
import dev.sessionstarter.core.freshness.RecentAuthenticationDecision;
import dev.sessionstarter.core.freshness.RecentAuthenticationRule;
import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.server.authorization.AuthorizationContext;

/**
 * Authorization rules that ask for a recent authentication before a sensitive route, the
 * reactive counterpart of the servlet {@code RecentAuthentication} (OWASP ASVS 5.0 V7.5):
 * <pre class="code">
 * http.authorizeExchange((exchanges) -&gt; exchanges
 *     .pathMatchers("/account/password").access(recent.recentAuthentication(Duration.ofMinutes(5)))
 *     .anyExchange().authenticated());
 * </pre>
 *
 * <p>
 * A rule judges the proofs the session recorded at login ({@link AuthenticationProofs})
 * by the store's clock, as {@link RecentAuthenticationRule} says. Spring Security's
 * reactive authorization filter answers every denial with a plain
 * {@code AccessDeniedException}; a denial for want of a recent login is signalled here as
 * an {@link AuthorizationDeniedException} carrying its
 * {@link RecentAuthenticationDecision} instead, which
 * {@link ServerRecentAuthenticationWebFilter} turns into a re-authentication (pages) or a
 * {@code 401} (API calls). Without that filter it is an ordinary access denial. Being an
 * error rather than a denying decision, it ends the check: a rule combined with others
 * (Spring Security's {@code anyOf}) denies whatever the others decide, which fails
 * closed.
 *
 * @author session-starter
 */
public final class ServerRecentAuthentication {

	private final Clock clock;

	/**
	 * Create rules that judge proofs by the given clock (the store's).
	 * @param clock the clock
	 */
	public ServerRecentAuthentication(Clock clock) {
		this.clock = clock;
	}

	/**
	 * A rule that asks for any factor proven within {@code maxAge}.
	 * @param maxAge how recent a proof must be
	 * @return the rule
	 */
	public ReactiveAuthorizationManager<AuthorizationContext> recentAuthentication(Duration maxAge) {
		return recentAuthentication(maxAge, new String[0]);
	}

	/**
	 * A rule that asks for each of the given factors proven within {@code maxAge}.
	 * @param maxAge how recent a proof must be
	 * @param factors factor authorities, e.g.
	 * {@link FactorGrantedAuthority#PASSWORD_AUTHORITY}; none for any factor
	 * @return the rule
	 */
	public ReactiveAuthorizationManager<AuthorizationContext> recentAuthentication(Duration maxAge, String... factors) {
		RecentAuthenticationRule rule = new RecentAuthenticationRule(maxAge, factors);
		return (authentication, context) -> authentication.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.zipWith(context.getExchange().getSession())
			.flatMap((found) -> {
				AuthorizationResult result = rule.decide(found.getT1().orElse(null),
						found.getT2().getAttributes().get(AuthenticationProofs.ATTRIBUTE), this.clock.instant());
				if (result instanceof RecentAuthenticationDecision decision && !decision.isGranted()) {
					return Mono
						.error(new AuthorizationDeniedException("A recent authentication is required", decision));
				}
				return Mono.just(result);
			});
	}

}
