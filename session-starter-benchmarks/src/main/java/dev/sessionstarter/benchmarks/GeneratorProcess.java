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

package dev.sessionstarter.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.sessionstarter.benchmarks.HttpDriver.UserSession;

/**
 * The {@link LoadGenerator} as a child process of the JVM that runs the applications: a
 * JVM of its own on the same class path, with a small serial-collected heap, so that it
 * takes little from the machine and nothing from the applications' CPU account. Stopped
 * with {@link #close()}; it also ends when this JVM does (its input closes).
 *
 * @author session-starter
 */
final class GeneratorProcess implements AutoCloseable {

	private final Process process;

	private final PrintWriter commands;

	private final BufferedReader answers;

	private GeneratorProcess(Process process) {
		this.process = process;
		this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
				true);
		this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	static GeneratorProcess start() {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), LoadGenerator.class.getName())
			.redirectError(ProcessBuilder.Redirect.INHERIT);
		try {
			return new GeneratorProcess(builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the load generator", ex);
		}
	}

	long pid() {
		return this.process.pid();
	}

	void target(Variant variant, int port, List<UserSession> sessions) {
		StringBuilder command = new StringBuilder(String.join("\t", "target", variant.letter(), String.valueOf(port),
				variant.cookieName(), String.valueOf(sessions.size())));
		for (UserSession session : sessions) {
			command.append('\n').append(session.token()).append('\t').append(session.csrf());
		}
		expect("ok", command.toString());
	}

	void prepare(Variant variant, RequestKind kind, int count) {
		expect("ok", String.join("\t", "prepare", variant.letter(), kind.name(), String.valueOf(count)));
	}

	LoadRun.Result fixedRate(Variant variant, RequestKind kind, double rate) {
		return LoadRun.Result.parse(
				expect("result", String.join("\t", "fixed-rate", variant.letter(), kind.name(), String.valueOf(rate))));
	}

	LoadRun.Result closedLoop(Variant variant, RequestKind kind, int threads, Duration leadIn, Duration window) {
		return LoadRun.Result.parse(expect("result", String.join("\t", "closed-loop", variant.letter(), kind.name(),
				String.valueOf(threads), String.valueOf(leadIn.toMillis()), String.valueOf(window.toMillis()))));
	}

	private String expect(String answer, String command) {
		this.commands.println(command);
		try {
			String line = this.answers.readLine();
			if (line == null) {
				throw new IllegalStateException("The load generator exited");
			}
			if (!line.equals(answer) && !line.startsWith(answer + "\t")) {
				throw new IllegalStateException("The load generator answered '" + line + "' to "
						+ command.substring(0, Math.min(command.length(), 80)));
			}
			return line.substring(Math.min(line.length(), answer.length() + 1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.commands.println("exit");
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
