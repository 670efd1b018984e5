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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server ends an idle session, and the browser finds out at its next click.
 *
 * @author session-starter
 */
@SampleApplicationTest
@TestPropertySource(properties = { "session-starter.timeout.idle=2s", "session-starter.timeout.absolute=1h",
		"session-starter.timeout.touch-interval=0s" })
class IdleTimeoutBrowserTests {

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Test
	void idleSessionEndsOnTheServer() throws InterruptedException {
		SamplePages alice = new SamplePages(this.browsers.open(), this.port).login("alice").visit("/account");
		assertThat(alice.path()).isEqualTo("/account");
		Thread.sleep(3000);
		alice.clickAndWait(By.id("account-link"));
		assertThat(alice.isLoginPage()).as("after idling the browser shows %s", alice.path()).isTrue();
	}

}
