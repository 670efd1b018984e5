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

import dev.sessionstarter.core.dbsc.DeviceBindingCheck;
import dev.sessionstarter.core.dbsc.DeviceBindingEndpoints;
import dev.sessionstarter.core.dbsc.DeviceBindingSettings;
import dev.sessionstarter.core.dbsc.DeviceBindings;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionKeys;
import dev.sessionstarter.reactive.ReactiveRedisSessionRepository;
import dev.sessionstarter.reactive.dbsc.ServerDeviceBindingOffer;
import dev.sessionstarter.reactive.dbsc.ServerDeviceBindingWebFilter;
import dev.sessionstarter.servlet.dbsc.DeviceBindingFilter;
import dev.sessionstarter.servlet.dbsc.DeviceBindingOffer;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Auto-configuration of device-bound sessions ({@code session-starter.device-binding.*},
 * off unless {@code enabled=true}), on servlet and reactive applications alike: logins
 * offer the binding, the registration and refresh endpoints are served, and the store
 * lets a bound session serve only requests with a live bound cookie.
 *
 * @author session-starter
 */
@AutoConfiguration(after = { SessionStarterAutoConfiguration.class, SessionStarterReactiveAutoConfiguration.class })
@ConditionalOnWebApplication
@ConditionalOnBean(RedisSessionStore.class)
@ConditionalOnProperty(name = "session-starter.device-binding.enabled", havingValue = "true")
@EnableConfigurationProperties(SessionStarterDeviceBindingProperties.class)
public final class SessionStarterDeviceBindingAutoConfiguration {

	/**
	 * Order of the servlet endpoints filter: after the session filter (it reads the
	 * session of the request), ahead of Spring Security.
	 */
	public static final int FILTER_ORDER = SessionRepositoryFilter.DEFAULT_ORDER + 2;

	private static final String PREFIX = "session-starter.device-binding.";

	@Bean
	@ConditionalOnMissingBean
	DeviceBindingSettings sessionStarterDeviceBindingSettings(SessionStarterDeviceBindingProperties binding,
			SessionStarterProperties properties) {
		validate(binding, properties);
		return new DeviceBindingSettings(binding.getRegistrationPath(), binding.getRefreshPath(),
				binding.getCookieName(), binding.getCookieLifetime(), binding.getChallengeLifetime(),
				properties.getCookie().isSecure(), properties.getCookie().getSameSite().attributeValue(),
				binding.getMode());
	}

	@Bean
	@ConditionalOnMissingBean
	DeviceBindings sessionStarterDeviceBindings(RedisSessionStore store, SessionStarterProperties properties,
			RedisConnectionFactory connectionFactory) {
		return new DeviceBindings(store, new SessionKeys(properties.getRedis().getNamespace()), connectionFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	DeviceBindingEndpoints sessionStarterDeviceBindingEndpoints(DeviceBindings bindings, DeviceBindingSettings settings,
			RedisSessionStore store) {
		return new DeviceBindingEndpoints(bindings, settings, store::getClock);
	}

	@Bean
	SessionStoreCustomizer sessionStarterDeviceBindingCheck(ApplicationEventPublisher publisher,
			SessionStarterDeviceBindingProperties binding) {
		return (store) -> store
			.setDeviceBindingCheck(new DeviceBindingCheck(publisher, binding.getMode(), store::getClock));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(SessionAuthenticationStrategy.class)
	static class ServletDeviceBinding {

		@Bean
		@ConditionalOnMissingBean
		DeviceBindingOffer sessionStarterDeviceBindingOffer(DeviceBindingSettings settings, RedisSessionStore store) {
			DeviceBindingOffer offer = new DeviceBindingOffer(settings);
			offer.setClock(store::getClock);
			return offer;
		}

		@Bean
		@ConditionalOnMissingBean(value = DeviceBindingFilter.class,
				parameterizedContainer = FilterRegistrationBean.class)
		FilterRegistrationBean<DeviceBindingFilter> sessionStarterDeviceBindingFilter(DeviceBindingEndpoints endpoints,
				DeviceBindingSettings settings, RedisSessionStore store) {
			DeviceBindingFilter filter = new DeviceBindingFilter(endpoints, store, settings.cookieName());
			FilterRegistrationBean<DeviceBindingFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(FILTER_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass({ ServerHttpSecurity.class, ReactiveRedisSessionRepository.class })
	@ConditionalOnBean(ReactiveRedisSessionRepository.class)
	static class ReactiveDeviceBinding {

		@Bean
		@ConditionalOnMissingBean
		ServerDeviceBindingOffer sessionStarterServerDeviceBindingOffer(DeviceBindingSettings settings,
				RedisSessionStore store) {
			return new ServerDeviceBindingOffer(settings, store.getClock());
		}

		@Bean
		@ConditionalOnMissingBean
		ServerDeviceBindingWebFilter sessionStarterServerDeviceBindingWebFilter(DeviceBindingEndpoints endpoints,
				ReactiveRedisSessionRepository sessions, WebSessionIdResolver tokenResolver,
				DeviceBindingSettings settings) {
			return new ServerDeviceBindingWebFilter(endpoints, sessions, tokenResolver, settings.cookieName());
		}

	}

	private static void validate(SessionStarterDeviceBindingProperties binding, SessionStarterProperties properties) {
		Duration lifetime = binding.getCookieLifetime();
		if (lifetime.compareTo(Duration.ofSeconds(10)) < 0 || lifetime.compareTo(Duration.ofHours(1)) > 0) {
			fail("cookie-lifetime", lifetime, "it must be between 10 seconds and 1 hour",
					"A copied session cookie works until the bound cookie expires: keep it at a few minutes, "
							+ "e.g. 10m.");
		}
		if (binding.getChallengeLifetime().isNegative() || binding.getChallengeLifetime().isZero()) {
			fail("challenge-lifetime", binding.getChallengeLifetime(), "it must be positive", "Set it to e.g. 2m.");
		}
		String name = binding.getCookieName();
		if (name.isEmpty() || name.equals(properties.getCookie().getName())) {
			fail("cookie-name", name, "it must be a name of its own, not the session cookie's",
					"Keep the default __Host-DBSC or choose another name.");
		}
		if (name.startsWith("__Host-") && !properties.getCookie().isSecure()) {
			fail("cookie-name", name, "browsers reject a '__Host-' cookie that is not Secure",
					"Keep session-starter.cookie.secure=true, or choose a name without the __Host- prefix.");
		}
		for (String path : new String[] { binding.getRegistrationPath(), binding.getRefreshPath() }) {
			if (!path.startsWith("/") || path.endsWith("/")) {
				fail(path.equals(binding.getRefreshPath()) ? "refresh-path" : "registration-path", path,
						"it must start with '/' and not end with '/'", "Set a path such as /dbsc/refresh.");
			}
		}
		if (binding.getRegistrationPath().equals(binding.getRefreshPath())) {
			fail("refresh-path", binding.getRefreshPath(), "it must differ from registration-path",
					"Keep the defaults /dbsc/registration and /dbsc/refresh.");
		}
	}

	private static void fail(String property, Object value, String reason, String action) {
		throw new InvalidSessionConfigurationException(PREFIX + property, value, reason, action);
	}

}
