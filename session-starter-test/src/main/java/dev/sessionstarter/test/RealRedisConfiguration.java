package dev.sessionstarter.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

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
	 * Connection details of a password-less {@link RealRedis}: its nodes when it is a
	 * Cluster, else the standalone server.
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

		@Override
		public @Nullable Cluster getCluster() {
			if (!this.redis.isCluster()) {
				return null;
			}
			List<Node> nodes = this.redis.nodePorts()
				.stream()
				.map((port) -> new Node(this.redis.host(), port))
				.toList();
			return () -> nodes;
		}

	}

}
