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
package dev.sessionstarter.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import org.springframework.util.FileSystemUtils;

/**
 * Opens real headless Chromium windows, each with its own fresh profile, and closes them
 * after the test. When a test fails, a screenshot and the page source of every window go
 * to {@code target/browser-failures/} first. Browser tests never skip: without Chromium
 * they fail and say what to install. Register it with {@code @RegisterExtension}; it
 * needs {@code selenium-java}, an optional dependency of this module.
 *
 * @author session-starter
 */
public class Browsers implements TestWatcher {

	/** Debian's Chromium. */
	public static final String CHROMIUM = "/usr/bin/chromium";

	/** Debian's driver for it. */
	public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	private static final Path FAILURES = Paths.get("target", "browser-failures");

	private final List<WebDriver> drivers = new ArrayList<>();

	private final List<Path> profiles = new ArrayList<>();

	/**
	 * Open a new browser with a fresh profile (its own cookies).
	 * @return the browser
	 */
	public WebDriver open() {
		requireExecutable(CHROMIUM);
		requireExecutable(CHROMEDRIVER);
		Path profile = createProfile();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
				"--window-size=1280,1024", "--user-data-dir=" + profile);
		// Chromium's network events, so that a test can see the redirects a click went
		// through (the samples' page helpers).
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.PERFORMANCE, Level.ALL);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		WebDriver driver = new ChromeDriver(service, options);
		this.drivers.add(driver);
		return driver;
	}

	private static void requireExecutable(String path) {
		if (!Files.isExecutable(Paths.get(path))) {
			throw new IllegalStateException(path + " not found: browser tests need Debian's Chromium and its driver; "
					+ "run 'apt-get install chromium chromium-driver'");
		}
	}

	private Path createProfile() {
		try {
			Path profile = Files.createTempDirectory("sample-chromium-");
			this.profiles.add(profile);
			return profile;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a browser profile directory", ex);
		}
	}

	@Override
	public void testFailed(ExtensionContext context, Throwable cause) {
		for (int i = 0; i < this.drivers.size(); i++) {
			save(this.drivers.get(i), context.getRequiredTestClass().getSimpleName() + "."
					+ context.getRequiredTestMethod().getName() + "-browser" + (i + 1));
		}
		closeAll();
	}

	@Override
	public void testSuccessful(ExtensionContext context) {
		closeAll();
	}

	@Override
	public void testAborted(ExtensionContext context, Throwable cause) {
		closeAll();
	}

	private static void save(WebDriver driver, String name) {
		try {
			Files.createDirectories(FAILURES);
			byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
			Files.write(FAILURES.resolve(name + ".png"), png);
			String source = "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource();
			Files.writeString(FAILURES.resolve(name + ".html"), source, StandardCharsets.UTF_8);
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("Could not save browser state for " + name + ": " + ex);
		}
	}

	private void closeAll() {
		for (WebDriver driver : this.drivers) {
			try {
				driver.quit();
			}
			catch (RuntimeException ex) {
				// Closing is best effort; the browser may already be gone.
			}
		}
		this.drivers.clear();
		for (Path profile : this.profiles) {
			try {
				FileSystemUtils.deleteRecursively(profile);
			}
			catch (IOException ex) {
				// A temporary profile left behind is harmless.
			}
		}
		this.profiles.clear();
	}

}
