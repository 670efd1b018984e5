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

import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.servlet.SessionStoreUnavailableFilter;
import dev.sessionstarter.servlet.SessionTokenResolver;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Auto-configuration for secure, Redis-backed, server-side sessions: the store, the
 * session cookie and bearer transport, Spring Session's repository filter (ahead of
 * Spring Security) and a filter that answers 503 while the store is unreachable.
 *
 * @author session-starter
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class,
		beforeName = "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ RedisConnectionFactory.class, SessionRepositoryFilter.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(SessionStarterProperties.class)
@Import({ SessionStarterStoreConfiguration.class, SessionStarterSecurityConfiguration.class })
public final class SessionStarterAutoConfiguration {

	/**
	 * Order of the filter that turns store outages into 503, just outside the session
	 * filter.
	 */
	public static final int UNAVAILABLE_FILTER_ORDER = SessionRepositoryFilter.DEFAULT_ORDER - 1;

	SessionStarterAutoConfiguration(SessionStarterProperties properties) {
		SessionStarterPropertiesValidator.validate(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	CookieSerializer sessionCookieSerializer(SessionStarterProperties properties,
			ObjectProvider<SessionCookieCustomizer> customizers) {
		SessionStarterProperties.Cookie cookie = properties.getCookie();
		DefaultCookieSerializer serializer = new DefaultCookieSerializer();
		// Tokens are already base64url; a second encoding would only hide malformed
		// values.
		serializer.setUseBase64Encoding(false);
		PropertyMapper map = PropertyMapper.get();
		map.from(cookie::getName).to(serializer::setCookieName);
		map.from(cookie::getPath).to(serializer::setCookiePath);
		map.from(cookie::getDomain).to(serializer::setDomainName);
		map.from(cookie::isSecure).to(serializer::setUseSecureCookie);
		map.from(cookie::isHttpOnly).to(serializer::setUseHttpOnlyCookie);
		map.from(cookie::getSameSite).as(SessionStarterProperties.SameSite::attributeValue).to(serializer::setSameSite);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(serializer));
		return serializer;
	}

	@Bean
	@ConditionalOnMissingBean
	HttpSessionIdResolver sessionTokenResolver(CookieSerializer cookieSerializer, SessionStarterProperties properties,
			ObjectProvider<SessionTokenResolver.RejectionListener> rejectionListeners) {
		SessionTokenResolver resolver = new SessionTokenResolver(cookieSerializer, properties.getTransport(),
				properties.getHeader().getResponseName());
		resolver.setRejectionListeners(rejectionListeners.orderedStream().toList());
		return resolver;
	}

	// The filter is deliberately not a bean: Boot's own session auto-configuration, when
	// an application also has it, registers every SessionRepositoryFilter bean a second
	// time. An application that defines its own SessionRepositoryFilter bean gets it
	// registered by Boot as any Filter bean, and this registration backs off.
	@Bean
	@ConditionalOnMissingBean(value = SessionRepositoryFilter.class, name = "sessionRepositoryFilterRegistration")
	<S extends Session> FilterRegistrationBean<SessionRepositoryFilter<S>> sessionStarterFilterRegistration(
			SessionRepository<S> sessionRepository, HttpSessionIdResolver sessionTokenResolver) {
		SessionRepositoryFilter<S> filter = new SessionRepositoryFilter<>(sessionRepository);
		filter.setHttpSessionIdResolver(sessionTokenResolver);
		FilterRegistrationBean<SessionRepositoryFilter<S>> registration = new FilterRegistrationBean<>(filter);
		registration.setName("sessionRepositoryFilter");
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(value = SessionStoreUnavailableFilter.class,
			parameterizedContainer = FilterRegistrationBean.class)
	FilterRegistrationBean<SessionStoreUnavailableFilter> sessionStoreUnavailableFilter(
			SessionStarterProperties properties, ObjectProvider<RedisSessionStore> store) {
		FilterRegistrationBean<SessionStoreUnavailableFilter> registration = new FilterRegistrationBean<>(
				new SessionStoreUnavailableFilter(properties.getRetryAfter(), store.getIfUnique()));
		registration.setOrder(UNAVAILABLE_FILTER_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

}
