package dev.sessionstarter.test;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RealRedis#startDedicated()}: a server of one's own that stops and
 * comes back on the same port with its data.
 */
class DedicatedRedisTests {

	@Test
	void stopEndsTheProcessAndRestartBringsItBackOnTheSamePortWithItsData() {
		RealRedis redis = RealRedis.startDedicated();
		try {
			assertStopsAndRestarts(redis);
		}
		finally {
			release(redis);
		}
	}

	@Test
	void bundledBinaryStopsAndRestartsToo() {
		RealRedis redis = RealRedis.startDedicated(LookupSettings.fromEnvironment().withForcedSource("bundled"));
		try {
			assertThat(redis.source()).isEqualTo("bundled");
			assertStopsAndRestarts(redis);
		}
		finally {
			release(redis);
		}
	}

	@Test
	void isNeverTheSharedServer() {
		RealRedis redis = RealRedis.startDedicated();
		try {
			assertThat(redis).isNotSameAs(RealRedis.get());
			assertThat(redis.port()).isNotEqualTo(RealRedis.get().port());
			assertThat(redis.source()).isIn("path", "bundled");
		}
		finally {
			release(redis);
		}
	}

	@Test
	void theSharedServerCanNeitherStopNorRestart() {
		RealRedis shared = RealRedis.get();
		assertThatIllegalStateException().isThrownBy(shared::stop).withMessageContaining("startDedicated()");
		assertThatIllegalStateException().isThrownBy(shared::restart).withMessageContaining("startDedicated()");
		assertThat(shared.command("PING")).isEqualTo("PONG");
	}

	@Test
	void failsWithWhatToInstallWhenNoLocalBinaryExists() {
		LookupSettings nothing = new LookupSettings(null, null, "", "Plan 9", "mips", () -> true);
		assertThatExceptionOfType(RealRedisUnavailableException.class)
			.isThrownBy(() -> RealRedis.startDedicated(nothing))
			.withMessageContaining("path: no executable redis-server on PATH (empty)")
			.withMessageContaining("ships no redis-server we can run on Plan 9/mips")
			.withMessageNotContaining("testcontainers:");
	}

	private static void assertStopsAndRestarts(RealRedis redis) {
		int port = redis.port();
		assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
		ProcessHandle first = process(redis);
		assertThat(first.isAlive()).isTrue();

		redis.stop();

		assertThat(first.isAlive()).isFalse();
		assertThat(dedicated(redis).processHandle()).isNull();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> RespClient.connect(redis.host(), port).close());
		redis.stop(); // stopping twice is harmless

		redis.restart();

		ProcessHandle second = process(redis);
		assertThat(second.pid()).isNotEqualTo(first.pid());
		assertThat(second.isAlive()).isTrue();
		assertThat(redis.port()).isEqualTo(port);
		assertThat(redis.command("PING")).isEqualTo("PONG");
		assertThat(redis.command("GET", "k")).as("data written before the stop").isEqualTo("v");

		redis.restart(); // restarting a running server replaces its process
		assertThat(second.isAlive()).isFalse();
		assertThat(redis.command("GET", "k")).isEqualTo("v");
	}

	private static ProcessHandle process(RealRedis redis) {
		ProcessHandle handle = dedicated(redis).processHandle();
		assertThat(handle).isNotNull();
		return handle;
	}

	private static DedicatedRedis dedicated(RealRedis redis) {
		return (DedicatedRedis) redis.server();
	}

	private static void release(RealRedis redis) {
		dedicated(redis).stop();
	}

}
