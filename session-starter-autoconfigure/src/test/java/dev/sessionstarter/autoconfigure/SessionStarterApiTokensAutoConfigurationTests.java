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

import java.time.Duration;

import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.TokenFamilies;
import dev.sessionstarter.reactive.ServerApiTokenEndpoints;
import dev.sessionstarter.servlet.ApiTokenEndpoints;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionStarterApiTokensAutoConfiguration}.
 *
 * @author session-starter
 */
class SessionStarterApiTokensAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				SessionStarterAutoConfiguration.class, SessionStarterApiTokensAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				SessionStarterReactiveAutoConfiguration.class, SessionStarterApiTokensAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class)
		.withPropertyValues("session-starter.api-tokens.enabled=true", "session-starter.transport=both");

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RedisSessionStore.class)
			.doesNotHaveBean(TokenFamilies.class)
			.doesNotHaveBean("apiTokenEndpoints"));
	}

	@Test
	void enabledServesTheEndpointsAheadOfSpringSecurity() {
		this.contextRunner.withUserConfiguration(Authentication.class)
			.withPropertyValues("session-starter.api-tokens.enabled=true", "session-starter.transport=both",
					"session-starter.api-tokens.base-path=/api/auth")
			.run((context) -> {
				assertThat(context).hasSingleBean(TokenFamilies.class);
				FilterRegistrationBean<?> registration = context.getBean("apiTokenEndpoints",
						FilterRegistrationBean.class);
				assertThat(registration.getFilter()).isInstanceOf(ApiTokenEndpoints.class);
				assertThat(registration.getOrder()).as("ahead of Spring Security's filter order").isLessThan(-100);
			});
	}

	@Test
	void backsOffWhenTheUserDefinesTokenFamilies() {
		this.contextRunner
			.withPropertyValues("session-starter.api-tokens.enabled=true", "session-starter.transport=header")
			.withUserConfiguration(UserTokenFamilies.class, Authentication.class)
			.run((context) -> assertThat(context).getBean(TokenFamilies.class)
				.isSameAs(context.getBean("userTokenFamilies")));
	}

	@Test
	void refusesToStartWhenAccessTokensCannotTravel() {
		this.contextRunner.withPropertyValues("session-starter.api-tokens.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidSessionConfigurationException.class)
				.hasMessageContaining("session-starter.transport"));
	}

	@Test
	void refusesAnAccessTokenLifetimeShorterThanItsIdleTimeout() {
		this.contextRunner
			.withPropertyValues("session-starter.api-tokens.enabled=true", "session-starter.transport=both",
					"session-starter.api-tokens.access-token-idle=2h")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("session-starter.api-tokens.access-token-lifetime"));
	}

	@Test
	void refusesToStartWithoutAnAuthenticationManager() {
		this.contextRunner
			.withPropertyValues("session-starter.api-tokens.enabled=true", "session-starter.transport=both")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("API tokens need an AuthenticationManager"));
	}

	@Test
	void reactiveApplicationGetsTheEndpointsAsAWebFilterOverItsUsers() {
		this.reactiveContextRunner.withUserConfiguration(ReactiveUsers.class).run((context) -> {
			assertThat(context).hasSingleBean(TokenFamilies.class).hasSingleBean(ServerApiTokenEndpoints.class);
			assertThat(context.getBean(ServerApiTokenEndpoints.class).getOrder())
				.as("ahead of Spring Security's web filter order")
				.isLessThan(-100);
			assertThat(context).doesNotHaveBean("apiTokenEndpoints");
		});
	}

	@Test
	void reactiveApplicationRefusesToStartWithoutUsersOrAnAuthenticationManager() {
		this.reactiveContextRunner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.hasMessageContaining("API tokens need a ReactiveAuthenticationManager or a ReactiveUserDetailsService"));
	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveUsers {

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(
					User.withUsername("alice").password("{noop}password").roles("USER").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Authentication {

		@Bean
		AuthenticationManager authenticationManager() {
			return (authentication) -> {
				throw new BadCredentialsException("no users here");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTokenFamilies {

		@Bean
		TokenFamilies userTokenFamilies(RedisSessionStore store) {
			return new TokenFamilies(store, new TokenFamilies.Settings(Duration.ofMinutes(5), Duration.ofMinutes(10),
					Duration.ofDays(1), Duration.ofSeconds(2)));
		}

	}

}
