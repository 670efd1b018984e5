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

import dev.sessionstarter.core.event.SessionAnomalyEvent;
import dev.sessionstarter.core.signal.FailureBurstMonitor;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.TokenFamilies;
import dev.sessionstarter.reactive.ServerApiTokenEndpoints;
import dev.sessionstarter.servlet.ApiTokenEndpoints;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration for API access and refresh tokens ("session-starter.api-tokens.*"):
 * {@link TokenFamilies} and the token, revocation and introspection endpoints, as a
 * servlet filter or, in a reactive application, a web filter.
 *
 * @author session-starter
 */
@AutoConfiguration(after = { SessionStarterAutoConfiguration.class, SessionStarterReactiveAutoConfiguration.class })
@ConditionalOnWebApplication
@ConditionalOnClass(AuthenticationManager.class)
@ConditionalOnBean(RedisSessionStore.class)
@ConditionalOnProperty(name = "session-starter.api-tokens.enabled", havingValue = "true")
public final class SessionStarterApiTokensAutoConfiguration {

	/**
	 * Order of the endpoints filter: right after the session filter (it reads the
	 * caller's session for introspection), ahead of Spring Security.
	 */
	public static final int ENDPOINTS_FILTER_ORDER = SessionRepositoryFilter.DEFAULT_ORDER + 1;

	@Bean
	@ConditionalOnMissingBean
	TokenFamilies tokenFamilies(RedisSessionStore store, SessionStarterProperties properties,
			ObjectProvider<FailureBurstMonitor> failureBursts) {
		SessionStarterProperties.ApiTokens apiTokens = properties.getApiTokens();
		TokenFamilies families = new TokenFamilies(store,
				new TokenFamilies.Settings(apiTokens.getAccessTokenIdle(), apiTokens.getAccessTokenLifetime(),
						apiTokens.getRefreshTokenLifetime(), properties.getRotation().getGrace()));
		failureBursts.ifAvailable((monitor) -> families.setRefreshFailureListener(
				(principal) -> monitor.failure(SessionAnomalyEvent.Kind.REFRESH_FAILURES, principal)));
		return families;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(AuthenticationConfiguration.class)
	static class ServletEndpoints {

		@Bean
		@ConditionalOnMissingBean(value = ApiTokenEndpoints.class,
				parameterizedContainer = FilterRegistrationBean.class)
		FilterRegistrationBean<ApiTokenEndpoints> apiTokenEndpoints(TokenFamilies families,
				SessionStarterProperties properties, ObjectProvider<AuthenticationManager> authenticationManager,
				ObjectProvider<AuthenticationConfiguration> authenticationConfiguration) {
			// Resolved on first use: the global AuthenticationManager is built late,
			// from the application's UserDetailsService or AuthenticationProvider beans.
			SingletonSupplier<AuthenticationManager> manager = SingletonSupplier.of(() -> authenticationManager
				.getIfUnique(() -> globalAuthenticationManager(authenticationConfiguration)));
			SessionStarterProperties.ApiTokens apiTokens = properties.getApiTokens();
			FilterRegistrationBean<ApiTokenEndpoints> registration = new FilterRegistrationBean<>(new ApiTokenEndpoints(
					apiTokens.getBasePath(), families, manager::obtain, apiTokens.getIntrospectionAuthority()));
			registration.setOrder(ENDPOINTS_FILTER_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

		private static AuthenticationManager globalAuthenticationManager(
				ObjectProvider<AuthenticationConfiguration> authenticationConfiguration) {
			AuthenticationConfiguration configuration = authenticationConfiguration.getIfAvailable();
			if (configuration == null) {
				throw new IllegalStateException("API tokens need an AuthenticationManager bean or Spring Security's "
						+ "global authentication (a UserDetailsService or AuthenticationProvider bean)");
			}
			AuthenticationManager manager;
			try {
				manager = configuration.getAuthenticationManager();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not obtain the AuthenticationManager for API tokens", ex);
			}
			if (manager == null) {
				throw new IllegalStateException("API tokens need an AuthenticationManager bean or Spring Security's "
						+ "global authentication (a UserDetailsService or AuthenticationProvider bean)");
			}
			return manager;
		}

		/**
		 * Resolves the AuthenticationManager once every singleton exists, so that an
		 * application without one fails at start-up rather than on its first token
		 * request.
		 */
		@Bean
		SmartInitializingSingleton sessionStarterApiTokensAuthenticationCheck(
				FilterRegistrationBean<ApiTokenEndpoints> apiTokenEndpoints) {
			return () -> apiTokenEndpoints.getFilter().checkAuthenticationManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(ServerApiTokenEndpoints.class)
	static class ReactiveEndpoints {

		@Bean
		@ConditionalOnMissingBean
		ServerApiTokenEndpoints serverApiTokenEndpoints(TokenFamilies families, SessionStarterProperties properties,
				ObjectProvider<ReactiveAuthenticationManager> authenticationManager,
				ObjectProvider<ReactiveUserDetailsService> userDetailsService,
				ObjectProvider<PasswordEncoder> passwordEncoder,
				ObjectProvider<AuthenticationEventPublisher> authenticationEventPublisher,
				ApplicationEventPublisher applicationEventPublisher) {
			// Resolved on first use, as on the servlet side; without a
			// ReactiveAuthenticationManager bean, the application's users as Spring
			// Security's form login checks them.
			SingletonSupplier<ReactiveAuthenticationManager> manager = SingletonSupplier
				.of(() -> authenticationManager.getIfUnique(() -> {
					ReactiveUserDetailsService users = userDetailsService.getIfUnique();
					if (users == null) {
						throw new IllegalStateException("API tokens need a ReactiveAuthenticationManager or a "
								+ "ReactiveUserDetailsService bean");
					}
					UserDetailsRepositoryReactiveAuthenticationManager fromUsers = new UserDetailsRepositoryReactiveAuthenticationManager(
							users);
					passwordEncoder.ifUnique(fromUsers::setPasswordEncoder);
					return fromUsers;
				}));
			SessionStarterProperties.ApiTokens apiTokens = properties.getApiTokens();
			ServerApiTokenEndpoints endpoints = new ServerApiTokenEndpoints(apiTokens.getBasePath(), families,
					manager::obtain, apiTokens.getIntrospectionAuthority());
			endpoints.setAuthenticationEventPublisher(authenticationEventPublisher
				.getIfAvailable(() -> new DefaultAuthenticationEventPublisher(applicationEventPublisher)));
			return endpoints;
		}

		/**
		 * Resolves the ReactiveAuthenticationManager once every singleton exists, so that
		 * an application without one fails at start-up rather than on its first token
		 * request.
		 */
		@Bean
		SmartInitializingSingleton sessionStarterReactiveApiTokensAuthenticationCheck(
				ServerApiTokenEndpoints serverApiTokenEndpoints) {
			return serverApiTokenEndpoints::checkAuthenticationManager;
		}

	}

}
