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

import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.core.store.SessionLimitPolicy;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.token.TokenTransport;
import dev.sessionstarter.core.web.CredentialCookie;
import dev.sessionstarter.reactive.freshness.ServerRecentAuthentication;
import dev.sessionstarter.reactive.remember.ServerRememberedDeviceLogin;
import dev.sessionstarter.reactive.remember.ServerRememberedDeviceWebFilter;
import dev.sessionstarter.reactive.security.RotatingServerSecurityContextRepository;
import dev.sessionstarter.reactive.security.ServerLoginStep;
import dev.sessionstarter.reactive.security.ServerSessionLimitCheck;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * Spring Security wiring for reactive applications, active when Spring Security's
 * reactive configuration is on the class path. Spring Security applies every
 * {@code Customizer<ServerHttpSecurity>} bean to each {@code ServerHttpSecurity} it
 * builds, so applications write no security code for it.
 *
 * @author session-starter
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ServerHttpSecurity.class)
class SessionStarterReactiveSecurityConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RotatingServerSecurityContextRepository sessionStarterServerSecurityContextRepository(
			SessionStarterProperties properties, ObjectProvider<RedisSessionStore> store,
			ObjectProvider<ServerLoginStep> loginSteps, ObjectProvider<UserSessions> userSessions) {
		SessionStarterProperties.Rotation rotation = properties.getRotation();
		RotatingServerSecurityContextRepository repository = new RotatingServerSecurityContextRepository(
				rotation.isOnLogin(), rotation.isOnPrivilegeChange());
		store.ifAvailable((available) -> repository.setClock(available.getClock()));
		SessionStarterProperties.RecentAuthentication recent = properties.getRecentAuthentication();
		if (recent.isEnabled()) {
			repository.setReauthentication(recent.getProviderClockSkew());
		}
		// Remembered devices, then the offer of device binding, as on the servlet side.
		loginSteps.orderedStream().forEach(repository::addLoginStep);
		UserSessions sessions = userSessions.getIfAvailable();
		if (sessions != null && properties.getMaxSessionsPerUser() > 0
				&& properties.getWhenExceeded() == SessionLimitPolicy.REJECT) {
			// The store refuses the session atomically either way; checking first turns
			// the refusal into an ordinary failed login instead of a login without a
			// session.
			repository.setSessionLimitCheck(new ServerSessionLimitCheck(sessions, properties.getMaxSessionsPerUser()));
		}
		return repository;
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
	@ConditionalOnBean(RememberedDevices.class)
	ServerRememberedDeviceLogin serverRememberedDeviceLogin(RememberedDevices devices, RedisSessionStore store,
			SessionStarterProperties properties) {
		SessionStarterProperties.RememberDevice remember = properties.getRememberDevice();
		return new ServerRememberedDeviceLogin(devices, new CredentialCookie(remember.getCookieName()),
				remember.getParameter(), store.getClock());
	}

	@Bean
	@ConditionalOnMissingBean
	ServerRecentAuthentication serverRecentAuthentication(ObjectProvider<RedisSessionStore> store) {
		RedisSessionStore available = store.getIfAvailable();
		return new ServerRecentAuthentication((available != null) ? available.getClock() : Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionStarterServerHttpSecurityCustomizer sessionStarterServerHttpSecurityCustomizer(
			SessionStarterProperties properties, RotatingServerSecurityContextRepository securityContextRepository,
			ObjectProvider<RememberedDevices> rememberedDevices,
			ObjectProvider<ServerRememberedDeviceLogin> rememberedDeviceLogin,
			ObjectProvider<RedisSessionStore> store) {
		SessionStarterServerHttpSecurityCustomizer customizer = new SessionStarterServerHttpSecurityCustomizer(
				securityContextRepository, properties.getTransport() != TokenTransport.COOKIE);
		SessionStarterProperties.ClearSiteData clearSiteData = properties.getLogout().getClearSiteData();
		if (clearSiteData.isEnabled()) {
			customizer.setClearSiteData(
					SessionStarterProperties.ClearSiteDataDirective.headerValue(clearSiteData.getDirectives()));
		}
		SessionStarterProperties.RecentAuthentication recent = properties.getRecentAuthentication();
		if (recent.isEnabled()) {
			customizer.setRecentAuthentication(recent.getLoginPage());
		}
		RememberedDevices devices = rememberedDevices.getIfAvailable();
		ServerRememberedDeviceLogin login = rememberedDeviceLogin.getIfAvailable();
		RedisSessionStore available = store.getIfAvailable();
		if (devices != null && login != null && available != null) {
			customizer.setRememberedDevices(
					new ServerRememberedDeviceWebFilter(devices,
							new CredentialCookie(properties.getRememberDevice().getCookieName()), available.getClock()),
					login);
		}
		return customizer;
	}

}
