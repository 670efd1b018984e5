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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The repackaged sample jar ({@code target/*.jar}, named by the system property
 * {@value #JAR_PROPERTY} that failsafe sets) run as a user runs it: {@code java -jar} in
 * a child JVM of the same JDK as the build, on a free port. Its output is kept (and
 * echoed into the test's report) so that tests can read the startup log. Every wait is
 * bounded; {@link #close()} always ends the process, forcibly if SIGTERM is not enough.
 *
 * @author session-starter
 */
final class SampleJar implements AutoCloseable {

	static final String JAR_PROPERTY = "session-starter.sample.jar";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	/** What {@code StartupMessage} prints once the application serves requests. */
	private static final Pattern RUNNING = Pattern.compile("session-starter sample running at http://localhost:(\\d+)");

	private final Process process;

	private final List<String> lines = new ArrayList<>();

	private final Thread reader;

	private SampleJar(Process process) {
		this.process = process;
		this.reader = new Thread(this::drain, "sample-jar-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Starts the jar with {@code --server.port=0 --sample.idp.port=0} and waits until it
	 * serves requests.
	 * @param jvmOptions options before {@code -jar}
	 * @param arguments application arguments after the jar
	 * @param environment edits the environment the child inherits from this JVM
	 * @return the running application
	 */
	static SampleJar start(List<String> jvmOptions, List<String> arguments, Consumer<Map<String, String>> environment) {
		Path jar = jar();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		// Free ports for the sample and its identity provider: another run may hold the
		// default ones.
		command.addAll(List.of("-jar", jar.toString(), "--server.port=0", "--sample.idp.port=0"));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		environment.accept(builder.environment());
		SampleJar sample;
		try {
			sample = new SampleJar(builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
		try {
			sample.awaitRunning();
		}
		catch (RuntimeException | AssertionError ex) {
			sample.close();
			throw ex;
		}
		return sample;
	}

	private static Path jar() {
		String name = System.getProperty(JAR_PROPERTY);
		assertThat(name).as("system property " + JAR_PROPERTY + " (set by failsafe in the sample's pom)").isNotBlank();
		Path jar = Path.of(name);
		assertThat(jar).as("the repackaged sample jar; run these tests with ./mvnw verify, after package")
			.isRegularFile();
		return jar;
	}

	private void awaitRunning() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (find(RUNNING) != null) {
				return;
			}
			if (!this.process.isAlive()) {
				awaitOutput();
				fail("The sample exited with code " + this.process.exitValue() + " before it served requests:\n"
						+ output());
			}
			sleep(100);
		}
		fail("The sample did not serve requests within " + STARTUP_TIMEOUT.toSeconds() + " s:\n" + output());
	}

	/**
	 * The port the application listens on.
	 */
	int port() {
		Matcher running = find(RUNNING);
		assertThat(running).as("the startup message").isNotNull();
		return Integer.parseInt(running.group(1));
	}

	/**
	 * The first output line that matches, or {@code null}.
	 */
	@Nullable Matcher find(Pattern pattern) {
		synchronized (this.lines) {
			for (String line : this.lines) {
				Matcher matcher = pattern.matcher(line);
				if (matcher.find()) {
					return matcher;
				}
			}
		}
		return null;
	}

	String output() {
		synchronized (this.lines) {
			return String.join("\n", this.lines);
		}
	}

	ProcessHandle handle() {
		return this.process.toHandle();
	}

	/**
	 * Sends SIGTERM, as a service manager or Ctrl-C does, and waits for the JVM to run
	 * its shutdown hooks and exit.
	 * @return the exit code
	 */
	int terminate() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				fail("The sample did not exit within " + SHUTDOWN_TIMEOUT.toSeconds() + " s of SIGTERM:\n" + output());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the sample to exit", ex);
		}
		awaitOutput();
		return this.process.exitValue();
	}

	@Override
	public void close() {
		if (!this.process.isAlive()) {
			return;
		}
		// Whatever the application started (its development Redis) goes too, even if the
		// application does not get to stop it.
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	private void drain() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				// Echoed so that the test's report shows what the application logged.
				System.out.println("[sample] " + line);
				synchronized (this.lines) {
					this.lines.add(line);
				}
			}
		}
		catch (IOException ex) {
			// The process is gone; what was read is all there is.
		}
	}

	private void awaitOutput() {
		try {
			this.reader.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the sample", ex);
		}
	}

}
