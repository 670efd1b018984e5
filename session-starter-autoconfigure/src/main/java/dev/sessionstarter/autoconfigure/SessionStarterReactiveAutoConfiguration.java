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
import dev.sessionstarter.reactive.ReactiveRedisSessionRepository;
import dev.sessionstarter.reactive.ServerSessionTokenResolver;
import dev.sessionstarter.reactive.ServerTokenRejectionListener;
import dev.sessionstarter.reactive.SessionStoreUnavailableWebFilter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Auto-configuration of session-starter sessions for reactive (WebFlux) applications,
 * from the same engine, properties and defaults as servlet applications: the store, a
 * {@link ReactiveSessionRepository} over its non-blocking calls, the session manager with
 * the strict token resolver, a filter that answers 503 while the store is unreachable
 * and, with Spring Security, the login rotation, the CSRF token in the session and a
 * logout that ends the session.
 *
 * <p>
 * Recent authentication, remembered devices and device binding
 * ({@link SessionStarterDeviceBindingAutoConfiguration}) are there too, and so are OIDC
 * login, re-authentication at the provider, back-channel logout, the end of a session
 * whose refresh the provider refuses and the OAuth2 client
 * ({@link SessionStarterReactiveOAuth2ClientAutoConfiguration}).
 *
 * @author session-starter
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class,
		beforeName = { "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration",
				"org.springframework.boot.webflux.autoconfigure.WebSessionIdResolverAutoConfiguration",
				"org.springframework.boot.session.autoconfigure.SessionAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ RedisConnectionFactory.class, ReactiveRedisSessionRepository.class, WebSessionManager.class,
		SpringSessionWebSessionStore.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(SessionStarterProperties.class)
@Import({ SessionStarterStoreConfiguration.class, SessionStarterReactiveSecurityConfiguration.class })
public final class SessionStarterReactiveAutoConfiguration {

	static final String README_SECTION = "https://github.com/sessionstarter/session-starter#reactive-applications";

	private static final Log logger = LogFactory.getLog(SessionStarterReactiveAutoConfiguration.class);

	SessionStarterReactiveAutoConfiguration(SessionStarterProperties properties) {
		SessionStarterPropertiesValidator.validate(properties);
		logger.info("session-starter serves this reactive application's sessions from Redis. See " + README_SECTION);
	}

	@Bean
	@ConditionalOnMissingBean(ReactiveSessionRepository.class)
	ReactiveRedisSessionRepository reactiveSessionRepository(RedisSessionStore store,
			RedisConnectionFactory connectionFactory, Environment environment) {
		if (!store.isNonBlocking()) {
			// A blocking client would hold an event-loop thread for each Redis round
			// trip, and a slow Redis would stall every request on that loop.
			throw new InvalidSessionConfigurationException("spring.data.redis.client-type",
					environment.getProperty("spring.data.redis.client-type",
							connectionFactory.getClass().getSimpleName()),
					"a reactive application needs a session store that never blocks an event-loop thread, "
							+ "and only Lettuce sends commands without blocking",
					"Connect to Redis through Lettuce, Spring Boot's default: remove "
							+ "spring.data.redis.client-type=jedis, or define a LettuceConnectionFactory.");
		}
		return new ReactiveRedisSessionRepository(store);
	}

	@Bean
	@ConditionalOnMissingBean
	WebSessionIdResolver sessionTokenResolver(SessionStarterProperties properties,
			ObjectProvider<ServerTokenRejectionListener> rejectionListeners) {
		SessionStarterProperties.Cookie cookie = properties.getCookie();
		ServerSessionTokenResolver resolver = new ServerSessionTokenResolver(cookie.getName(),
				properties.getTransport(), properties.getHeader().getResponseName());
		resolver.setCookieAttributes((builder) -> {
			PropertyMapper map = PropertyMapper.get();
			map.from(cookie::getPath).to(builder::path);
			map.from(cookie::getDomain).to(builder::domain);
			map.from(cookie::isSecure).to(builder::secure);
			map.from(cookie::isHttpOnly).to(builder::httpOnly);
			map.from(cookie::getSameSite).as(SessionStarterProperties.SameSite::attributeValue).to(builder::sameSite);
		});
		resolver.setRejectionListeners(rejectionListeners.orderedStream().toList());
		return resolver;
	}

	@Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
	@ConditionalOnMissingBean(name = WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
	WebSessionManager webSessionManager(ReactiveSessionRepository<? extends Session> repository,
			WebSessionIdResolver sessionTokenResolver, ObjectProvider<RedisSessionStore> store) {
		SpringSessionWebSessionStore<? extends Session> sessions = new SpringSessionWebSessionStore<>(repository);
		// Expiry as the session manager judges it follows the store's clock.
		store.ifUnique((available) -> sessions.setClock(available.getClock()));
		DefaultWebSessionManager manager = new DefaultWebSessionManager();
		manager.setSessionStore(sessions);
		manager.setSessionIdResolver(sessionTokenResolver);
		return manager;
	}

	@Bean
	@ConditionalOnMissingBean
	SessionStoreUnavailableWebFilter sessionStoreUnavailableWebFilter(SessionStarterProperties properties,
			ObjectProvider<RedisSessionStore> store) {
		return new SessionStoreUnavailableWebFilter(properties.getRetryAfter(), store.getIfUnique());
	}

}
