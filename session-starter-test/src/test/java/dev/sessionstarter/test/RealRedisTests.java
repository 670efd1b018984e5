package dev.sessionstarter.test;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RealRedis} against the shared server.
 */
@RealRedisTest
class RealRedisTests {

	private final RealRedis redis;

	RealRedisTests(RealRedis redis) {
		this.redis = redis;
	}

	@Test
	void sharedServerAnswersPingAndNamesItsSource() {
		assertThat(this.redis.command("PING")).isEqualTo("PONG");
		assertThat(this.redis.source()).isIn("env", "testcontainers", "path", "bundled");
		assertThat(this.redis.uri()).isEqualTo("redis://" + this.redis.host() + ":" + this.redis.port());
		assertThat(this.redis.version()).matches("\\d+\\.\\d+\\.\\d+.*");
	}

	@Test
	void getReturnsTheSameServerEveryTime() {
		assertThat(RealRedis.get()).isSameAs(this.redis).isSameAs(RealRedis.get());
	}

	@Test
	void setThenGetRoundTripsUnicodeValues() {
		assertThat(this.redis.command("SET", "greeting", "grüß dich")).isEqualTo("OK");
		assertThat(this.redis.command("GET", "greeting")).isEqualTo("grüß dich");
		assertThat(this.redis.command("GET", "missing")).isNull();
	}

	@Test
	void repliesAreRenderedAsText() {
		this.redis.command("HSET", "session", "user", "ada", "role", "admin");
		this.redis.command("EXPIRE", "session", "60");
		assertThat(this.redis.command("HGETALL", "session")).isEqualTo("user\nada\nrole\nadmin");
		assertThat(this.redis.command("DBSIZE")).isEqualTo("1");
		assertThat(Long.parseLong(this.redis.command("TTL", "session"))).isBetween(1L, 60L);
		assertThat(this.redis.command("KEYS", "*")).isEqualTo("session");
		assertThat(this.redis.command("KEYS", "nothing*")).isEmpty();
	}

	@Test
	void errorRepliesFailWithRedisMessage() {
		assertThatIllegalStateException().isThrownBy(() -> this.redis.command("NOSUCHCOMMAND"))
			.withMessageContaining("NOSUCHCOMMAND")
			.withMessageContaining("ERR");
	}

	@Test
	void flushAllEmptiesTheDatabaseScriptsAndStats() {
		this.redis.command("SET", "a", "1");
		String sha = this.redis.command("SCRIPT", "LOAD", "return 1");
		assertThat(this.redis.commandStats()).containsKey("set");

		this.redis.flushAll();

		// Only the reset itself (config|resetstat on Redis 7, config on 6.2) is counted.
		assertThat(this.redis.commandStats().keySet())
			.allMatch((command) -> command.startsWith("config") || command.equals("info"));
		assertThat(this.redis.command("DBSIZE")).isEqualTo("0");
		assertThat(this.redis.command("SCRIPT", "EXISTS", sha)).isEqualTo("0");
	}

	@Test
	void eachTestStartsWithAnEmptyDatabase() {
		// The extension flushed before this test, whatever ran before it.
		assertThat(this.redis.command("DBSIZE")).isEqualTo("0");
		assertThat(this.redis.commandStats()).doesNotContainKey("set");
	}

	@Test
	void commandStatsDeltaShowsOnlyWhatRanSince() {
		this.redis.command("SET", "a", "1");
		Map<String, Long> before = this.redis.commandStats();
		this.redis.command("GET", "a");
		this.redis.command("GET", "a");
		this.redis.command("HGETALL", "a-hash");

		assertThat(this.redis.commandStatsDelta(before))
			.containsExactlyInAnyOrderEntriesOf(Map.of("get", 2L, "hgetall", 1L));
	}

}
