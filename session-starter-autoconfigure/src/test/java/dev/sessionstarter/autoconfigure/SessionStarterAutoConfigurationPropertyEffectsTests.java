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
import dev.sessionstarter.core.store.SessionStoreUnavailableException;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisConfiguration;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.SaveMode;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that properties reach the beans {@link SessionStarterAutoConfiguration} creates.
 * Connects through {@code spring.data.redis.*}, as applications do.
 *
 * @author session-starter
 */
class SessionStarterAutoConfigurationPropertyEffectsTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionStarterAutoConfiguration.class))
		// Connection details rather than host and port, so a cluster run gets a
		// cluster-aware client.
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void cookiePropertiesShapeTheSetCookieHeader() {
		this.contextRunner
			.withPropertyValues("session-starter.cookie.name=SID", "session-starter.cookie.same-site=strict",
					"session-starter.cookie.secure=false", "session-starter.cookie.http-only=false",
					"session-starter.cookie.path=/app", "session-starter.cookie.domain=example.com")
			.run((context) -> assertThat(
					SessionStarterAutoConfigurationTests.setCookie(context.getBean(CookieSerializer.class), "token"))
				.isEqualTo("SID=token; Path=/app; Domain=example.com; SameSite=Strict"));
	}

	@Test
	void sameSiteNoneIsWrittenOnASecureCookie() {
		this.contextRunner.withPropertyValues("session-starter.cookie.same-site=none")
			.run((context) -> assertThat(
					SessionStarterAutoConfigurationTests.setCookie(context.getBean(CookieSerializer.class), "token"))
				.isEqualTo("__Host-SID=token; Path=/; Secure; HttpOnly; SameSite=None"));
	}

	@Test
	void namespacePrefixesTheKeysWrittenToRedis() {
		this.contextRunner.withPropertyValues("session-starter.redis.namespace=effects-test").run((context) -> {
			RedisSessionStore store = context.getBean(RedisSessionStore.class);
			StoredSession session = store.createSession();
			session.setAttribute("greeting", "hello");
			store.save(session);
			try {
				assertThat(RealRedis.get().command("EXISTS", "effects-test:s:{" + session.getStorageId() + "}"))
					.isEqualTo("1");
				assertThat(store.findById(session.getId())).isNotNull()
					.satisfies((found) -> assertThat((String) found.getAttribute("greeting")).isEqualTo("hello"));
			}
			finally {
				store.deleteById(session.getId());
			}
		});
	}

	@Test
	void saveModeReachesTheStore() {
		this.contextRunner.withPropertyValues("session-starter.attributes.save-mode=always")
			.run((context) -> assertThat(
					ReflectionTestUtils.getField(context.getBean(RedisSessionStore.class), "saveMode"))
				.isEqualTo(SaveMode.ALWAYS));
	}

	@Test
	void rotationPropertiesReachTheSecurityBeans() {
		this.contextRunner
			.withPropertyValues("session-starter.rotation.on-login=false",
					"session-starter.rotation.on-privilege-change=false")
			.run((context) -> {
				assertThat(ReflectionTestUtils.getField(context.getBean(RotatingSecurityContextRepository.class),
						"rotate"))
					.isEqualTo(false);
				SessionStarterHttpSecurityCustomizer customizer = context
					.getBean(SessionStarterHttpSecurityCustomizer.class);
				assertThat(ReflectionTestUtils.getField(customizer, "rotateOnLogin")).isEqualTo(false);
				assertThat(ReflectionTestUtils.getField(customizer, "bearer")).isEqualTo(false);
			});
	}

	@Test
	void securityRulesRotateAndAcceptBearerTokensWhenTheHeaderTransportIsOn() {
		this.contextRunner.withPropertyValues("session-starter.transport=both").run((context) -> {
			assertThat(ReflectionTestUtils.getField(context.getBean(RotatingSecurityContextRepository.class), "rotate"))
				.isEqualTo(true);
			SessionStarterHttpSecurityCustomizer customizer = context
				.getBean(SessionStarterHttpSecurityCustomizer.class);
			assertThat(ReflectionTestUtils.getField(customizer, "rotateOnLogin")).isEqualTo(true);
			assertThat(ReflectionTestUtils.getField(customizer, "bearer")).isEqualTo(true);
		});
	}

	@Test
	void retryAfterIsSentWhileTheStoreIsUnavailable() {
		this.contextRunner.withPropertyValues("session-starter.retry-after=42s").run((context) -> {
			Filter filter = context.getBean("sessionStoreUnavailableFilter", FilterRegistrationBean.class).getFilter();
			MockHttpServletResponse response = new MockHttpServletResponse();
			filter.doFilter(new MockHttpServletRequest(), response, (request, ignored) -> {
				throw new SessionStoreUnavailableException("Redis is down", new IllegalStateException());
			});
			assertThat(response.getStatus()).isEqualTo(503);
			assertThat(response.getHeader("Retry-After")).isEqualTo("42");
		});
	}

	@Test
	void headerTransportAnswersWithTheConfiguredResponseHeader() {
		this.contextRunner
			.withPropertyValues("session-starter.transport=both", "session-starter.header.response-name=X-Session")
			.run((context) -> {
				String token = SessionTokens.mint();
				MockHttpServletRequest request = new MockHttpServletRequest();
				request.addHeader("Authorization", "Bearer " + SessionTokens.mint());
				MockHttpServletResponse response = new MockHttpServletResponse();
				context.getBean(HttpSessionIdResolver.class).setSessionId(request, response, token);
				assertThat(response.getHeader("X-Session")).isEqualTo(token);
			});
	}

}
