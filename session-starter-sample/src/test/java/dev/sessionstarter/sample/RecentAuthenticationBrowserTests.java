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

import java.time.Duration;

import dev.sessionstarter.test.Browsers;
import dev.sessionstarter.test.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Sudo mode" in a real headless Chromium: a password change needs a sign-in within the
 * last 5 minutes. The session store's clock is moved by the test, so the sign-in gets old
 * without waiting.
 *
 * @author session-starter
 */
@SampleApplicationTest
@Import(MovableClockConfiguration.class)
class RecentAuthenticationBrowserTests {

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Test
	void anOldSignInIsAskedForThePasswordBeforeAPasswordChangeAndComesBackToTheForm() {
		SamplePages alice = new SamplePages(this.browsers.open(), this.port).login("alice").visit("/account");
		this.clock.advance(Duration.ofMinutes(6));
		String before = alice.sessionToken();
		changePassword(alice, "password", "a-new-passphrase");

		assertThat(alice.path()).isEqualTo("/login?factor.type=password&factor.reason=expired");
		assertThat(alice.driver().findElement(By.id("confirm-heading")).getText()).isEqualTo("Confirm it's you");
		WebElement username = alice.driver().findElement(By.id("username"));
		assertThat(username.getDomProperty("value")).isEqualTo("alice");
		assertThat(username.getDomAttribute("readonly")).as("another user cannot sign in here").isNotNull();
		alice.driver().findElement(By.id("password")).sendKeys("password");
		alice.clickAndWait(By.id("sign-in"));

		assertThat(alice.path()).as("back on the page of the form, which was not sent again").isEqualTo("/account");
		assertThat(alice.sessionToken()).as("a new token").isNotEqualTo(before);
		changePassword(alice, "password", "a-new-passphrase");
		assertThat(alice.path()).as("the password was still the old one").isEqualTo("/account/sessions?ended=0");
	}

	@Test
	void aFreshSignInStepsUpWithoutBeingAskedAgain() {
		SamplePages alice = new SamplePages(this.browsers.open(), this.port).login("alice").visit("/account");
		this.clock.advance(Duration.ofMinutes(4));
		alice.clickAndWait(By.id("step-up"));
		assertThat(alice.path()).isEqualTo("/admin");
		assertThat(alice.driver().findElement(By.id("admin-roles")).getText()).contains("ROLE_ADMIN");
	}

	private static void changePassword(SamplePages pages, String current, String next) {
		pages.driver().findElement(By.id("current-password")).sendKeys(current);
		pages.driver().findElement(By.id("new-password")).sendKeys(next);
		pages.clickAndWait(By.id("change-password"));
	}

}
