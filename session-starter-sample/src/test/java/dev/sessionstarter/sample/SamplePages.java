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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a user does in the sample, in one browser: visit pages, add to the cart, sign in
 * with a password or at the identity provider, click.
 *
 * @author session-starter
 */
final class SamplePages {

	static final String COOKIE = "__Host-SID";

	static final String DEVICE_COOKIE = "__Host-Device";

	private static final Json JSON = new Json();

	private final WebDriver driver;

	private final String baseUrl;

	SamplePages(WebDriver driver, int port) {
		this.driver = driver;
		// localhost, not 127.0.0.1: browsers treat http://localhost as a secure context,
		// so the Secure __Host- cookie is kept.
		this.baseUrl = "http://localhost:" + port;
	}

	WebDriver driver() {
		return this.driver;
	}

	SamplePages visit(String path) {
		this.driver.get(this.baseUrl + path);
		return this;
	}

	SamplePages addToCart(String item) {
		visit("/cart");
		this.driver.findElement(By.id("item")).sendKeys(item);
		clickAndWait(By.id("add-item"));
		return this;
	}

	List<String> cartItems() {
		visit("/cart");
		return this.driver.findElements(By.cssSelector("#cart-items li")).stream().map(WebElement::getText).toList();
	}

	SamplePages login(String username) {
		return login(username, false);
	}

	/**
	 * Sign in with "Keep me signed in on this device" ticked.
	 */
	SamplePages loginKeepingThisDevice(String username) {
		return login(username, true);
	}

	private SamplePages login(String username, boolean keepSignedIn) {
		visit("/login");
		this.driver.findElement(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys("password");
		if (keepSignedIn) {
			this.driver.findElement(By.id("remember-device")).click();
		}
		clickAndWait(By.cssSelector("#login-form button[type=submit]"));
		if (isLoginPage()) {
			throw new IllegalStateException("Login of " + username + " failed");
		}
		return this;
	}

	/**
	 * On the identity provider's own login form (Spring Security's generated page), sign
	 * in with the demo password.
	 */
	SamplePages loginAtIdentityProvider(String username) {
		this.driver.findElement(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys("password");
		clickAndWait(By.cssSelector("button[type=submit]"));
		return this;
	}

	/**
	 * The pages this browser has asked for since the last call, each redirect included,
	 * without their query strings (they carry codes and tokens): what Chromium logged of
	 * its document requests.
	 */
	List<String> navigations() {
		List<String> urls = new ArrayList<>();
		for (LogEntry entry : this.driver.manage().logs().get(LogType.PERFORMANCE)) {
			Map<String, Object> message = JSON.toType(entry.getMessage(), Json.MAP_TYPE);
			if (message.get("message") instanceof Map<?, ?> event
					&& "Network.requestWillBeSent".equals(event.get("method"))
					&& event.get("params") instanceof Map<?, ?> params && "Document".equals(params.get("type"))
					&& params.get("request") instanceof Map<?, ?> request) {
				String url = String.valueOf(request.get("url"));
				int query = url.indexOf('?');
				urls.add((query < 0) ? url : url.substring(0, query));
			}
		}
		return urls;
	}

	void clickAndWait(By by) {
		JavascriptExecutor scripts = (JavascriptExecutor) this.driver;
		// Mark the page being left: the click has finished navigating once a fully loaded
		// document without the mark is showing. Asking the old element whether it went
		// stale instead races the navigation, and ChromeDriver then answers with an
		// inspector error rather than a stale-element one.
		scripts.executeScript("document.documentElement.setAttribute('data-left-by-click', '')");
		this.driver.findElement(by).click();
		new WebDriverWait(this.driver, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
			.until((driver) -> Boolean.TRUE.equals(scripts.executeScript("return document.readyState === 'complete'"
					+ " && !document.documentElement.hasAttribute('data-left-by-click')")));
	}

	String path() {
		String url = this.driver.getCurrentUrl();
		return (url != null && url.startsWith(this.baseUrl)) ? url.substring(this.baseUrl.length())
				: String.valueOf(url);
	}

	boolean isLoginPage() {
		return path().startsWith("/login") && !this.driver.findElements(By.id("username")).isEmpty();
	}

	@Nullable Cookie sessionCookie() {
		return this.driver.manage().getCookieNamed(COOKIE);
	}

	/**
	 * The remembered device's credential this browser holds, or {@code null}.
	 */
	@Nullable String deviceCredential() {
		Cookie cookie = this.driver.manage().getCookieNamed(DEVICE_COOKIE);
		return (cookie != null) ? cookie.getValue() : null;
	}

	String sessionToken() {
		Cookie cookie = sessionCookie();
		if (cookie == null) {
			throw new IllegalStateException("No " + COOKIE + " cookie at " + path());
		}
		return cookie.getValue();
	}

}
