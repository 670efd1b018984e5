package dev.sessionstarter.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proves the watchdog: a JVM killed with SIGKILL runs no shutdown hook, yet its
 * redis-server must not outlive it.
 */
class OrphanGuardTests {

	@Test
	void redisServerDiesWhenItsJvmIsKilledHard() throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				"-D" + LookupSettings.SOURCE_PROPERTY + "=bundled", HardKilledJvm.class.getName())
			.redirectErrorStream(true)
			.start();
		try {
			long pid = readRedisPid(jvm);
			ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
			assertThat(server.isAlive()).isTrue();

			jvm.destroyForcibly();

			await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive());
		}
		finally {
			jvm.destroyForcibly();
		}
	}

	private static long readRedisPid(Process jvm) throws IOException {
		BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder seen = new StringBuilder();
		for (String line = out.readLine(); line != null; line = out.readLine()) {
			if (line.startsWith("redis-server-pid=")) {
				return Long.parseLong(line.substring("redis-server-pid=".length()));
			}
			seen.append(line).append('\n');
		}
		throw new AssertionError("Child JVM ended without starting Redis:\n" + seen);
	}

}
