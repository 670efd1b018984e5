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

import dev.sessionstarter.servlet.security.SessionRevoker;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.core.store.TokenFamilies;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.reactive.security.ServerSessionRevoker;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration for managing a user's sessions, in servlet and reactive
 * applications: the {@link UserSessions} API, revocation when credentials change, the
 * opt-in self-service API, the {@code usersessions} actuator endpoint and the session
 * store health indicator.
 *
 * @author session-starter
 */
@AutoConfiguration(after = { SessionStarterAutoConfiguration.class, SessionStarterReactiveAutoConfiguration.class })
@ConditionalOnWebApplication
@ConditionalOnBean(RedisSessionStore.class)
public final class SessionStarterUserSessionsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UserSessions userSessions(RedisSessionStore store, ObjectProvider<TokenFamilies> tokenFamilies,
			ObjectProvider<RememberedDevices> rememberedDevices) {
		UserSessions userSessions = new UserSessions(store);
		tokenFamilies.ifUnique(userSessions::setTokenFamilies);
		rememberedDevices.ifUnique(userSessions::setRememberedDevices);
		return userSessions;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ SecurityContextHolder.class, HttpServletRequest.class })
	static class RevocationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionRevoker sessionRevoker(UserSessions userSessions) {
			return new SessionRevoker(userSessions);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass({ ServerSessionRevoker.class, ReactiveSecurityContextHolder.class })
	static class ReactiveRevocationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServerSessionRevoker serverSessionRevoker(UserSessions userSessions) {
			return new ServerSessionRevoker(userSessions);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ DispatcherServlet.class, SecurityContextHolder.class })
	@ConditionalOnProperty(name = "session-starter.self-service.enabled", havingValue = "true")
	static class SelfServiceConfiguration {

		@Bean
		@ConditionalOnMissingBean
		UserSessionsController userSessionsController(UserSessions userSessions) {
			return new UserSessionsController(userSessions);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass({ DispatcherHandler.class, ReactiveSecurityContextHolder.class })
	@ConditionalOnProperty(name = "session-starter.self-service.enabled", havingValue = "true")
	static class ReactiveSelfServiceConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServerUserSessionsController serverUserSessionsController(UserSessions userSessions) {
			return new ServerUserSessionsController(userSessions);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(UserSessionsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		UserSessionsEndpoint userSessionsEndpoint(UserSessions userSessions) {
			return new UserSessionsEndpoint(userSessions);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("sessionStore")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "sessionStoreHealthIndicator")
		SessionStoreHealthIndicator sessionStoreHealthIndicator(RedisSessionStore store) {
			return new SessionStoreHealthIndicator(store);
		}

	}

}
