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

import dev.sessionstarter.servlet.oauth2.BackChannelLogoutFilter;
import dev.sessionstarter.servlet.oauth2.ReauthenticatingAuthorizedClientRepository;
import dev.sessionstarter.core.oauth2.RedisOidcSessionRegistry;
import dev.sessionstarter.servlet.oauth2.SingleRefreshAuthorizedClientManager;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.oidc.session.InMemoryOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.client.web.AuthenticatedPrincipalOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionStarterOAuth2ClientAutoConfiguration}: with an OAuth 2.0 client
 * registration, authorized clients live in the session (so in Redis, for every node)
 * instead of in the memory of one node.
 */
class SessionStarterOAuth2ClientAutoConfigurationTests {

	/** A client registration, also used by the reactive side's tests. */
	static final String[] REGISTRATION = { "spring.security.oauth2.client.registration.idp.client-id=session-app",
			"spring.security.oauth2.client.registration.idp.client-secret=secret",
			"spring.security.oauth2.client.registration.idp.authorization-grant-type=authorization_code",
			"spring.security.oauth2.client.registration.idp.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
			"spring.security.oauth2.client.provider.idp.authorization-uri=http://localhost:9/authorize",
			"spring.security.oauth2.client.provider.idp.token-uri=http://localhost:9/token" };

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				SessionStarterAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, OAuth2ClientAutoConfiguration.class,
				OAuth2ClientWebSecurityAutoConfiguration.class, SessionStarterOAuth2ClientAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void authorizedClientsLiveInTheSessionAndAreRefreshedOncePerSession() {
		this.contextRunner.withPropertyValues(REGISTRATION).run((context) -> {
			assertThat(context).getBean(OAuth2AuthorizedClientRepository.class)
				.isInstanceOf(ReauthenticatingAuthorizedClientRepository.class);
			assertThat(context).getBean(OAuth2AuthorizedClientManager.class)
				.isInstanceOf(SingleRefreshAuthorizedClientManager.class);
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnRepository() {
		this.contextRunner.withPropertyValues(REGISTRATION)
			.withUserConfiguration(OwnRepository.class)
			.run((context) -> assertThat(context).getBean(OAuth2AuthorizedClientRepository.class)
				.isSameAs(context.getBean(OwnRepository.class).repository));
	}

	@Test
	void withoutAClientRegistrationAddsNothing() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(OAuth2AuthorizedClientRepository.class));
	}

	@Test
	void withoutTheSessionStoreSpringBootsDefaultStays() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class, OAuth2ClientAutoConfiguration.class,
					OAuth2ClientWebSecurityAutoConfiguration.class, SessionStarterOAuth2ClientAutoConfiguration.class))
			.withPropertyValues(REGISTRATION)
			.run((context) -> assertThat(context).getBean(OAuth2AuthorizedClientRepository.class)
				.isInstanceOf(AuthenticatedPrincipalOAuth2AuthorizedClientRepository.class));
	}

	@Test
	void chainsWithOidcLogoutGetTheBackChannelEndpointInFrontOfSpringSecuritysAndOthersDoNot() {
		this.contextRunner.withPropertyValues(REGISTRATION).withUserConfiguration(TwoChains.class).run((context) -> {
			assertThat(context).getBean(OidcSessionRegistry.class).isInstanceOf(RedisOidcSessionRegistry.class);
			List<SecurityFilterChain> chains = context.getBean(FilterChainProxy.class).getFilterChains();
			List<String> withLogout = filterNames(chains.get(0));
			assertThat(withLogout).contains(BackChannelLogoutFilter.class.getSimpleName(),
					"OidcBackChannelLogoutFilter");
			assertThat(withLogout.indexOf(BackChannelLogoutFilter.class.getSimpleName()))
				.isLessThan(withLogout.indexOf("OidcBackChannelLogoutFilter"));
			assertThat(filterNames(chains.get(1))).doesNotContain(BackChannelLogoutFilter.class.getSimpleName());
		});
	}

	@Test
	void withTheApplicationsOwnOidcSessionRegistrySpringSecuritysEndpointStays() {
		this.contextRunner.withPropertyValues(REGISTRATION)
			.withUserConfiguration(TwoChains.class, OwnOidcSessionRegistry.class)
			.run((context) -> {
				assertThat(context).getBean(OidcSessionRegistry.class).isInstanceOf(InMemoryOidcSessionRegistry.class);
				List<String> withLogout = filterNames(context.getBean(FilterChainProxy.class).getFilterChains().get(0));
				assertThat(withLogout).contains("OidcBackChannelLogoutFilter")
					.doesNotContain(BackChannelLogoutFilter.class.getSimpleName());
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnOidcSessionRegistry {

		@Bean
		OidcSessionRegistry ownOidcSessionRegistry() {
			return new InMemoryOidcSessionRegistry();
		}

	}

	private static List<String> filterNames(SecurityFilterChain chain) {
		return chain.getFilters().stream().map((filter) -> filter.getClass().getSimpleName()).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoChains {

		@Bean
		@Order(1)
		SecurityFilterChain withOidcLogout(HttpSecurity http) throws Exception {
			http.securityMatcher("/app/**");
			http.oauth2Login(Customizer.withDefaults());
			http.oidcLogout((logout) -> logout.backChannel(Customizer.withDefaults()));
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain withoutOidcLogout(HttpSecurity http) throws Exception {
			http.oauth2Login(Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRepository {

		final OAuth2AuthorizedClientRepository repository = new HttpSessionOAuth2AuthorizedClientRepository();

		@Bean
		OAuth2AuthorizedClientRepository ownAuthorizedClientRepository() {
			return this.repository;
		}

	}

}
