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

import dev.sessionstarter.servlet.dbsc.DeviceBindingFilter;
import dev.sessionstarter.servlet.dbsc.DeviceBindingOffer;
import dev.sessionstarter.core.dbsc.DeviceBindings;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionStarterDeviceBindingAutoConfiguration}.
 *
 * @author session-starter
 */
class SessionStarterDeviceBindingAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				SessionStarterAutoConfiguration.class, SessionStarterDeviceBindingAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RedisSessionStore.class)
			.doesNotHaveBean(DeviceBindings.class)
			.doesNotHaveBean(DeviceBindingOffer.class)
			.doesNotHaveBean("sessionStarterDeviceBindingFilter"));
	}

	@Test
	void enabledServesTheEndpointsAfterTheSessionFilterAndAheadOfSpringSecurity() {
		this.contextRunner.withPropertyValues("session-starter.device-binding.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(DeviceBindings.class).hasSingleBean(DeviceBindingOffer.class);
			FilterRegistrationBean<?> registration = context.getBean("sessionStarterDeviceBindingFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(DeviceBindingFilter.class);
			assertThat(registration.getOrder()).isGreaterThan(SessionRepositoryFilter.DEFAULT_ORDER)
				.as("ahead of Spring Security's filter order")
				.isLessThan(-100);
		});
	}

	@Test
	void theLoginOfferReachesTheSecurityCustomizer() {
		this.contextRunner.withPropertyValues("session-starter.device-binding.enabled=true")
			.run((context) -> assertThat(context.getBean(SessionStarterHttpSecurityCustomizer.class))
				.extracting("deviceBindingOffer")
				.isSameAs(context.getBean(DeviceBindingOffer.class)));
	}

	@Test
	void refusesABoundCookieThatLivesTooLong() {
		this.contextRunner
			.withPropertyValues("session-starter.device-binding.enabled=true",
					"session-starter.device-binding.cookie-lifetime=8h")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidSessionConfigurationException.class)
				.hasMessageContaining("session-starter.device-binding.cookie-lifetime"));
	}

	@Test
	void refusesAHostPrefixedBoundCookieThatIsNotSecure() {
		this.contextRunner
			.withPropertyValues("session-starter.device-binding.enabled=true", "session-starter.cookie.secure=false",
					"session-starter.cookie.name=SID")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("session-starter.device-binding.cookie-name"));
	}

	@Test
	void refusesOnePathForBothEndpoints() {
		this.contextRunner
			.withPropertyValues("session-starter.device-binding.enabled=true",
					"session-starter.device-binding.refresh-path=/dbsc/registration")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("session-starter.device-binding.refresh-path"));
	}

}
