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
import java.util.List;

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
 * "Keep me signed in on this device" in a real headless Chromium: the browser is signed
 * in again after its session's absolute timeout (8 hours), but not as a fresh login, and
 * "Your sessions" lists the device and forgets it. The session store's clock is moved by
 * the test. Bob, not alice: these tests share the running sample with
 * {@link RecentAuthenticationBrowserTests}, which changes alice's password.
 *
 * @author session-starter
 */
@SampleApplicationTest
@Import(MovableClockConfiguration.class)
class RememberDeviceBrowserTests {

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Test
	void aKeptSignInOutlivesTheAbsoluteTimeoutButThePasswordChangeAsksForThePassword() {
		SamplePages bob = new SamplePages(this.browsers.open(), this.port).loginKeepingThisDevice("bob")
			.visit("/account");
		String session = bob.sessionToken();
		String credential = bob.deviceCredential();
		assertThat(credential).as("the device's cookie").isNotNull();

		this.clock.advance(Duration.ofHours(9));
		bob.visit("/account");
		assertThat(bob.path()).as("signed in again, no login page").isEqualTo("/account");
		assertThat(bob.driver().findElement(By.id("account-name")).getText()).isEqualTo("bob");
		assertThat(bob.sessionToken()).as("a new session").isNotEqualTo(session);
		assertThat(bob.deviceCredential()).as("and the next credential").isNotNull().isNotEqualTo(credential);

		changePassword(bob);
		assertThat(bob.path()).as("not a fresh login").startsWith("/login?factor.type=password&factor.reason=");
		assertThat(bob.driver().findElement(By.id("confirm-heading")).getText()).isEqualTo("Confirm it's you");
		assertThat(bob.driver().findElements(By.id("remember-device"))).as("no second device for a confirmation")
			.isEmpty();
		bob.driver().findElement(By.id("password")).sendKeys("password");
		bob.clickAndWait(By.id("sign-in"));
		assertThat(bob.path()).isEqualTo("/account");
		changePassword(bob);
		assertThat(bob.path()).as("now the change goes through").startsWith("/account/sessions?ended=");
		assertThat(bob.driver().findElements(By.id("no-devices"))).as("a password change forgets the device")
			.hasSize(1);
	}

	@Test
	void yourSessionsListsTheDeviceAndForgettingItSignsThatBrowserOut() {
		SamplePages laptop = new SamplePages(this.browsers.open(), this.port).loginKeepingThisDevice("bob");
		SamplePages phone = new SamplePages(this.browsers.open(), this.port).login("bob").visit("/account/sessions");
		List<WebElement> devices = phone.driver().findElements(By.cssSelector("#devices tr.device"));
		assertThat(devices).singleElement()
			.satisfies((device) -> assertThat(device.getDomAttribute("data-reference")).startsWith("device:")
				.doesNotContain(laptop.deviceCredential().substring(0, 43)));
		assertThat(phone.driver().findElements(By.cssSelector("#sessions tr.session td.remembered")))
			.extracting(WebElement::getText)
			.as("the laptop's session belongs to the device, the phone's does not")
			.containsExactlyInAnyOrder("yes", "");
		assertThat(phone.driver().findElements(By.cssSelector("#devices tr.current-device")))
			.as("the phone is not the remembered device")
			.isEmpty();
		laptop.visit("/account/sessions");
		assertThat(laptop.driver().findElements(By.cssSelector("#devices tr.current-device span.current")))
			.as("the laptop sees its own device marked")
			.singleElement()
			.satisfies((marker) -> assertThat(marker.getText()).isEqualTo("This device"));

		phone.clickAndWait(By.cssSelector("#devices tr.device button.forget"));
		assertThat(phone.driver().findElements(By.id("no-devices"))).hasSize(1);
		assertThat(phone.driver().findElements(By.cssSelector("#sessions tr.session"))).as("only the phone's is left")
			.hasSize(1);
		laptop.visit("/account");
		assertThat(laptop.isLoginPage()).as("the laptop is signed out and not signed in again").isTrue();
		assertThat(laptop.deviceCredential()).as("its dead credential is cleared").isNull();
	}

	private static void changePassword(SamplePages pages) {
		// The same password again, so that the demo users keep theirs for other tests.
		pages.driver().findElement(By.id("current-password")).sendKeys("password");
		pages.driver().findElement(By.id("new-password")).sendKeys("password");
		pages.clickAndWait(By.id("change-password"));
	}

}
