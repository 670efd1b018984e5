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

import dev.sessionstarter.core.codec.AttributeCodec;
import dev.sessionstarter.core.codec.JsonAttributeCodec;
import dev.sessionstarter.servlet.security.RotatingSecurityContextRepository;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionKeys;
import dev.sessionstarter.core.store.SessionTimeouts;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.servlet.SessionStoreUnavailableFilter;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HeaderHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.CharacterEncodingFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link SessionStarterAutoConfiguration} backs off from every bean an
 * application defines itself.
 *
 * @author session-starter
 */
class SessionStarterAutoConfigurationBackOffTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionStarterAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void backsOffWhenTheUserDefinesAnAttributeCodec() {
		this.contextRunner.withUserConfiguration(UserCodec.class).run((context) -> {
			assertThat(context).hasSingleBean(AttributeCodec.class);
			assertThat(context).getBean(AttributeCodec.class).isSameAs(context.getBean("userCodec"));
		});
	}

	@Test
	void backsOffWhenTheUserDefinesARedisSessionStore() {
		this.contextRunner.withUserConfiguration(UserStore.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionRepository.class);
			assertThat(context).getBean(SessionRepository.class).isSameAs(context.getBean("userStore"));
			assertThat(context.getBean(RedisSessionStore.class).getTimeouts().idle()).isEqualTo(Duration.ofMinutes(5));
		});
	}

	@Test
	void backsOffWhenTheUserDefinesAnotherSessionRepository() {
		this.contextRunner.withUserConfiguration(UserSessionRepository.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionRepository.class);
			assertThat(context).doesNotHaveBean(RedisSessionStore.class);
			assertThat(context).getBean(SessionRepository.class).isInstanceOf(DelegatingSessionRepository.class);
			assertThat(context.getBean("sessionStarterFilterRegistration", FilterRegistrationBean.class).getFilter())
				.isInstanceOf(SessionRepositoryFilter.class);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesASessionRepositoryOfAnotherSessionType() {
		this.contextRunner.withUserConfiguration(UserMapSessionRepository.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RedisSessionStore.class);
			assertThat(context).getBean(SessionRepository.class).isInstanceOf(MapSessionRepository.class);
			assertThat(context.getBean("sessionStarterFilterRegistration", FilterRegistrationBean.class).getFilter())
				.isInstanceOf(SessionRepositoryFilter.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMapSessionRepository {

		@Bean
		MapSessionRepository userMapSessionRepository() {
			return new MapSessionRepository(new java.util.concurrent.ConcurrentHashMap<>());
		}

	}

	@Test
	void backsOffWhenTheUserDefinesACookieSerializer() {
		this.contextRunner.withUserConfiguration(UserCookieSerializer.class).run((context) -> {
			assertThat(context).hasSingleBean(CookieSerializer.class);
			assertThat(context).getBean(CookieSerializer.class).isSameAs(context.getBean("userCookieSerializer"));
		});
	}

	@Test
	void backsOffWhenTheUserDefinesAnHttpSessionIdResolver() {
		this.contextRunner.withUserConfiguration(UserResolver.class).run((context) -> {
			assertThat(context).hasSingleBean(HttpSessionIdResolver.class);
			assertThat(context).getBean(HttpSessionIdResolver.class).isInstanceOf(HeaderHttpSessionIdResolver.class);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesASessionRepositoryFilter() {
		this.contextRunner.withUserConfiguration(UserFilter.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionRepositoryFilter.class);
			assertThat(context).getBean(SessionRepositoryFilter.class).isSameAs(context.getBean("userFilter"));
			assertThat(context).doesNotHaveBean("sessionStarterFilterRegistration");
		});
	}

	@Test
	void backsOffWhenTheUserDefinesASessionRepositoryFilterRegistrationByName() {
		this.contextRunner.withUserConfiguration(UserFilterRegistration.class).run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("sessionRepositoryFilterRegistration",
					FilterRegistrationBean.class);
			assertThat(registration.getOrder()).isEqualTo(42);
			assertThat(context).doesNotHaveBean("sessionStarterFilterRegistration");
		});
	}

	@Test
	void backsOffWhenTheUserRegistersTheUnavailableFilter() {
		this.contextRunner.withUserConfiguration(UserUnavailableFilterRegistration.class).run((context) -> {
			assertThat(context).doesNotHaveBean("sessionStoreUnavailableFilter");
			assertThat(context.getBean("userUnavailableFilter", FilterRegistrationBean.class).getOrder()).isEqualTo(7);
		});
	}

	@Test
	void keepsTheUnavailableFilterWhenTheUserRegistersAnUnrelatedFilter() {
		this.contextRunner.withUserConfiguration(UnrelatedFilterRegistration.class)
			.run((context) -> assertThat(context).hasBean("sessionStoreUnavailableFilter")
				.hasBean("sessionStarterFilterRegistration"));
	}

	@Test
	void backsOffWhenTheUserDefinesARotatingSecurityContextRepository() {
		this.contextRunner.withUserConfiguration(UserSecurityContextRepository.class).run((context) -> {
			assertThat(context).hasSingleBean(RotatingSecurityContextRepository.class);
			assertThat(context).getBean(RotatingSecurityContextRepository.class)
				.isSameAs(context.getBean("userSecurityContextRepository"));
			assertThat(context).hasSingleBean(SessionStarterHttpSecurityCustomizer.class);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesAnHttpSecurityCustomizer() {
		this.contextRunner.withUserConfiguration(UserHttpSecurityCustomizer.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionStarterHttpSecurityCustomizer.class);
			assertThat(context).getBean(SessionStarterHttpSecurityCustomizer.class)
				.isSameAs(context.getBean("userHttpSecurityCustomizer"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCodec {

		@Bean
		AttributeCodec userCodec() {
			return new JsonAttributeCodec();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStore {

		@Bean
		RedisSessionStore userStore(RedisConnectionFactory connectionFactory) {
			return new RedisSessionStore(connectionFactory, new JsonAttributeCodec(),
					new SessionTimeouts(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(10)),
					new SessionKeys("user-store"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSessionRepository {

		@Bean
		SessionRepository<StoredSession> userSessionRepository(RedisConnectionFactory connectionFactory) {
			return new DelegatingSessionRepository(new RedisSessionStore(connectionFactory, new JsonAttributeCodec(),
					SessionTimeouts.DEFAULTS, new SessionKeys("user-repository")));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCookieSerializer {

		@Bean
		CookieSerializer userCookieSerializer() {
			return new DefaultCookieSerializer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserResolver {

		@Bean
		HttpSessionIdResolver userResolver() {
			return HeaderHttpSessionIdResolver.xAuthToken();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilter {

		@Bean
		SessionRepositoryFilter<StoredSession> userFilter(SessionRepository<StoredSession> repository) {
			return new SessionRepositoryFilter<>(repository);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterRegistration {

		@Bean
		FilterRegistrationBean<SessionRepositoryFilter<?>> sessionRepositoryFilterRegistration(
				SessionRepository<StoredSession> repository) {
			FilterRegistrationBean<SessionRepositoryFilter<?>> registration = new FilterRegistrationBean<>(
					new SessionRepositoryFilter<>(repository));
			registration.setOrder(42);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserUnavailableFilterRegistration {

		@Bean
		FilterRegistrationBean<SessionStoreUnavailableFilter> userUnavailableFilter() {
			FilterRegistrationBean<SessionStoreUnavailableFilter> registration = new FilterRegistrationBean<>(
					new SessionStoreUnavailableFilter(Duration.ofSeconds(1), null));
			registration.setOrder(7);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnrelatedFilterRegistration {

		@Bean
		FilterRegistrationBean<CharacterEncodingFilter> encodingFilter() {
			return new FilterRegistrationBean<>(new CharacterEncodingFilter("UTF-8"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSecurityContextRepository {

		@Bean
		RotatingSecurityContextRepository userSecurityContextRepository() {
			return new RotatingSecurityContextRepository(new HttpSessionSecurityContextRepository(), false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHttpSecurityCustomizer {

		@Bean
		SessionStarterHttpSecurityCustomizer userHttpSecurityCustomizer() {
			return new SessionStarterHttpSecurityCustomizer(new HttpSessionSecurityContextRepository(), false, false);
		}

	}

	/**
	 * A repository of the application's own, e.g. one that adds auditing around the
	 * store.
	 */
	static class DelegatingSessionRepository implements SessionRepository<StoredSession> {

		private final SessionRepository<StoredSession> delegate;

		DelegatingSessionRepository(SessionRepository<StoredSession> delegate) {
			this.delegate = delegate;
		}

		@Override
		public StoredSession createSession() {
			return this.delegate.createSession();
		}

		@Override
		public void save(StoredSession session) {
			this.delegate.save(session);
		}

		@Override
		public @Nullable StoredSession findById(String id) {
			return this.delegate.findById(id);
		}

		@Override
		public void deleteById(String id) {
			this.delegate.deleteById(id);
		}

	}

}
