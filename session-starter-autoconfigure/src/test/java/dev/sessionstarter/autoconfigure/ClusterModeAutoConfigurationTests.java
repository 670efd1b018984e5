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

package dev.sessionstarter.autoconfigure;

import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how the auto-configuration adapts the store to Redis Cluster, where a script
 * may touch one hash slot only. The connection factory is never connected here: Boot's
 * {@code spring.data.redis.cluster.nodes} alone makes it cluster-aware.
 *
 * @author session-starter
 */
class ClusterModeAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionStarterAutoConfiguration.class));

	@Test
	void clusterNodesMakeTheStoreKeepTheIndexOutOfItsScripts() {
		this.runner.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001")
			.run((context) -> assertThat(context.getBean(RedisSessionStore.class).isIndexInScripts()).isFalse());
	}

	@Test
	void theTestServersTopologyDecides() {
		// Standalone in the default test run, a Cluster in the build's cluster run.
		this.runner.withUserConfiguration(RealRedisConfiguration.class)
			.run((context) -> assertThat(context.getBean(RedisSessionStore.class).isIndexInScripts())
				.isEqualTo(!RealRedis.get().isCluster()));
	}

	@Test
	void aSessionLimitIsRefusedInAClusterBecauseItCouldNotBeEnforced() {
		this.runner
			.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:7000",
					"session-starter.max-sessions-per-user=3")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSessionConfigurationException.class)
				.hasMessageContaining("session-starter.max-sessions-per-user")
				.hasMessageContaining("Redis Cluster"));
	}

}
