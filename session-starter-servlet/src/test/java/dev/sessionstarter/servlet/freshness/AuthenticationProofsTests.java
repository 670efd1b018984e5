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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.test.MovableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a session records of when its factors were proven, and how
 * {@link RecentAuthentication} judges it. The clock is moved by the test.
 */
class AuthenticationProofsTests {

	private final MovableClock clock = new MovableClock();

	private final MockHttpSession session = new MockHttpSession();

	private final RecentAuthentication recent = new RecentAuthentication(this.clock);

	@Test
	void aLoginRecordsEachFactorAtTheStoresClock() {
		this.clock.advance(Duration.ofHours(3));
		Authentication login = user("alice", FactorGrantedAuthority.fromAuthority("FACTOR_PASSWORD"),
				FactorGrantedAuthority.fromAuthority("FACTOR_OTT"));
		RecentAuthentication.recordProofs(null, login, this.session, this.clock);
		assertThat(AuthenticationProofs.read(stored(), login)).containsOnlyKeys("FACTOR_PASSWORD", "FACTOR_OTT")
			.allSatisfy((factor, proven) -> assertThat(proven).isBetween(this.clock.instant().minusSeconds(5),
					this.clock.instant()));
	}

	@Test
	void aFactorCarriedOverByAStepUpKeepsItsProofAndANewLoginRenewsIt() {
		FactorGrantedAuthority password = FactorGrantedAuthority.fromAuthority("FACTOR_PASSWORD");
		Authentication login = user("alice", password);
		RecentAuthentication.recordProofs(null, login, this.session, this.clock);
		Instant first = AuthenticationProofs.read(stored(), login).get("FACTOR_PASSWORD");
		this.clock.advance(Duration.ofMinutes(10));

		Authentication steppedUp = user("alice", password, new SimpleGrantedAuthority("ROLE_ADMIN"));
		RecentAuthentication.recordProofs(login, steppedUp, this.session, this.clock);
		assertThat(AuthenticationProofs.read(stored(), steppedUp)).containsEntry("FACTOR_PASSWORD", first);

		Authentication again = user("alice",
				FactorGrantedAuthority.withAuthority("FACTOR_PASSWORD").issuedAt(Instant.now()).build());
		RecentAuthentication.recordProofs(steppedUp, again, this.session, this.clock);
		assertThat(AuthenticationProofs.read(stored(), again).get("FACTOR_PASSWORD")).isAfter(first);
	}

	@Test
	void proofsOfAnotherPrincipalOrInAnotherFormCountForNothing() {
		Authentication alice = user("alice", FactorGrantedAuthority.fromAuthority("FACTOR_PASSWORD"));
		RecentAuthentication.recordProofs(null, alice, this.session, this.clock);
		assertThat(AuthenticationProofs.read(stored(), user("bob"))).isEmpty();
		for (Object crafted : List.of("", "|alice", "PASSWORD=x|alice", "password=1|alice", "=1|alice",
				"PASSWORD=1;|alice", "PASSWORD=1", 42L)) {
			assertThat(AuthenticationProofs.read(crafted, alice)).as("%s", crafted).isEmpty();
		}
	}

	@Test
	void anOpenIdConnectLoginIsProvenWhenTheUserAuthenticatedAtTheProvider() {
		Instant authenticatedAt = Instant.now().minus(Duration.ofMinutes(20));
		Authentication oidc = oidc("alice", authenticatedAt);
		RecentAuthentication.recordProofs(null, oidc, this.session, this.clock);
		assertThat(AuthenticationProofs.read(stored(), oidc)).containsOnlyKeys("FACTOR_AUTHORIZATION_CODE")
			.hasValueSatisfying(new org.assertj.core.api.Condition<>(
					(proven) -> proven.isBefore(this.clock.instant().minus(Duration.ofMinutes(19))), "20 minutes ago"));
		assertThat(this.recent.recentAuthentication(Duration.ofMinutes(5)).authorize(() -> oidc, context()).isGranted())
			.isFalse();

		MockHttpSession other = new MockHttpSession();
		RecentAuthentication.recordProofs(null, oidc("bob", null), other, this.clock);
		assertThat(other.getAttribute(AuthenticationProofs.ATTRIBUTE)).as("no auth_time, no proof").isNull();
	}

	@Test
	void anyRecentFactorGrantsAndAStaleOneNamesTheFactorsAsExpired() {
		Authentication alice = user("alice", FactorGrantedAuthority.fromAuthority("FACTOR_PASSWORD"));
		RecentAuthentication.recordProofs(null, alice, this.session, this.clock);
		AuthorizationManager<RequestAuthorizationContext> rule = this.recent
			.recentAuthentication(Duration.ofMinutes(5));
		assertThat(rule.authorize(() -> alice, context()).isGranted()).isTrue();
		this.clock.advance(Duration.ofMinutes(5));

		AuthorizationResult stale = rule.authorize(() -> alice, context());
		assertThat(stale).isInstanceOfSatisfying(RecentAuthenticationDecision.class, (decision) -> {
			assertThat(decision.isGranted()).isFalse();
			assertThat(decision.getMaxAge()).isEqualTo(Duration.ofMinutes(5));
			assertThat(decision.getFactorErrors()).singleElement().satisfies((error) -> {
				assertThat(error.getRequiredFactor().getAuthority()).isEqualTo("FACTOR_PASSWORD");
				assertThat(error.isExpired()).isTrue();
			});
		});
	}

	@Test
	void eachNamedFactorMustBeRecentAndOneNeverProvenIsMissing() {
		FactorGrantedAuthority password = FactorGrantedAuthority.fromAuthority("FACTOR_PASSWORD");
		Authentication alice = user("alice", password);
		RecentAuthentication.recordProofs(null, alice, this.session, this.clock);
		AuthorizationResult result = this.recent
			.recentAuthentication(Duration.ofMinutes(5), "FACTOR_PASSWORD", "FACTOR_WEBAUTHN")
			.authorize(() -> alice, context());
		assertThat(((RecentAuthenticationDecision) result).getFactorErrors())
			.extracting((error) -> error.getRequiredFactor().getAuthority(), RequiredFactorError::isMissing)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("FACTOR_WEBAUTHN", true));
	}

	@Test
	void nobodySignedInIsDeniedPlainlySoTheLoginEntryPointApplies() {
		Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymous",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		AuthorizationResult result = this.recent.recentAuthentication(Duration.ofMinutes(5))
			.authorize(() -> anonymous, context());
		assertThat(result.isGranted()).isFalse();
		assertThat(result).isNotInstanceOf(RecentAuthenticationDecision.class);
	}

	private Object stored() {
		return this.session.getAttribute(AuthenticationProofs.ATTRIBUTE);
	}

	private RequestAuthorizationContext context() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setSession(this.session);
		return new RequestAuthorizationContext(request, Map.of());
	}

	private static Authentication user(String name, GrantedAuthority... authorities) {
		return UsernamePasswordAuthenticationToken.authenticated(name, null, List.of(authorities));
	}

	static Authentication oidc(String name, @Nullable Instant authenticatedAt) {
		OidcIdToken.Builder token = OidcIdToken.withTokenValue("id-token")
			.subject(name)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		if (authenticatedAt != null) {
			token.authTime(authenticatedAt);
		}
		DefaultOidcUser user = new DefaultOidcUser(AuthorityUtils.createAuthorityList("OIDC_USER"), token.build());
		return new OAuth2AuthenticationToken(user, user.getAuthorities(), "idp");
	}

}
