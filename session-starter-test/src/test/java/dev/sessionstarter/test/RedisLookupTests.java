package dev.sessionstarter.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the lookup order and its failures, with an injected environment.
 */
class RedisLookupTests {

	private static LookupSettings nothingAvailable() {
		return new LookupSettings(null, null, "", "Plan 9", "mips", () -> false);
	}

	@Test
	void failsNamingEverySourceAndWhatToInstallWhenNoRedisCanBeFound() {
		assertThatExceptionOfType(RealRedisUnavailableException.class)
			.isThrownBy(() -> RealRedis.start(nothingAvailable()))
			.withMessageContaining("SESSION_STARTER_TEST_REDIS is not set")
			.withMessageContaining("no Docker engine answered")
			.withMessageContaining("no executable redis-server on PATH")
			.withMessageContaining("ships no redis-server we can run on Plan 9/mips")
			.withMessageContaining("sudo apt-get install redis-server")
			.withMessageContaining("set SESSION_STARTER_TEST_REDIS=redis://host:port")
			.withMessageContaining("make a Docker engine available");
	}

	@Test
	void failsWhenTheForcedSourceIsUnavailableInsteadOfFallingBack() {
		assertThatExceptionOfType(RealRedisUnavailableException.class)
			.isThrownBy(() -> RealRedis.start(nothingAvailable().withForcedSource("path")))
			.withMessageContaining("path: no executable redis-server on PATH (empty)")
			.withMessageNotContaining("testcontainers:")
			.withMessageContaining("sudo apt-get install redis-server");
	}

	@Test
	void failsOnAnUnknownForcedSource() {
		assertThatExceptionOfType(RealRedisUnavailableException.class)
			.isThrownBy(() -> RealRedis.start(nothingAvailable().withForcedSource("memcached")))
			.withMessageContaining("SESSION_STARTER_TEST_REDIS_SOURCE='memcached' is not a Redis source")
			.withMessageContaining("env, testcontainers, path, bundled")
			.withMessageContaining("sudo apt-get install redis-server");
	}

	@Test
	void usesTheServerNamedByUrlFirst() {
		RealRedis shared = RealRedis.get();
		LookupSettings settings = new LookupSettings(shared.uri(), null, "", "Plan 9", "mips", () -> false);
		RealRedis viaUrl = RealRedis.start(settings);
		viaUrl.stop();
		assertThat(viaUrl.source()).isEqualTo("env");
		assertThat(viaUrl.uri()).isEqualTo(shared.uri());
		// Stopping a server we did not start leaves it running.
		assertThat(shared.command("PING")).isEqualTo("PONG");
	}

	@Test
	void failsWhenTheUrlServerDoesNotAnswerRatherThanFallingBack() {
		LookupSettings settings = new LookupSettings("redis://127.0.0.1:1", null, "", "Plan 9", "mips", () -> false);
		assertThatExceptionOfType(RealRedisUnavailableException.class).isThrownBy(() -> RealRedis.start(settings))
			.withMessageContaining("SESSION_STARTER_TEST_REDIS=redis://127.0.0.1:1 does not answer PING");
	}

	@Test
	void rejectsUrlsItCannotHonour() {
		LookupSettings settings = new LookupSettings("rediss://user:secret@example.com", null, "", "Plan 9", "mips",
				() -> false);
		assertThatExceptionOfType(RealRedisUnavailableException.class).isThrownBy(() -> RealRedis.start(settings))
			.withMessageContaining("expected redis://host:port");
	}

	@Test
	void picksTheBundledBinaryForEachSupportedPlatform() {
		assertThat(BundledRedisBinary.resourceName("Linux", "amd64")).isEqualTo("redis-server-6.2.6-v5-linux-amd64");
		assertThat(BundledRedisBinary.resourceName("Linux", "aarch64")).isEqualTo("redis-server-6.2.7-linux-arm64");
		assertThat(BundledRedisBinary.resourceName("Mac OS X", "aarch64"))
			.isEqualTo("redis-server-6.2.6-v5-darwin-arm64");
		assertThat(BundledRedisBinary.resourceName("Mac OS X", "x86_64"))
			.isEqualTo("redis-server-6.2.6-v5-darwin-amd64");
		assertThat(BundledRedisBinary.resourceName("Windows 11", "amd64")).isNull();
	}

	@Test
	void everyMappedBinaryIsReallyInTheJar() {
		for (String[] platform : new String[][] { { "Linux", "amd64" }, { "Linux", "aarch64" }, { "Linux", "x86" },
				{ "Mac OS X", "x86_64" }, { "Mac OS X", "aarch64" } }) {
			String resource = BundledRedisBinary.resourceName(platform[0], platform[1]);
			assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
		}
	}

}
