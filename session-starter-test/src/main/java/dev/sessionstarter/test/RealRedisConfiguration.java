package dev.sessionstarter.test;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Exposes the shared {@link RealRedis} as Spring Boot's
 * {@link DataRedisConnectionDetails}, which Boot's Redis auto-configuration prefers over
 * {@code spring.data.redis.*} properties. Imported by {@link AutoConfigureRealRedis}; a
 * sample application may also import it at development time, since
 * {@link RealRedis#get()} works outside tests.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RealRedisConfiguration {

	/**
	 * Creates the configuration; Spring does this when it is imported.
	 */
	public RealRedisConfiguration() {
	}

	@Bean
	DataRedisConnectionDetails realRedisConnectionDetails() {
		return new RealRedisConnectionDetails(RealRedis.get());
	}

	/**
	 * Connection details of a standalone, password-less {@link RealRedis}.
	 */
	static final class RealRedisConnectionDetails implements DataRedisConnectionDetails {

		private final RealRedis redis;

		RealRedisConnectionDetails(RealRedis redis) {
			this.redis = redis;
		}

		@Override
		public Standalone getStandalone() {
			return Standalone.of(this.redis.host(), this.redis.port());
		}

	}

}
