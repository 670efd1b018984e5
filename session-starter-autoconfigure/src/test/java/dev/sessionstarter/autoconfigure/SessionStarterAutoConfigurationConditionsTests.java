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

import dev.sessionstarter.servlet.security.RotatingSecurityContextRepository;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the conditions under which {@link SessionStarterAutoConfiguration} and its
 * Spring Security part apply.
 *
 * @author session-starter
 */
class SessionStarterAutoConfigurationConditionsTests {

	private static final AutoConfigurations REDIS_AND_SESSIONS = AutoConfigurations.of(DataRedisAutoConfiguration.class,
			SessionStarterAutoConfiguration.class);

	@Test
	void appliesToAServletWebApplicationWithRedis() {
		new WebApplicationContextRunner().withConfiguration(REDIS_AND_SESSIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(SessionStarterAutoConfiguration.class)
				.hasSingleBean(RedisSessionStore.class));
	}

	@Test
	void doesNotApplyToANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(REDIS_AND_SESSIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(RedisConnectionFactory.class)
				.doesNotHaveBean(SessionStarterAutoConfiguration.class)
				.doesNotHaveBean(RedisSessionStore.class)
				.doesNotHaveBean(SessionStarterProperties.class));
	}

	@Test
	void doesNotApplyToAReactiveWebApplication() {
		new ReactiveWebApplicationContextRunner().withConfiguration(REDIS_AND_SESSIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(RedisConnectionFactory.class)
				.doesNotHaveBean(SessionStarterAutoConfiguration.class)
				.doesNotHaveBean(RedisSessionStore.class));
	}

	@Test
	void doesNotApplyWithoutARedisConnectionFactory() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessionStarterAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessionStarterAutoConfiguration.class)
				.doesNotHaveBean(SessionRepositoryFilter.class));
	}

	@Test
	void doesNotApplyWithoutSpringSessionOnTheClassPath() {
		new WebApplicationContextRunner().withConfiguration(REDIS_AND_SESSIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.withClassLoader(new FilteredClassLoader(SessionRepositoryFilter.class))
			.run((context) -> assertThat(context).hasSingleBean(RedisConnectionFactory.class)
				.doesNotHaveBean(SessionStarterAutoConfiguration.class));
	}

	@Test
	void leavesSpringSecurityAloneWhenItIsNotOnTheClassPath() {
		new WebApplicationContextRunner().withConfiguration(REDIS_AND_SESSIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.withClassLoader(new FilteredClassLoader(HttpSecurity.class))
			.run((context) -> assertThat(context).hasSingleBean(RedisSessionStore.class)
				.hasBean("sessionStarterFilterRegistration")
				.doesNotHaveBean(RotatingSecurityContextRepository.class)
				.doesNotHaveBean(SessionStarterHttpSecurityCustomizer.class));
	}

}
