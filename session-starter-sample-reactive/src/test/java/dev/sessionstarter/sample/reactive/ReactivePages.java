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

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One Chromium window on the reactive sample, with the steps its tests take.
 *
 * @author session-starter
 */
final class ReactivePages {

	static final String COOKIE = "__Host-SID";

	private final WebDriver driver;

	private final String baseUrl;

	ReactivePages(WebDriver driver, int port) {
		this.driver = driver;
		// localhost, not 127.0.0.1: Chromium keeps a Secure cookie over plain HTTP there.
		this.baseUrl = "http://localhost:" + port;
	}

	WebDriver driver() {
		return this.driver;
	}

	ReactivePages visit(String path) {
		this.driver.get(this.baseUrl + path);
		return this;
	}

	ReactivePages addToCart(String item) {
		visit("/");
		this.driver.findElement(By.id("item")).sendKeys(item);
		clickAndWait(By.id("add-to-cart"));
		return this;
	}

	List<String> cartItems() {
		return this.driver.findElements(By.cssSelector("#cart .cart-item")).stream().map(WebElement::getText).toList();
	}

	ReactivePages login(String username) {
		visit("/login");
		this.driver.findElement(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys("password");
		clickAndWait(By.id("sign-in"));
		if (isLoginPage()) {
			throw new IllegalStateException("Login of " + username + " failed");
		}
		return this;
	}

	/**
	 * Sign in at the identity provider: its link on the login page, then the provider's
	 * own login form (Spring Security's generated page) with the demo password.
	 */
	ReactivePages loginAtIdentityProvider(String username) {
		visit("/login");
		clickAndWait(By.id("idp-login"));
		this.driver.findElement(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys("password");
		clickAndWait(By.cssSelector("button[type=submit]"));
		if (!path().startsWith("/") || isLoginPage()) {
			throw new IllegalStateException("Login of " + username + " at the identity provider failed: " + path());
		}
		return this;
	}

	/**
	 * Click and wait until the next document has loaded: the page being left is marked,
	 * and the wait ends once a loaded document without the mark shows.
	 */
	void clickAndWait(By by) {
		JavascriptExecutor scripts = (JavascriptExecutor) this.driver;
		scripts.executeScript("document.documentElement.setAttribute('data-left', '')");
		this.driver.findElement(by).click();
		new WebDriverWait(this.driver, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
			.until((driver) -> Boolean.TRUE.equals(scripts.executeScript(
					"return document.readyState === 'complete' && !document.documentElement.hasAttribute('data-left')")));
	}

	String path() {
		String url = String.valueOf(this.driver.getCurrentUrl());
		return url.startsWith(this.baseUrl) ? url.substring(this.baseUrl.length()) : url;
	}

	boolean isLoginPage() {
		return path().startsWith("/login") && !this.driver.findElements(By.id("username")).isEmpty();
	}

	String text(String id) {
		return this.driver.findElement(By.id(id)).getText();
	}

	@Nullable Cookie sessionCookie() {
		return this.driver.manage().getCookieNamed(COOKIE);
	}

	String sessionToken() {
		Cookie cookie = sessionCookie();
		if (cookie == null) {
			throw new IllegalStateException("No " + COOKIE + " cookie at " + path());
		}
		return cookie.getValue();
	}

}
