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

import java.lang.reflect.Proxy;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.reactive.ReactiveRedisSessionRepository;
import dev.sessionstarter.reactive.dbsc.ServerDeviceBindingOffer;
import dev.sessionstarter.reactive.dbsc.ServerDeviceBindingWebFilter;
import dev.sessionstarter.reactive.ServerSessionTokenResolver;
import dev.sessionstarter.reactive.SessionStoreUnavailableWebFilter;
import dev.sessionstarter.reactive.remember.ServerRememberedDeviceLogin;
import dev.sessionstarter.reactive.security.RotatingServerSecurityContextRepository;
import dev.sessionstarter.servlet.dbsc.DeviceBindingOffer;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactive application gets the store, a reactive session repository over it, the
 * strict token resolver and the 503 filter; servlet and non-web applications get none of
 * the reactive parts, and a reactive application whose Redis client blocks does not
 * start.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionStarterReactiveAutoConfigurationTests {

	private static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(
			DataRedisAutoConfiguration.class, SessionStarterAutoConfiguration.class,
			SessionStarterUserSessionsAutoConfiguration.class, SessionStarterApiTokensAutoConfiguration.class,
			SessionStarterEventsAutoConfiguration.class, SessionStarterReactiveAutoConfiguration.class);

	private static final Pattern NOTICE = Pattern
		.compile("INFO .*session-starter serves this reactive application's sessions from Redis\\. "
				+ "See \\S+#reactive-applications");

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AUTO_CONFIGURATIONS);

	@Test
	void reactiveApplicationGetsSessionsFromTheStoreAndIsToldOnce(CapturedOutput output) {
		this.reactive.withUserConfiguration(RealRedisConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(RedisSessionStore.class)
				.hasSingleBean(ReactiveRedisSessionRepository.class)
				.hasSingleBean(SessionStoreUnavailableWebFilter.class)
				.hasSingleBean(ServerSessionTokenResolver.class)
				.doesNotHaveBean(SessionStarterAutoConfiguration.class);
			WebSessionManager manager = context.getBean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME,
					WebSessionManager.class);
			assertThat(manager).isInstanceOf(DefaultWebSessionManager.class);
			assertThat(((DefaultWebSessionManager) manager).getSessionIdResolver())
				.isSameAs(context.getBean(ServerSessionTokenResolver.class));
		});
		assertThat(count(NOTICE, output)).isEqualTo(1);
	}

	@Test
	void deviceBindingIsThereOnReactiveApplications(CapturedOutput output) {
		this.reactive.withConfiguration(AutoConfigurations.of(SessionStarterDeviceBindingAutoConfiguration.class))
			.withUserConfiguration(RealRedisConfiguration.class)
			.withPropertyValues("session-starter.device-binding.enabled=true", "session-starter.transport=both")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ServerDeviceBindingWebFilter.class)
					.hasSingleBean(ServerDeviceBindingOffer.class)
					.doesNotHaveBean(DeviceBindingOffer.class)
					.doesNotHaveBean(FilterRegistrationBean.class);
				assertThat(context.getBean(RotatingServerSecurityContextRepository.class)).extracting("loginSteps")
					.asInstanceOf(InstanceOfAssertFactories.LIST)
					.containsExactly(context.getBean(ServerDeviceBindingOffer.class));
			});
		assertThat(output.toString()).doesNotContain("ignores").doesNotContain("not supported");
	}

	@Test
	void rememberedDevicesAreThereOnReactiveApplications(CapturedOutput output) {
		this.reactive.withUserConfiguration(RealRedisConfiguration.class)
			.withPropertyValues("session-starter.remember-device.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RememberedDevices.class)
				.hasSingleBean(ServerRememberedDeviceLogin.class));
		assertThat(output.toString()).doesNotContain("ignores session-starter.remember-device.enabled");
	}

	@Test
	void applicationsOwnReactiveSessionRepositoryIsKept() {
		this.reactive.withUserConfiguration(RealRedisConfiguration.class, OwnRepository.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeanNamesForType(ReactiveSessionRepository.class)).containsExactly("ownRepository");
		});
	}

	@Test
	void reactiveApplicationWithABlockingRedisClientDoesNotStart() {
		this.reactive.withUserConfiguration(BlockingClient.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidSessionConfigurationException.class)
				.hasMessageContaining("only Lettuce sends commands without blocking");
		});
	}

	@Test
	void servletApplicationGetsNoReactiveParts(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessionStarterReactiveAutoConfiguration.class)
				.doesNotHaveBean(ReactiveRedisSessionRepository.class)
				.hasSingleBean(SessionStarterAutoConfiguration.class));
		assertThat(count(NOTICE, output)).isZero();
	}

	@Test
	void nonWebApplicationGetsNoReactiveParts(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessionStarterReactiveAutoConfiguration.class)
				.doesNotHaveBean(ReactiveRedisSessionRepository.class));
		assertThat(count(NOTICE, output)).isZero();
	}

	private static int count(Pattern pattern, CapturedOutput output) {
		Matcher matcher = pattern.matcher(output.getOut());
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRepository {

		@Bean
		ReactiveSessionRepository<?> ownRepository(RedisSessionStore store) {
			return new ReactiveRedisSessionRepository(store);
		}

	}

	/**
	 * A connection factory that is not Lettuce's, as with Jedis: the store then waits on
	 * each call. Nothing connects, the application fails before.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BlockingClient {

		@Bean
		RedisConnectionFactory blockingConnectionFactory() {
			return (RedisConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RedisConnectionFactory.class }, (proxy, method, args) -> {
						throw new UnsupportedOperationException(method.getName());
					});
		}

	}

}
