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

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A login into a signed-in session: the same user only, and for an identity provider's
 * login, proof that the provider asked for the user's credentials again.
 *
 * @author session-starter
 */
class ReauthenticationStrategyTests {

	private static final Duration SKEW = Duration.ofSeconds(60);

	private final ReauthenticationStrategy strategy = new ReauthenticationStrategy(false, SKEW);

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aFirstLoginIsLeftToTheOtherStrategies() {
		String id = this.request.getSession().getId();
		login(password("alice"));
		assertThat(this.request.getSession().getId()).isEqualTo(id);
	}

	@Test
	void theSameUserSigningInAgainGetsANewSessionId() {
		signedIn(password("alice"));
		String id = this.request.getSession().getId();
		login(password("alice"));
		assertThat(this.request.getSession().getId()).isNotEqualTo(id);
	}

	@Test
	void anotherUserIsRefused() {
		signedIn(password("alice"));
		assertThatExceptionOfType(SessionAuthenticationException.class).isThrownBy(() -> login(password("bob")))
			.withMessageContaining("another user");
	}

	@Test
	void aProviderLoginWithoutAuthTimeIsRefused() {
		signedIn(AuthenticationProofsTests.oidc("alice", Instant.now().minus(Duration.ofHours(1))));
		assertThatExceptionOfType(SessionAuthenticationException.class)
			.isThrownBy(() -> login(AuthenticationProofsTests.oidc("alice", null)))
			.withMessageContaining("no auth_time");
	}

	@Test
	void aProviderLoginThatKeptTheEarlierAuthTimeIsRefused() {
		// Silent single sign-on: the provider answered without asking again.
		Instant earlier = Instant.now().minusSeconds(10);
		signedIn(AuthenticationProofsTests.oidc("alice", earlier));
		assertThatExceptionOfType(SessionAuthenticationException.class)
			.isThrownBy(() -> login(AuthenticationProofsTests.oidc("alice", earlier)))
			.withMessageContaining("did not ask for the user's credentials again");
	}

	@Test
	void aProviderLoginWhoseAuthTimeIsOlderThanTheSkewIsRefused() {
		signedIn(AuthenticationProofsTests.oidc("alice", Instant.now().minus(Duration.ofHours(2))));
		Instant stale = Instant.now().minus(SKEW).minusSeconds(30);
		assertThatExceptionOfType(SessionAuthenticationException.class)
			.isThrownBy(() -> login(AuthenticationProofsTests.oidc("alice", stale)));
	}

	@Test
	void aProviderLoginWithAFreshAuthTimeIsAccepted() {
		signedIn(AuthenticationProofsTests.oidc("alice", Instant.now().minus(Duration.ofHours(1))));
		String id = this.request.getSession().getId();
		assertThatNoException()
			.isThrownBy(() -> login(AuthenticationProofsTests.oidc("alice", Instant.now().minusSeconds(2))));
		assertThat(this.request.getSession().getId()).isNotEqualTo(id);
	}

	private void signedIn(Authentication authentication) {
		SecurityContextHolder.setContext(new SecurityContextImpl(authentication));
	}

	private void login(Authentication authentication) {
		this.strategy.onAuthentication(authentication, this.request, new MockHttpServletResponse());
	}

	private static Authentication password(String name) {
		return UsernamePasswordAuthenticationToken.authenticated(name, null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
	}

}
