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

package dev.sessionstarter.core.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sessionstarter.core.signal.FailureBurstMonitor;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;

import static org.assertj.core.api.Assertions.assertThat;

class LoginFailureListenerTests {

	private final List<Object> published = new ArrayList<>();

	private final LoginFailureListener listener = new LoginFailureListener(
			new FailureBurstMonitor(this.published::add, 1, Duration.ofMinutes(5)));

	@Test
	void aFailedUsernameAndPasswordCountsForTheUser() {
		this.listener.onApplicationEvent(new AuthenticationFailureBadCredentialsEvent(
				UsernamePasswordAuthenticationToken.unauthenticated("alice", "wrong"),
				new BadCredentialsException("")));
		assertThat(this.published).hasSize(1);
	}

	@Test
	void otherFailedAuthenticationsAreNotCountedSinceTheirNameMayBeTheCredential() {
		this.listener.onApplicationEvent(new AuthenticationFailureBadCredentialsEvent(
				new TestingAuthenticationToken("a-bearer-token-value", null), new BadCredentialsException("")));
		assertThat(this.published).isEmpty();
	}

}
