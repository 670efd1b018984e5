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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.session.web.http.CookieSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link SessionStoreCustomizer} and {@link SessionCookieCustomizer} beans
 * adjust the auto-configured beans.
 *
 * @author session-starter
 */
class SessionStarterAutoConfigurationCustomizerTests {

	private static final Instant FIXED_INSTANT = Instant.parse("2030-01-01T00:00:00Z");

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionStarterAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void storeCustomizerIsAppliedToTheStore() {
		this.contextRunner.withUserConfiguration(FixedClockCustomizer.class).run((context) -> {
			RedisSessionStore store = context.getBean(RedisSessionStore.class);
			assertThat(store.createSession().getCreationTime()).isEqualTo(FIXED_INSTANT);
		});
	}

	@Test
	void cookieCustomizerChangesTheWrittenCookie() {
		this.contextRunner.withUserConfiguration(RenamingCookieCustomizer.class).run((context) -> {
			String token = SessionTokens.mint();
			String setCookie = SessionStarterAutoConfigurationTests.setCookie(context.getBean(CookieSerializer.class),
					token);
			assertThat(setCookie).matches("__Host-APP=" + token
					+ "; Path=/; Max-Age=600; Expires=[A-Z][a-z]{2}, [^;]+ GMT; Secure; HttpOnly; SameSite=Lax");
		});
	}

	@Test
	void cookieCustomizersRunAfterThePropertiesAreApplied() {
		this.contextRunner.withUserConfiguration(RenamingCookieCustomizer.class)
			.withPropertyValues("session-starter.cookie.name=__Host-FROM-PROPERTIES")
			.run((context) -> assertThat(
					SessionStarterAutoConfigurationTests.setCookie(context.getBean(CookieSerializer.class), "x"))
				.startsWith("__Host-APP=x;"));
	}

	@Test
	void customizersRunInOrder() {
		this.contextRunner.withUserConfiguration(OrderedCustomizers.class).run((context) -> {
			List<String> calls = context.getBean(OrderedCustomizers.class).calls;
			assertThat(calls).containsExactly("store-first", "store-second", "cookie-first", "cookie-second");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class FixedClockCustomizer {

		@Bean
		SessionStoreCustomizer fixedClock() {
			return (store) -> store.setClock(Clock.fixed(FIXED_INSTANT, ZoneOffset.UTC));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RenamingCookieCustomizer {

		@Bean
		SessionCookieCustomizer renamingCookieCustomizer() {
			return (serializer) -> {
				serializer.setCookieName("__Host-APP");
				serializer.setCookieMaxAge(600);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedCustomizers {

		final List<String> calls = new ArrayList<>();

		@Bean
		@Order(2)
		SessionStoreCustomizer secondStoreCustomizer() {
			return (store) -> this.calls.add("store-second");
		}

		@Bean
		@Order(1)
		SessionStoreCustomizer firstStoreCustomizer() {
			return (store) -> this.calls.add("store-first");
		}

		@Bean
		@Order(2)
		SessionCookieCustomizer secondCookieCustomizer() {
			return (serializer) -> this.calls.add("cookie-second");
		}

		@Bean
		@Order(1)
		SessionCookieCustomizer firstCookieCustomizer() {
			return (serializer) -> this.calls.add("cookie-first");
		}

	}

}
