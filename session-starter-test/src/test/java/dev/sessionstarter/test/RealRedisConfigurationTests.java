package dev.sessionstarter.test;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RealRedisConfiguration} with Boot's Redis auto-configuration.
 */
@RealRedisTest
class RealRedisConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void bootsRedisAutoConfigurationUsesTheRealRedisWithoutProperties(RealRedis redis) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DataRedisConnectionDetails.class);
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			template.opsForValue().set("from-spring", "hello");
			assertThat(redis.command("GET", "from-spring")).isEqualTo("hello");
			assertThat(template.opsForValue().get("from-spring")).isEqualTo("hello");
		});
	}

	@Test
	void connectionDetailsWinOverProperties(RealRedis redis) {
		this.contextRunner.withPropertyValues("spring.data.redis.host=192.0.2.1", "spring.data.redis.port=1")
			.run((context) -> {
				DataRedisConnectionDetails details = context.getBean(DataRedisConnectionDetails.class);
				assertThat(details.getStandalone().getHost()).isEqualTo(redis.host());
				assertThat(details.getStandalone().getPort()).isEqualTo(redis.port());
				assertThat(context.getBean(StringRedisTemplate.class).hasKey("anything")).isFalse();
			});
	}

}
