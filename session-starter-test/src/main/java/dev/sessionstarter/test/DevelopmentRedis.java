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
package dev.sessionstarter.test;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a sample application a real Redis when none is configured, so that a fresh clone
 * runs it with one command (add it with {@code SpringApplication.addInitializers}): a
 * configured {@code spring.data.redis.host}, {@code url}, Sentinel or Cluster always
 * wins; otherwise {@link RealRedis#get()} finds or starts one (Docker, a
 * {@code redis-server} on the {@code PATH}, or the binary bundled in a Maven Central
 * artifact) and stops it when the JVM exits. During ahead-of-time processing it does
 * nothing.
 *
 * @author session-starter
 */
public class DevelopmentRedis implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final String[] CONFIGURED = { "spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes[0]",
			"spring.data.redis.cluster.nodes" };

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		// Ahead-of-time processing (spring-boot-maven-plugin's process-aot, a native
		// build) runs main() only to record the bean definitions: it creates no beans and
		// never connects to Redis, so starting one then would only cost build time, and
		// fail builds on machines with no Redis source at all. Detecting it here covers
		// every AOT build, not just the one in our pom, and puts no made-up Redis host
		// into the build; the AOT-processed application still gets its Redis at run
		// time, as this initializer runs again in main().
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return;
		}
		ConfigurableEnvironment environment = context.getEnvironment();
		for (String property : CONFIGURED) {
			if (environment.containsProperty(property)) {
				return;
			}
		}
		RealRedis redis = RealRedis.get();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("developmentRedis",
					Map.of("spring.data.redis.host", redis.host(), "spring.data.redis.port", redis.port())));
	}

}
