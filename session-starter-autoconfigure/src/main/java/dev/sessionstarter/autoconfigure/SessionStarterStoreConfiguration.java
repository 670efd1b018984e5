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

import dev.sessionstarter.core.codec.AttributeCodec;
import dev.sessionstarter.core.codec.JavaSerializationAttributeCodec;
import dev.sessionstarter.core.codec.JsonAttributeCodec;
import dev.sessionstarter.core.store.NearCache;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionKeys;
import dev.sessionstarter.core.store.SessionRotation;
import dev.sessionstarter.core.store.SessionTimeouts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.session.SessionRepository;
import org.springframework.util.ClassUtils;

/**
 * The session engine as beans, the same for servlet and reactive applications: the
 * attribute codec, the store (with its near cache when enabled) and the Redis command
 * timeout a session store needs. Imported by {@link SessionStarterAutoConfiguration} and
 * {@link SessionStarterReactiveAutoConfiguration}.
 *
 * @author session-starter
 */
@Configuration(proxyBeanMethods = false)
class SessionStarterStoreConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AttributeCodec sessionAttributeCodec(SessionStarterProperties properties, ResourceLoader resourceLoader) {
		SessionStarterProperties.Attributes attributes = properties.getAttributes();
		// The application's class loader, not the starter's: under DevTools they differ,
		// and attribute types must come back as the restarted application defines them.
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return attributes.isJavaSerialization()
				? new JavaSerializationAttributeCodec(attributes.getAllowedTypes(), classLoader)
				: new JsonAttributeCodec(attributes.getAllowedTypes(), classLoader);
	}

	@Bean
	@ConditionalOnMissingBean(SessionRepository.class)
	RedisSessionStore sessionRepository(RedisConnectionFactory connectionFactory, AttributeCodec codec,
			SessionStarterProperties properties, ObjectProvider<SessionStoreCustomizer> customizers) {
		RedisSessionStore store = new RedisSessionStore(
				connectionFactory, codec, new SessionTimeouts(properties.getTimeout().getIdle(),
						properties.getTimeout().getAbsolute(), properties.effectiveTouchInterval()),
				new SessionKeys(properties.getRedis().getNamespace()));
		store.setSaveMode(properties.getAttributes().getSaveMode());
		// A Cluster script may touch one slot only; the per-user index then gets its own
		// command.
		store.setIndexInScripts(
				!(connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()));
		store.setSessionLimit(properties.getMaxSessionsPerUser(), properties.getWhenExceeded());
		SessionStarterProperties.Rotation rotation = properties.getRotation();
		store.setRotation(new SessionRotation(rotation.getInterval(), rotation.getGrace(), rotation.getOnReuse()));
		SessionStarterProperties.NearCache nearCache = properties.getNearCache();
		if (nearCache.isEnabled()) {
			store.setNearCache(startNearCache(connectionFactory, store, properties));
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(store));
		if (!store.isIndexInScripts() && store.getMaxSessionsPerUser() > 0) {
			// The limit is only race-free inside the login script, which cannot reach the
			// per-user index in a Cluster; an unenforced limit must not look enforced.
			throw new InvalidSessionConfigurationException("session-starter.max-sessions-per-user",
					store.getMaxSessionsPerUser(), "the concurrent-session limit cannot be enforced in Redis Cluster",
					"Remove session-starter.max-sessions-per-user (or set it to 0) when connecting to a Redis Cluster,"
							+ " or use a standalone or Sentinel Redis for sessions.");
		}
		return store;
	}

	private static NearCache startNearCache(RedisConnectionFactory connectionFactory, RedisSessionStore store,
			SessionStarterProperties all) {
		SessionStarterProperties.NearCache properties = all.getNearCache();
		if (!store.isIndexInScripts()) {
			throw new InvalidSessionConfigurationException("session-starter.near-cache.enabled", true,
					"the near cache cannot follow invalidations across the nodes of a Redis Cluster",
					"Turn session-starter.near-cache.enabled off when connecting to a Redis Cluster,"
							+ " or use a standalone or Sentinel Redis for sessions.");
		}
		if (!ClassUtils.isPresent("com.github.benmanes.caffeine.cache.Caffeine",
				SessionStarterStoreConfiguration.class.getClassLoader())) {
			throw new InvalidSessionConfigurationException("session-starter.near-cache.enabled", true,
					"the near cache keeps sessions in Caffeine, which is not on the class path",
					"Add com.github.ben-manes.caffeine:caffeine, or turn session-starter.near-cache.enabled off.");
		}
		if (properties.getMaximumSize() <= 0) {
			throw new InvalidSessionConfigurationException("session-starter.near-cache.maximum-size",
					properties.getMaximumSize(), "the near cache must be able to hold a session",
					"Set session-starter.near-cache.maximum-size to a positive number, e.g. 10000.");
		}
		try {
			return NearCache.start(connectionFactory, new SessionKeys(all.getRedis().getNamespace()),
					properties.getMaximumSize());
		}
		catch (IllegalStateException ex) {
			throw new InvalidSessionConfigurationException("session-starter.near-cache.enabled", true, ex.getMessage(),
					"Turn session-starter.near-cache.enabled off, or connect to a Redis 6 or"
							+ " newer through Lettuce with RESP3 (Spring Boot's default).");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.lettuce.core.RedisClient")
	static class LettuceTimeoutConfiguration {

		/**
		 * A session store must fail fast: without a command timeout Lettuce holds every
		 * command for 60 seconds while Redis is down, and each request needing its
		 * session holds a server thread that long, until requests that need no session
		 * starve too. Applies only when the application has not chosen a timeout itself.
		 */
		@Bean
		LettuceClientConfigurationBuilderCustomizer sessionStarterCommandTimeout(SessionStarterProperties properties,
				Environment environment) {
			return (builder) -> {
				if (!environment.containsProperty("spring.data.redis.timeout")) {
					builder.commandTimeout(properties.getRedis().getDefaultCommandTimeout());
				}
			};
		}

	}

}
