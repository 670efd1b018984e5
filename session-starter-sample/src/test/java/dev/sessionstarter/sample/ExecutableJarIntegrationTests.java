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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repackaged jar runs as a user runs it, {@code java -jar} with nothing configured:
 * it starts its own development Redis, serves a form login, and takes that Redis down
 * with it when it is stopped with SIGTERM.
 *
 * @author session-starter
 */
class ExecutableJarIntegrationTests {

	/** What {@code RealRedis} logs once it has a server. */
	private static final Pattern USING_REDIS = Pattern
		.compile("Using Redis \\S+ \\((\\w+)\\) at redis://([0-9.]+):(\\d+)");

	/**
	 * The exit code of a JVM that ended on SIGTERM (128 + 15), after its shutdown hooks.
	 */
	private static final int TERMINATED = 143;

	private static final Consumer<Map<String, String>> NO_REDIS_CONFIGURED = (environment) -> {
		// A Redis named in the developer's shell would be used instead of the jar's own.
		environment.keySet()
			.removeIf((name) -> name.startsWith("SESSION_STARTER_TEST_REDIS") || name.startsWith("SPRING_DATA_REDIS"));
		// The one source that must work from inside the jar: the binary that
		// embedded-redis ships, read from a jar nested in BOOT-INF/lib. Found first, a
		// redis-server on the PATH or Docker would hide a failure to extract it.
		environment.put("SESSION_STARTER_TEST_REDIS_SOURCE", "bundled");
	};

	@Test
	void runsWithItsOwnRedisAndStopsItOnSigterm() throws Exception {
		try (SampleJar sample = SampleJar.start(List.of(), List.of(), NO_REDIS_CONFIGURED)) {
			Matcher redis = sample.find(USING_REDIS);
			assertThat(redis).as("the development Redis in\n" + sample.output()).isNotNull();
			assertThat(redis.group(1)).isEqualTo("bundled");
			List<ProcessHandle> children = sample.handle().descendants().toList();
			ProcessHandle redisServer = children.stream()
				.filter((child) -> child.info().command().orElse("").contains("redis-server"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No redis-server among the sample's child processes"));
			Path binary = Path.of(redisServer.info().command().orElseThrow());

			HttpVisitor alice = new HttpVisitor(sample.port());
			alice.login("alice", "password");
			assertThat(alice.cookie("__Host-SID")).isNotNull();
			HttpResponse<String> account = alice.get("/account");
			assertThat(account.statusCode()).isEqualTo(200);
			assertThat(account.body()).contains("id=\"account-name\">alice</strong>");

			assertThat(sample.terminate()).isEqualTo(TERMINATED);
			awaitGone(children);
			assertThat(binary).as("the extracted redis-server binary").doesNotExist();
			assertThat(acceptsConnections(redis.group(2), Integer.parseInt(redis.group(3)))).isFalse();
		}
	}

	private static void awaitGone(List<ProcessHandle> processes) throws InterruptedException {
		// The watchdog that guards redis-server against a hard-killed JVM lingers for
		// about a second after it was released.
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(processes).as("the sample's child processes after it exited").noneMatch(ProcessHandle::isAlive);
	}

	private static boolean acceptsConnections(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1_000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
