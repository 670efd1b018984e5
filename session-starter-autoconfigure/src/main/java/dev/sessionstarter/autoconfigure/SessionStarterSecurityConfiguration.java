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

import dev.sessionstarter.servlet.dbsc.DeviceBindingOffer;
import dev.sessionstarter.servlet.freshness.RecentAuthentication;
import dev.sessionstarter.servlet.remember.RememberedDeviceCookie;
import dev.sessionstarter.servlet.security.RotatingSecurityContextRepository;
import dev.sessionstarter.servlet.security.SessionLimitAuthenticationStrategy;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.core.store.SessionLimitPolicy;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.token.TokenTransport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Spring Security wiring, active when Spring Security's configuration is on the class
 * path. Spring Security applies every {@code Customizer<HttpSecurity>} bean to each
 * {@code HttpSecurity} it builds, so applications write no security code for it.
 *
 * @author session-starter
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HttpSecurity.class)
class SessionStarterSecurityConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RotatingSecurityContextRepository sessionStarterSecurityContextRepository(SessionStarterProperties properties,
			ObjectProvider<RedisSessionStore> store) {
		SecurityContextRepository delegate = new DelegatingSecurityContextRepository(
				new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
		RotatingSecurityContextRepository repository = new RotatingSecurityContextRepository(delegate,
				properties.getRotation().isOnPrivilegeChange());
		store.ifAvailable((available) -> repository.setClock(available.getClock()));
		return repository;
	}

	@Bean
	@ConditionalOnMissingBean
	RecentAuthentication recentAuthentication(ObjectProvider<RedisSessionStore> store) {
		RedisSessionStore available = store.getIfAvailable();
		return new RecentAuthentication((available != null) ? available.getClock() : Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("session-starter.remember-device.enabled")
	RememberedDevices rememberedDevices(RedisSessionStore store, RedisConnectionFactory connectionFactory,
			SessionStarterProperties properties) {
		return new RememberedDevices(store, connectionFactory, properties.getRememberDevice().getLifetime(),
				properties.getRotation().getGrace());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionStarterHttpSecurityCustomizer sessionStarterHttpSecurityCustomizer(SessionStarterProperties properties,
			RotatingSecurityContextRepository securityContextRepository, ObjectProvider<UserSessions> userSessions,
			ObjectProvider<RememberedDevices> rememberedDevices, ObjectProvider<RedisSessionStore> store,
			ObjectProvider<DeviceBindingOffer> deviceBindingOffer) {
		SessionStarterHttpSecurityCustomizer customizer = new SessionStarterHttpSecurityCustomizer(
				securityContextRepository, properties.getRotation().isOnLogin(),
				properties.getTransport() != TokenTransport.COOKIE);
		SessionStarterProperties.ClearSiteData clearSiteData = properties.getLogout().getClearSiteData();
		if (clearSiteData.isEnabled()) {
			customizer.setClearSiteData(
					SessionStarterProperties.ClearSiteDataDirective.headerValue(clearSiteData.getDirectives()));
		}
		SessionStarterProperties.RecentAuthentication recent = properties.getRecentAuthentication();
		if (recent.isEnabled()) {
			customizer.setRecentAuthentication(recent.getLoginPage(), recent.getProviderClockSkew());
		}
		RememberedDevices devices = rememberedDevices.getIfAvailable();
		RedisSessionStore available = store.getIfAvailable();
		if (devices != null && available != null) {
			SessionStarterProperties.RememberDevice remember = properties.getRememberDevice();
			customizer.setRememberedDevices(devices, new RememberedDeviceCookie(remember.getCookieName()),
					remember.getParameter(), available.getClock());
		}
		UserSessions sessions = userSessions.getIfAvailable();
		if (sessions != null && properties.getMaxSessionsPerUser() > 0
				&& properties.getWhenExceeded() == SessionLimitPolicy.REJECT) {
			// The store refuses the session atomically either way; checking first turns
			// the refusal into an ordinary failed login instead of a login without a
			// session.
			customizer.setSessionLimitCheck(
					new SessionLimitAuthenticationStrategy(sessions, properties.getMaxSessionsPerUser()));
		}
		deviceBindingOffer.ifAvailable(customizer::setDeviceBindingOffer);
		return customizer;
	}

}
