package dev.sessionstarter.test;

import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureRealRedis} on a {@code @SpringBootTest}, as users write
 * it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@AutoConfigureRealRedis
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureRealRedisTests {

	@Autowired
	private StringRedisTemplate template;

	@Test
	@Order(1)
	void applicationTalksToTheRealRedis(RealRedis redis) {
		Map<String, Long> before = redis.commandStats();
		this.template.opsForValue().set("written-by-test-one", "1");
		assertThat(redis.command("GET", "written-by-test-one")).isEqualTo("1");
		assertThat(redis.commandStatsDelta(before)).containsKey("set");
	}

	@Test
	@Order(2)
	void redisIsEmptiedBetweenTests() {
		assertThat(this.template.hasKey("written-by-test-one")).isFalse();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
