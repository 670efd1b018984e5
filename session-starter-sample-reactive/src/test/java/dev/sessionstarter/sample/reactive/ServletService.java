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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionstarter.test.RealRedis;

/**
 * The servlet service behind the gateway: the servlet sample's jar (system property
 * {@value #JAR_PROPERTY}, set in this module's pom), run with {@code java -jar} in a JVM
 * of its own, on a free port, against the given Redis. Every wait is bounded, and
 * {@link #close()} always ends the process.
 *
 * @author session-starter
 */
final class ServletService implements AutoCloseable {

	static final String JAR_PROPERTY = "session-starter.sample.jar";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private static final Pattern RUNNING = Pattern
		.compile("session-starter sample running at http://localhost:(\\d+) .* identity provider at (\\S+)");

	private final Process process;

	private final StringBuffer output = new StringBuffer();

	private final CompletableFuture<Integer> port = new CompletableFuture<>();

	private volatile String identityProvider = "";

	private ServletService(Process process) {
		this.process = process;
		Thread reader = new Thread(this::read, "servlet-service-output");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Start the service.
	 * @param redis the Redis to share
	 * @param arguments more arguments for the sample, e.g.
	 * {@code --sample.idp.gateway.url=...}
	 * @return the started service
	 */
	static ServletService start(RealRedis redis, String... arguments) {
		String name = System.getProperty(JAR_PROPERTY);
		if (name == null || !Files.isRegularFile(Path.of(name))) {
			throw new IllegalStateException("The servlet sample's jar (" + name + ") is missing: run ./mvnw verify, "
					+ "which packages session-starter-sample before this module");
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", name,
						"--server.port=0", "--sample.idp.port=0", "--spring.data.redis.host=" + redis.host(),
						"--spring.data.redis.port=" + redis.port()));
		command.addAll(List.of(arguments));
		ServletService service;
		try {
			service = new ServletService(new ProcessBuilder(command).redirectErrorStream(true).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
		try {
			service.port.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return service;
		}
		catch (InterruptedException | ExecutionException | TimeoutException ex) {
			service.close();
			throw new IllegalStateException("The servlet service did not start:\n" + service.output, ex);
		}
	}

	int port() {
		return this.port.join();
	}

	/**
	 * The issuer of the identity provider the servlet sample runs beside itself.
	 * @return its address, e.g. {@code http://127.0.0.1:43567}
	 */
	String identityProvider() {
		this.port.join();
		return this.identityProvider;
	}

	private void read() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.output.append(line).append('\n');
				Matcher running = RUNNING.matcher(line);
				if (running.find()) {
					this.identityProvider = running.group(2);
					this.port.complete(Integer.parseInt(running.group(1)));
				}
			}
		}
		catch (IOException ex) {
			// The process ended; what it printed is kept.
		}
		this.port.completeExceptionally(new IllegalStateException("exited before it served requests"));
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
