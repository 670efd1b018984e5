package dev.sessionstarter.test;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the redis-server binary bundled in embedded-redis, each on its own server so
 * the shared one is never disturbed.
 */
class BundledRedisTests {

	private static LookupSettings bundled() {
		return LookupSettings.fromEnvironment().withForcedSource("bundled");
	}

	@Test
	void startsTheBinaryFromTheJarAndStopsItWithoutLeftovers() {
		RealRedis redis = RealRedis.start(bundled());
		ProcessHandle server = processOf(redis);
		List<ProcessHandle> watchdog = server.descendants().toList();
		try {
			assertThat(redis.source()).isEqualTo("bundled");
			assertThat(redis.host()).isEqualTo("127.0.0.1");
			assertThat(server.info().command())
				.hasValueSatisfying((command) -> assertThat(command).contains("session-starter-redis-bin-")
					.contains("redis-server-6.2"));
			assertThat(redis.version()).startsWith("6.2.");
			assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
			assertThat(redis.command("GET", "k")).isEqualTo("v");
			assertThat(redis.command("CONFIG", "GET", "save")).isEqualTo("save\n");
			assertThat(redis.command("CONFIG", "GET", "bind")).isEqualTo("bind\n127.0.0.1");
			assertThat(watchdog).isNotEmpty();
		}
		finally {
			redis.stop();
		}
		assertThat(server.isAlive()).isFalse();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(watchdog).noneMatch(ProcessHandle::isAlive));
	}

	@Test
	void serverDiesWhenTheJvmEndOfTheWatchdogPipeCloses() {
		RealRedis redis = RealRedis.start(bundled());
		ProcessHandle server = processOf(redis);
		try {
			// What the kernel does for us when the JVM is killed with no shutdown hooks.
			localProcess(redis).closeWatchdogPipe();
			await().atMost(Duration.ofSeconds(5)).until(() -> !server.isAlive());
		}
		finally {
			redis.stop();
		}
	}

	private static ProcessHandle processOf(RealRedis redis) {
		return localProcess(redis).processHandle();
	}

	private static LocalRedisProcess localProcess(RealRedis redis) {
		return ((BundledRedisBinary.Running) redis.server()).process();
	}

}
