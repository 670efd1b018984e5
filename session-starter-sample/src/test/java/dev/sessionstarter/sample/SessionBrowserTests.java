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

import java.util.List;

import dev.sessionstarter.test.Browsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in a real headless Chromium: what a user sees of session-starter's cookie,
 * rotation, logout and revocation.
 *
 * @author session-starter
 */
@SampleApplicationTest
class SessionBrowserTests {

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	private SamplePages browser() {
		return new SamplePages(this.browsers.open(), this.port);
	}

	@Test
	void anonymousCartSurvivesLoginWhileTheTokenChanges() {
		SamplePages alice = browser();
		alice.addToCart("apple").addToCart("pear");
		String anonymousToken = alice.sessionToken();
		alice.login("alice");
		assertThat(alice.cartItems()).containsExactly("apple", "pear");
		assertThat(alice.sessionToken()).isNotEqualTo(anonymousToken);
	}

	@Test
	void sessionCookieIsHostPrefixedSecureHttpOnlyAndLax() {
		SamplePages alice = browser().login("alice");
		Cookie cookie = alice.sessionCookie();
		assertThat(cookie).isNotNull();
		assertThat(cookie.getName()).isEqualTo("__Host-SID");
		assertThat(cookie.isSecure()).isTrue();
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Lax");
		assertThat(cookie.getPath()).isEqualTo("/");
		Object visibleToScripts = ((JavascriptExecutor) alice.driver()).executeScript("return document.cookie;");
		assertThat(String.valueOf(visibleToScripts)).doesNotContain("__Host-SID");
	}

	@Test
	void afterLogoutNeitherBackNorAReplayedCookieReachesTheAccount() {
		SamplePages alice = browser().login("alice").visit("/account");
		assertThat(alice.path()).isEqualTo("/account");
		Cookie before = alice.sessionCookie();
		assertThat(before).isNotNull();
		alice.clickAndWait(By.id("logout"));
		assertThat(alice.path()).isEqualTo("/login?logout");
		assertThat(alice.driver().findElement(By.id("signed-out")).getText()).isEqualTo("You have been signed out.");
		alice.driver().navigate().back();
		assertThat(alice.isLoginPage()).as("Back after logout shows %s", alice.path()).isTrue();
		alice.visit("/account");
		assertThat(alice.isLoginPage()).isTrue();
		// An attacker who copied the cookie before logout replays it.
		alice.driver().manage().deleteAllCookies();
		alice.driver()
			.manage()
			.addCookie(new Cookie.Builder(before.getName(), before.getValue()).path("/")
				.isSecure(true)
				.isHttpOnly(true)
				.sameSite("Lax")
				.build());
		assertThat(alice.sessionToken()).isEqualTo(before.getValue());
		alice.visit("/account");
		assertThat(alice.isLoginPage()).as("replayed cookie shows %s", alice.path()).isTrue();
	}

	@Test
	void logoutMakesTheBrowserDropWhatItHoldsForTheSite() {
		SamplePages alice = browser().login("alice").visit("/account");
		String token = alice.sessionToken();
		JavascriptExecutor scripts = (JavascriptExecutor) alice.driver();
		// What a page might leave behind: data in storage and a cookie of its own.
		scripts.executeScript("localStorage.setItem('draft', 'account notes');"
				+ " sessionStorage.setItem('tab', 'sessions'); document.cookie = 'theme=dark; path=/; max-age=3600';");
		assertThat(scripts.executeScript("return localStorage.getItem('draft');")).isEqualTo("account notes");
		assertThat(alice.driver().manage().getCookieNamed("theme")).isNotNull();
		alice.clickAndWait(By.id("logout"));
		assertThat(alice.isLoginPage()).isTrue();
		assertThat(scripts.executeScript("return localStorage.getItem('draft');")).as("local storage").isNull();
		assertThat(scripts.executeScript("return sessionStorage.getItem('tab');")).as("session storage").isNull();
		assertThat(alice.driver().manage().getCookieNamed("theme")).as("a cookie set by a script").isNull();
		Cookie session = alice.sessionCookie();
		assertThat((session != null) ? session.getValue() : null).as("session cookie").isNotEqualTo(token);
	}

	@Test
	void oneBrowserRevokesTheOthersSession() {
		SamplePages laptop = browser().login("alice").visit("/account/sessions");
		SamplePages phone = browser().login("alice").visit("/account/sessions");
		assertThat(phone.driver().findElements(By.cssSelector("tr.session"))).hasSize(2);
		laptop.visit("/account/sessions");
		List<WebElement> rows = laptop.driver().findElements(By.cssSelector("tr.session"));
		assertThat(rows).hasSize(2);
		assertThat(laptop.driver().findElements(By.cssSelector("tr.current-session"))).hasSize(1);
		laptop.clickAndWait(By.cssSelector("tr.session:not(.current-session) button.revoke"));
		assertThat(laptop.driver().findElements(By.cssSelector("tr.session"))).hasSize(1);
		phone.clickAndWait(By.id("account-link"));
		assertThat(phone.isLoginPage()).as("revoked browser shows %s", phone.path()).isTrue();
		laptop.visit("/account");
		assertThat(laptop.path()).isEqualTo("/account");
	}

	@Test
	void passwordChangeSignsOutTheOtherBrowserAndKeepsThisOneWithANewToken() {
		SamplePages laptop = browser().login("bob").visit("/account");
		SamplePages phone = browser().login("bob").visit("/account");
		String before = laptop.sessionToken();
		laptop.driver().findElement(By.id("current-password")).sendKeys("password");
		laptop.driver().findElement(By.id("new-password")).sendKeys("a-new-passphrase");
		laptop.clickAndWait(By.id("change-password"));
		assertThat(laptop.path()).isEqualTo("/account/sessions?ended=1");
		assertThat(laptop.driver().findElements(By.cssSelector("tr.session"))).hasSize(1);
		assertThat(laptop.sessionToken()).isNotEqualTo(before);
		phone.clickAndWait(By.id("account-link"));
		assertThat(phone.isLoginPage()).as("other browser shows %s", phone.path()).isTrue();
	}

	@Test
	void stepUpChangesTheTokenAndOpensTheAdminPage() {
		SamplePages alice = browser().login("alice").visit("/admin");
		assertThat(alice.driver().findElements(By.id("admin-title"))).isEmpty();
		alice.visit("/account");
		String before = alice.sessionToken();
		alice.clickAndWait(By.id("step-up"));
		assertThat(alice.path()).isEqualTo("/admin");
		assertThat(alice.driver().findElement(By.id("admin-roles")).getText()).contains("ROLE_ADMIN");
		assertThat(alice.sessionToken()).isNotEqualTo(before);
		alice.visit("/account").visit("/admin");
		assertThat(alice.driver().findElement(By.id("admin-title")).getText()).isEqualTo("Admin");
	}

}
