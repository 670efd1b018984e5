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
package dev.sessionstarter.sample;

import dev.sessionstarter.test.Browsers;
import dev.sessionstarter.core.store.RedisSessionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Sign in with the identity provider" in a real headless Chromium, against the OpenID
 * Provider the sample starts itself: the browser signs in on the provider's page, comes
 * back signed in, and at logout ends both sessions, the sample's in Redis first and then
 * the provider's through its end_session_endpoint.
 *
 * @author session-starter
 */
@SampleApplicationTest
class IdentityProviderBrowserTests {

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Value("${spring.security.oauth2.client.provider.idp.issuer-uri}")
	String issuer;

	@Autowired
	RedisSessionStore store;

	@Test
	void signInAtTheProviderShowsItInYourSessionsAndLogoutEndsBothSessions() {
		SamplePages alice = new SamplePages(this.browsers.open(), this.port).visit("/login");
		alice.clickAndWait(By.id("idp-login"));
		assertThat(alice.driver().getCurrentUrl()).as("the provider's login page").isEqualTo(this.issuer + "/login");
		alice.loginAtIdentityProvider("alice");
		assertThat(alice.path()).as("back at the sample, signed in").isEqualTo("/");
		assertThat(alice.driver().findElement(By.id("signed-in-as")).getText()).isEqualTo("Signed in as alice");

		alice.visit("/account/sessions");
		assertThat(alice.driver().findElement(By.cssSelector("tr.current-session td.signed-in-with")).getText())
			.isEqualTo("idp");
		String token = alice.sessionToken();
		assertThat(this.store.findById(token)).as("the session in Redis").isNotNull();

		alice.navigations();
		alice.clickAndWait(By.id("logout"));
		assertThat(alice.navigations()).as("where logout sent the browser")
			.containsExactly(base() + "/logout", this.issuer + "/connect/logout", base() + "/login");
		assertThat(alice.path()).isEqualTo("/login?logout");
		assertThat(this.store.findById(token)).as("the session in Redis after logout").isNull();

		// The provider ended its own session too: signing in with it asks for the
		// password again, instead of signing alice straight back in.
		alice.clickAndWait(By.id("idp-login"));
		assertThat(alice.driver().getCurrentUrl()).as("the provider's login page").isEqualTo(this.issuer + "/login");
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
