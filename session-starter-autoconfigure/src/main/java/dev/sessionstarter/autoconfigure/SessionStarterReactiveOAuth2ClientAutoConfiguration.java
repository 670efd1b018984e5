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

import java.time.Clock;

import dev.sessionstarter.reactive.oauth2.ReauthenticatingServerAuthorizedClientRepository;
import dev.sessionstarter.core.oauth2.BackChannelLogout;
import dev.sessionstarter.core.store.ProviderSessions;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.reactive.oauth2.ReauthenticatingServerAuthorizationRequestResolver;
import dev.sessionstarter.reactive.oauth2.RedisReactiveOidcSessionRegistry;
import dev.sessionstarter.reactive.oauth2.ServerBackChannelLogoutChains;
import dev.sessionstarter.reactive.oauth2.ServerBackChannelLogoutWebFilter;
import dev.sessionstarter.reactive.oauth2.SingleRefreshReactiveAuthorizedClientManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The reactive side of {@link SessionStarterOAuth2ClientAutoConfiguration}: OAuth 2.0
 * authorized clients (the access and refresh tokens a reactive application or gateway got
 * for a signed-in user) are kept in the user's session, and so in Redis, instead of
 * Spring Boot's default {@code InMemoryReactiveOAuth2AuthorizedClientService}, which
 * holds them in the memory of the node that handled the login. Every node then finds them
 * (Spring Cloud Gateway's {@code TokenRelay} among them), and they end with the session.
 *
 * @author session-starter
 */
@AutoConfiguration(after = SessionStarterReactiveAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration",
		beforeName = "org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ WebSessionServerOAuth2AuthorizedClientRepository.class,
		SingleRefreshReactiveAuthorizedClientManager.class })
@ConditionalOnBean({ RedisSessionStore.class, ReactiveClientRegistrationRepository.class })
public final class SessionStarterReactiveOAuth2ClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServerOAuth2AuthorizedClientRepository authorizedClientRepository(SessionStarterProperties properties) {
		SessionStarterProperties.RecentAuthentication recent = properties.getRecentAuthentication();
		// With re-authentication, another user's refused provider login must not leave
		// its
		// provider tokens in the session.
		return recent.isEnabled() ? new ReauthenticatingServerAuthorizedClientRepository()
				: new WebSessionServerOAuth2AuthorizedClientRepository();
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveOAuth2AuthorizedClientManager authorizedClientManager(
			ReactiveClientRegistrationRepository clientRegistrations,
			ServerOAuth2AuthorizedClientRepository authorizedClients, RedisSessionStore store) {
		// Spring Security's own default manager, for every grant it supports; ours only
		// makes sure that one request refreshes, on whichever node.
		return new SingleRefreshReactiveAuthorizedClientManager(
				new DefaultReactiveOAuth2AuthorizedClientManager(clientRegistrations, authorizedClients), store);
	}

	/**
	 * Picked up by {@code oauth2Login()} in place of its default resolver: a login
	 * started by a signed-in user (a re-authentication) asks the provider to authenticate
	 * the user again.
	 * @param clientRegistrations the client registrations
	 * @return the resolver
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "session-starter.recent-authentication.enabled", matchIfMissing = true)
	ServerOAuth2AuthorizationRequestResolver authorizationRequestResolver(
			ReactiveClientRegistrationRepository clientRegistrations) {
		return new ReauthenticatingServerAuthorizationRequestResolver(clientRegistrations);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(value = { ReactiveOidcSessionRegistry.class, ServerHttpSecurity.class },
			name = "org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder")
	static final class BackChannelLogoutConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ProviderSessions providerSessions(RedisSessionStore store) {
			return new ProviderSessions(store);
		}

		@Bean
		@ConditionalOnMissingBean
		ReactiveOidcSessionRegistry oidcSessionRegistry(ProviderSessions providerSessions) {
			return new RedisReactiveOidcSessionRegistry(providerSessions);
		}

		@Bean
		static BackChannelLogoutChains sessionStarterBackChannelLogoutChains(
				ObjectProvider<ReactiveClientRegistrationRepository> clientRegistrations,
				ObjectProvider<ProviderSessions> providerSessions,
				ObjectProvider<ReactiveOidcSessionRegistry> registry) {
			return new BackChannelLogoutChains(clientRegistrations, providerSessions, registry);
		}

	}

	/**
	 * Puts the starter's back-channel logout endpoint in the place of Spring Security's,
	 * in filter chains that configure {@code oidcLogout().backChannel()}. A reactive
	 * {@code ServerHttpSecurity} has no configurer that runs after the application's own,
	 * so the built chain is adapted: its filters stay in their order, Spring Security's
	 * endpoint replaced.
	 *
	 * <p>
	 * Only where logins are recorded in Redis, by the registry bean the chain picks up:
	 * with an application's own {@code ReactiveOidcSessionRegistry} bean the endpoint
	 * would find nothing and answer 200 for sessions it never ended, so Spring Security's
	 * filter stays. (A registry passed to {@code oidcSessionRegistry(...)} in the chain's
	 * configuration and not declared as a bean is not seen here.)
	 */
	static final class BackChannelLogoutChains implements BeanPostProcessor {

		private final ObjectProvider<ReactiveClientRegistrationRepository> clientRegistrations;

		private final ObjectProvider<ProviderSessions> providerSessions;

		private final ObjectProvider<ReactiveOidcSessionRegistry> registry;

		BackChannelLogoutChains(ObjectProvider<ReactiveClientRegistrationRepository> clientRegistrations,
				ObjectProvider<ProviderSessions> providerSessions,
				ObjectProvider<ReactiveOidcSessionRegistry> registry) {
			this.clientRegistrations = clientRegistrations;
			this.providerSessions = providerSessions;
			this.registry = registry;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof SecurityWebFilterChain chain)
					|| !(this.registry.getIfUnique() instanceof RedisReactiveOidcSessionRegistry)) {
				return bean;
			}
			return ServerBackChannelLogoutChains.adapt(chain,
					() -> new ServerBackChannelLogoutWebFilter(this.clientRegistrations.getObject(),
							new BackChannelLogout(this.providerSessions.getObject(), Clock.systemUTC())));
		}

	}

}
