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

import java.util.List;

import dev.sessionstarter.reactive.oauth2.ReauthenticatingServerAuthorizationRequestResolver;
import dev.sessionstarter.reactive.oauth2.ReauthenticatingServerAuthorizedClientRepository;
import dev.sessionstarter.reactive.oauth2.RedisReactiveOidcSessionRegistry;
import dev.sessionstarter.reactive.oauth2.ServerBackChannelLogoutWebFilter;
import dev.sessionstarter.reactive.oauth2.SingleRefreshReactiveAuthorizedClientManager;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.oidc.server.session.InMemoryReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.web.server.AuthenticatedPrincipalServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionStarterReactiveOAuth2ClientAutoConfiguration}: with an OAuth
 * 2.0 client registration, a reactive application keeps authorized clients in the session
 * (so in Redis, for every node) and refreshes them once, and chains with back-channel
 * logout get the starter's endpoint; without the store, Boot's defaults stay.
 */
class SessionStarterReactiveOAuth2ClientAutoConfigurationTests {

	private static final String[] REGISTRATION = SessionStarterOAuth2ClientAutoConfigurationTests.REGISTRATION;

	private static final AutoConfigurations OAUTH2_CLIENT = AutoConfigurations.of(
			ReactiveWebSecurityAutoConfiguration.class, ReactiveOAuth2ClientAutoConfiguration.class,
			ReactiveOAuth2ClientWebSecurityAutoConfiguration.class,
			SessionStarterReactiveOAuth2ClientAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				SessionStarterAutoConfiguration.class, SessionStarterReactiveAutoConfiguration.class))
		.withConfiguration(OAUTH2_CLIENT)
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void authorizedClientsLiveInTheSessionAndAreRefreshedOncePerSession() {
		this.contextRunner.withPropertyValues(REGISTRATION).run((context) -> {
			assertThat(context).getBean(ServerOAuth2AuthorizedClientRepository.class)
				.isInstanceOf(ReauthenticatingServerAuthorizedClientRepository.class);
			assertThat(context).getBean(ReactiveOAuth2AuthorizedClientManager.class)
				.isInstanceOf(SingleRefreshReactiveAuthorizedClientManager.class);
			assertThat(context).getBean(ServerOAuth2AuthorizationRequestResolver.class)
				.isInstanceOf(ReauthenticatingServerAuthorizationRequestResolver.class);
		});
	}

	@Test
	void withoutRecentAuthenticationLoginsAskTheProviderForNothingMore() {
		this.contextRunner.withPropertyValues(REGISTRATION)
			.withPropertyValues("session-starter.recent-authentication.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ServerOAuth2AuthorizationRequestResolver.class);
				assertThat(context).getBean(ServerOAuth2AuthorizedClientRepository.class)
					.isInstanceOf(WebSessionServerOAuth2AuthorizedClientRepository.class);
			});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnRepositoryAndManager() {
		this.contextRunner.withPropertyValues(REGISTRATION).withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).getBean(ServerOAuth2AuthorizedClientRepository.class)
				.isSameAs(context.getBean(OwnBeans.class).repository);
			assertThat(context).getBean(ReactiveOAuth2AuthorizedClientManager.class)
				.isSameAs(context.getBean(OwnBeans.class).manager);
		});
	}

	@Test
	void withoutAClientRegistrationAddsNothing() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(ServerOAuth2AuthorizedClientRepository.class)
			.doesNotHaveBean(ReactiveOAuth2AuthorizedClientManager.class));
	}

	@Test
	void withoutTheSessionStoreSpringBootsDefaultStays() {
		new ReactiveWebApplicationContextRunner().withConfiguration(OAUTH2_CLIENT)
			.withPropertyValues(REGISTRATION)
			.run((context) -> assertThat(context).getBean(ServerOAuth2AuthorizedClientRepository.class)
				.isInstanceOf(AuthenticatedPrincipalServerOAuth2AuthorizedClientRepository.class));
	}

	@Test
	void servletApplicationsGetNoneOfIt() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessionStarterReactiveOAuth2ClientAutoConfiguration.class))
			.withPropertyValues(REGISTRATION)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessionStarterReactiveOAuth2ClientAutoConfiguration.class));
	}

	@Test
	void chainsWithBackChannelLogoutGetTheStartersEndpointInPlaceOfSpringSecuritys() {
		this.contextRunner.withPropertyValues(REGISTRATION).withUserConfiguration(Chains.class).run((context) -> {
			assertThat(context).getBean(ReactiveOidcSessionRegistry.class)
				.isInstanceOf(RedisReactiveOidcSessionRegistry.class);
			List<String> withLogout = filterNames(context.getBean("withLogout", SecurityWebFilterChain.class));
			assertThat(withLogout).contains(ServerBackChannelLogoutWebFilter.class.getSimpleName())
				.doesNotContain("OidcBackChannelLogoutWebFilter");
			assertThat(filterNames(context.getBean("withoutLogout", SecurityWebFilterChain.class))).doesNotContain(
					ServerBackChannelLogoutWebFilter.class.getSimpleName(), "OidcBackChannelLogoutWebFilter");
		});
	}

	@Test
	void withTheApplicationsOwnOidcSessionRegistrySpringSecuritysEndpointStays() {
		this.contextRunner.withPropertyValues(REGISTRATION)
			.withUserConfiguration(Chains.class)
			.withBean(ReactiveOidcSessionRegistry.class, InMemoryReactiveOidcSessionRegistry::new)
			.run((context) -> assertThat(filterNames(context.getBean("withLogout", SecurityWebFilterChain.class)))
				.contains("OidcBackChannelLogoutWebFilter")
				.doesNotContain(ServerBackChannelLogoutWebFilter.class.getSimpleName()));
	}

	private static List<String> filterNames(SecurityWebFilterChain chain) {
		List<WebFilter> filters = chain.getWebFilters().collectList().block();
		return (filters != null) ? filters.stream().map((filter) -> filter.getClass().getSimpleName()).toList()
				: List.of();
	}

	@Configuration(proxyBeanMethods = false)
	static class Chains {

		@Bean
		@Order(1)
		SecurityWebFilterChain withLogout(ServerHttpSecurity http) {
			http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/logout/**"));
			http.oauth2Login(Customizer.withDefaults());
			http.oidcLogout((logout) -> logout.backChannel(Customizer.withDefaults()));
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityWebFilterChain withoutLogout(ServerHttpSecurity http) {
			http.oauth2Login(Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		final ServerOAuth2AuthorizedClientRepository repository = new WebSessionServerOAuth2AuthorizedClientRepository();

		final ReactiveOAuth2AuthorizedClientManager manager = (request) -> Mono.empty();

		@Bean
		ServerOAuth2AuthorizedClientRepository ownRepository() {
			return this.repository;
		}

		@Bean
		ReactiveOAuth2AuthorizedClientManager ownManager() {
			return this.manager;
		}

	}

}
