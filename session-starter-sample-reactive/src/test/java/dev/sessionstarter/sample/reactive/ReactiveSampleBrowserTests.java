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

package dev.sessionstarter.sample.reactive;

import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.Browsers;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive sample in a real headless Chromium, over real HTTP and a real Redis: what
 * a user of a WebFlux application sees of session-starter's cookie, rotation and logout.
 *
 * @author session-starter
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRealRedis
class ReactiveSampleBrowserTests {

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	private ReactivePages browser() {
		return new ReactivePages(this.browsers.open(), this.port);
	}

	@Test
	void anonymousCartSurvivesLoginWhileTheTokenChanges() {
		ReactivePages alice = browser().addToCart("apple").addToCart("pear");
		assertThat(alice.cartItems()).containsExactly("apple", "pear");
		String anonymous = alice.sessionToken();
		alice.login("alice").visit("/account");
		assertThat(alice.text("account-name")).isEqualTo("alice");
		assertThat(alice.cartItems()).containsExactly("apple", "pear");
		assertThat(alice.sessionToken()).isNotEqualTo(anonymous);
		assertThat(live(anonymous)).as("a session under the anonymous token").isFalse();
		assertThat(live(alice.sessionToken())).isTrue();
	}

	@Test
	void sessionCookieIsHostPrefixedSecureHttpOnlyAndLax() {
		ReactivePages alice = browser().login("alice");
		Cookie cookie = alice.sessionCookie();
		assertThat(cookie).isNotNull();
		assertThat(cookie.getName()).isEqualTo("__Host-SID");
		assertThat(cookie.isSecure()).isTrue();
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Lax");
		assertThat(cookie.getPath()).isEqualTo("/");
		assertThat(cookie.getValue()).hasSizeGreaterThanOrEqualTo(43);
		Object visible = ((JavascriptExecutor) alice.driver()).executeScript("return document.cookie;");
		assertThat(String.valueOf(visible)).doesNotContain("__Host-SID");
	}

	@Test
	void stepUpChangesTheTokenAndOpensTheAdminPage() {
		ReactivePages alice = browser().login("alice").visit("/admin");
		assertThat(alice.driver().findElements(By.id("admin-title"))).as("admin page before the step-up").isEmpty();
		alice.visit("/account");
		String before = alice.sessionToken();
		alice.clickAndWait(By.id("step-up"));
		assertThat(alice.path()).isEqualTo("/admin");
		assertThat(alice.text("admin-roles")).contains("ROLE_ADMIN");
		assertThat(alice.sessionToken()).isNotEqualTo(before);
		assertThat(live(before)).as("a session under the token before the step-up").isFalse();
		alice.visit("/account");
		assertThat(alice.text("account-roles")).contains("ROLE_ADMIN");
	}

	@Test
	void logoutEndsTheSessionAndAReplayedCookieReachesNothing() {
		ReactivePages alice = browser().login("alice").visit("/account");
		Cookie before = alice.sessionCookie();
		assertThat(before).isNotNull();
		alice.clickAndWait(By.id("logout"));
		assertThat(alice.path()).isEqualTo("/login?logout");
		assertThat(alice.text("signed-out")).isEqualTo("You have been signed out.");
		assertThat(exists(before.getValue())).as("anything in Redis under the token after logout").isFalse();
		Cookie after = alice.sessionCookie();
		assertThat((after != null) ? after.getValue() : null).isNotEqualTo(before.getValue());
		alice.visit("/account");
		assertThat(alice.isLoginPage()).as("account after logout shows %s", alice.path()).isTrue();
		// Someone who copied the cookie before the logout replays it.
		alice.driver().manage().deleteAllCookies();
		alice.driver()
			.manage()
			.addCookie(new Cookie.Builder(before.getName(), before.getValue()).path("/")
				.isSecure(true)
				.isHttpOnly(true)
				.sameSite("Lax")
				.build());
		alice.visit("/account");
		assertThat(alice.isLoginPage()).as("replayed cookie shows %s", alice.path()).isTrue();
	}

	/**
	 * Whether a session lives under the token. A token replaced by a rotation stays for a
	 * short grace period as a record that names its successor (for requests already on
	 * their way), which holds no session data.
	 */
	private static boolean live(String token) {
		return "1".equals(RealRedis.get().command("HEXISTS", key(token), "created"));
	}

	private static boolean exists(String token) {
		return "1".equals(RealRedis.get().command("EXISTS", key(token)));
	}

	private static String key(String token) {
		return "session-starter:s:{" + SessionTokens.storageId(token) + "}";
	}

}
