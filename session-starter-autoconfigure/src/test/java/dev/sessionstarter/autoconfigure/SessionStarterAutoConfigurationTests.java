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
import java.util.EnumSet;
import java.util.List;

import dev.sessionstarter.core.codec.AttributeCodec;
import dev.sessionstarter.core.codec.JavaSerializationAttributeCodec;
import dev.sessionstarter.core.codec.JsonAttributeCodec;
import dev.sessionstarter.servlet.security.RotatingSecurityContextRepository;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionTimeouts;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.servlet.SessionStoreUnavailableFilter;
import dev.sessionstarter.servlet.SessionTokenResolver;
import dev.sessionstarter.test.RealRedisConfiguration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.CookieSerializer.CookieValue;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionStarterAutoConfiguration}: what an application gets without any
 * configuration, and how properties shape it.
 *
 * @author session-starter
 */
class SessionStarterAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionStarterAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void defaultsProvideTheStoreTheFilterAndTheTokenResolver() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RedisSessionStore.class);
			assertThat(context).hasSingleBean(SessionRepository.class);
			assertThat(context).hasBean("sessionStarterFilterRegistration");
			assertThat(context).getBean(CookieSerializer.class).isInstanceOf(DefaultCookieSerializer.class);
			assertThat(context).getBean(HttpSessionIdResolver.class).isInstanceOf(SessionTokenResolver.class);
			assertThat(context).getBean(AttributeCodec.class).isInstanceOf(JsonAttributeCodec.class);
		});
	}

	@Test
	void defaultCookieIsHostPrefixedSecureHttpOnlyLaxAndHostOnly() {
		this.contextRunner.run((context) -> {
			String token = SessionTokens.mint();
			assertThat(setCookie(context.getBean(CookieSerializer.class), token))
				.isEqualTo("__Host-SID=" + token + "; Path=/; Secure; HttpOnly; SameSite=Lax");
		});
	}

	@Test
	void sessionFilterRunsAtTheDefaultOrderAndTheUnavailableFilterJustOutsideIt() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> session = context.getBean("sessionStarterFilterRegistration",
					FilterRegistrationBean.class);
			assertThat(session.getFilter()).isInstanceOf(SessionRepositoryFilter.class);
			assertThat(session.getOrder()).isEqualTo(SessionRepositoryFilter.DEFAULT_ORDER);
			FilterRegistrationBean<?> unavailable = context.getBean("sessionStoreUnavailableFilter",
					FilterRegistrationBean.class);
			assertThat(unavailable.getFilter()).isInstanceOf(SessionStoreUnavailableFilter.class);
			assertThat(unavailable.getOrder()).isEqualTo(SessionRepositoryFilter.DEFAULT_ORDER - 1)
				.isEqualTo(SessionStarterAutoConfiguration.UNAVAILABLE_FILTER_ORDER);
		});
	}

	@Test
	void filtersAlsoRunOnAsyncAndErrorDispatches() {
		this.contextRunner.run((context) -> {
			EnumSet<DispatcherType> expected = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC,
					DispatcherType.ERROR);
			assertThat(context.getBean("sessionStarterFilterRegistration", FilterRegistrationBean.class)
				.determineDispatcherTypes()).isEqualTo(expected);
			assertThat(context.getBean("sessionStoreUnavailableFilter", FilterRegistrationBean.class)
				.determineDispatcherTypes()).isEqualTo(expected);
		});
	}

	@Test
	void securityBeansArePresentWhenSpringSecurityIsOnTheClassPath() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RotatingSecurityContextRepository.class);
			assertThat(context).hasSingleBean(SessionStarterHttpSecurityCustomizer.class);
		});
	}

	@Test
	void storeTimeoutsDefaultToThirtyMinutesIdleEightHoursAbsoluteAndOneMinuteTouch() {
		this.contextRunner.run((context) -> assertThat(context.getBean(RedisSessionStore.class).getTimeouts())
			.isEqualTo(new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(8), Duration.ofMinutes(1))));
	}

	@Test
	void touchIntervalFollowsAShortIdleTimeoutWhenUnset() {
		this.contextRunner
			.withPropertyValues("session-starter.timeout.idle=60s", "session-starter.timeout.absolute=90s")
			.run((context) -> assertThat(context.getBean(RedisSessionStore.class).getTimeouts())
				.isEqualTo(new SessionTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(90), Duration.ofSeconds(6))));
	}

	@Test
	void storeTimeoutsReflectTheProperties() {
		this.contextRunner
			.withPropertyValues("session-starter.timeout.idle=10m", "session-starter.timeout.absolute=2h",
					"session-starter.timeout.touch-interval=15s")
			.run((context) -> assertThat(context.getBean(RedisSessionStore.class).getTimeouts())
				.isEqualTo(new SessionTimeouts(Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofSeconds(15))));
	}

	@Test
	void javaSerializationWithAllowedTypesUsesTheJavaSerializationCodec() {
		this.contextRunner
			.withPropertyValues("session-starter.attributes.java-serialization=true",
					"session-starter.attributes.allowed-types=com.example.cart.*")
			.run((context) -> assertThat(context).getBean(AttributeCodec.class)
				.isInstanceOf(JavaSerializationAttributeCodec.class));
	}

	@Test
	void cookieTransportIgnoresABearerHeader() {
		this.contextRunner.run((context) -> {
			String token = SessionTokens.mint();
			assertThat(resolve(context.getBean(HttpSessionIdResolver.class), bearerRequest(token))).isEmpty();
			assertThat(resolve(context.getBean(HttpSessionIdResolver.class), cookieRequest(token)))
				.containsExactly(token);
		});
	}

	@Test
	void headerTransportReadsABearerToken() {
		this.contextRunner.withPropertyValues("session-starter.transport=header").run((context) -> {
			String token = SessionTokens.mint();
			HttpSessionIdResolver resolver = context.getBean(HttpSessionIdResolver.class);
			assertThat(resolve(resolver, bearerRequest(token))).containsExactly(token);
			assertThat(resolve(resolver, cookieRequest(token))).isEmpty();
		});
	}

	@Test
	void bothTransportReadsABearerTokenAndACookie() {
		this.contextRunner.withPropertyValues("session-starter.transport=both").run((context) -> {
			String token = SessionTokens.mint();
			HttpSessionIdResolver resolver = context.getBean(HttpSessionIdResolver.class);
			assertThat(resolve(resolver, bearerRequest(token))).containsExactly(token);
			assertThat(resolve(resolver, cookieRequest(token))).containsExactly(token);
		});
	}

	@Test
	void headerTransportSendsNewTokensInTheConfiguredResponseHeader() {
		this.contextRunner
			.withPropertyValues("session-starter.transport=header", "session-starter.header.response-name=X-Session")
			.run((context) -> {
				String token = SessionTokens.mint();
				MockHttpServletResponse response = new MockHttpServletResponse();
				context.getBean(HttpSessionIdResolver.class)
					.setSessionId(new MockHttpServletRequest(), response, token);
				assertThat(response.getHeader("X-Session")).isEqualTo(token);
				assertThat(response.getHeader("Set-Cookie")).isNull();
			});
	}

	static String setCookie(CookieSerializer serializer, String value) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		serializer.writeCookieValue(new CookieValue(new MockHttpServletRequest(), response, value));
		return response.getHeader("Set-Cookie");
	}

	private static List<String> resolve(HttpSessionIdResolver resolver, MockHttpServletRequest request) {
		return resolver.resolveSessionIds(request);
	}

	private static MockHttpServletRequest bearerRequest(String token) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer " + token);
		return request;
	}

	private static MockHttpServletRequest cookieRequest(String token) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("__Host-SID", token));
		return request;
	}

}
