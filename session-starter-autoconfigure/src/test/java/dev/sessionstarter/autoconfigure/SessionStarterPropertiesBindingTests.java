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

import dev.sessionstarter.autoconfigure.SessionStarterProperties.ClearSiteDataDirective;
import dev.sessionstarter.autoconfigure.SessionStarterProperties.SameSite;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.token.TokenTransport;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.session.SaveMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every property of {@link SessionStarterProperties} binds, with its default
 * and with relaxed names.
 *
 * @author session-starter
 */
class SessionStarterPropertiesBindingTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionStarterAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void everyPropertyHasASafeDefault() {
		this.contextRunner.run((context) -> {
			SessionStarterProperties properties = context.getBean(SessionStarterProperties.class);
			assertThat(properties.getTimeout().getIdle()).isEqualTo(Duration.ofMinutes(30));
			assertThat(properties.getTimeout().getAbsolute()).isEqualTo(Duration.ofHours(8));
			// Unset: derived from the idle timeout (the store gets 1m for 30m idle).
			assertThat(properties.getTimeout().getTouchInterval()).isNull();
			assertThat(context.getBean(RedisSessionStore.class).getTimeouts().touchInterval())
				.isEqualTo(Duration.ofMinutes(1));
			assertThat(properties.getLogout().getClearSiteData().isEnabled()).isTrue();
			assertThat(properties.getLogout().getClearSiteData().getDirectives()).containsExactly(
					ClearSiteDataDirective.CACHE, ClearSiteDataDirective.COOKIES, ClearSiteDataDirective.STORAGE);
			assertThat(properties.getCookie().getName()).isEqualTo("__Host-SID");
			assertThat(properties.getCookie().getSameSite()).isEqualTo(SameSite.LAX);
			assertThat(properties.getCookie().isSecure()).isTrue();
			assertThat(properties.getCookie().isHttpOnly()).isTrue();
			assertThat(properties.getCookie().getPath()).isEqualTo("/");
			assertThat(properties.getCookie().getDomain()).isNull();
			assertThat(properties.getTransport()).isEqualTo(TokenTransport.COOKIE);
			assertThat(properties.getHeader().getResponseName()).isEqualTo("Session-Token");
			assertThat(properties.getRotation().isOnLogin()).isTrue();
			assertThat(properties.getRotation().isOnPrivilegeChange()).isTrue();
			assertThat(properties.getRedis().getNamespace()).isEqualTo("session-starter");
			assertThat(properties.getAttributes().getAllowedTypes()).isEmpty();
			assertThat(properties.getAttributes().isJavaSerialization()).isFalse();
			assertThat(properties.getAttributes().getSaveMode()).isEqualTo(SaveMode.ON_SET_ATTRIBUTE);
			assertThat(properties.getRetryAfter()).isEqualTo(Duration.ofSeconds(5));
		});
	}

	@Test
	void derivedTouchIntervalFollowsTheShortestIdleTimeoutASessionCanHave() {
		SessionStarterProperties properties = new SessionStarterProperties();
		properties.getTimeout().setIdle(Duration.ofMinutes(5));
		assertThat(properties.effectiveTouchInterval()).isEqualTo(Duration.ofSeconds(30));
		properties.getApiTokens().setAccessTokenIdle(Duration.ofSeconds(20));
		assertThat(properties.effectiveTouchInterval()).as("API tokens off").isEqualTo(Duration.ofSeconds(30));
		properties.getApiTokens().setEnabled(true);
		assertThat(properties.effectiveTouchInterval()).isEqualTo(Duration.ofSeconds(2));
		properties.getTimeout().setTouchInterval(Duration.ofSeconds(1));
		assertThat(properties.effectiveTouchInterval()).as("set explicitly").isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void everyPropertyBindsFromItsCanonicalName() {
		this.contextRunner
			.withPropertyValues("session-starter.timeout.idle=10m", "session-starter.timeout.absolute=2h",
					"session-starter.timeout.touch-interval=5s", "session-starter.cookie.name=SID",
					"session-starter.cookie.same-site=strict", "session-starter.cookie.secure=false",
					"session-starter.cookie.http-only=false", "session-starter.cookie.path=/app",
					"session-starter.cookie.domain=example.com", "session-starter.transport=both",
					"session-starter.header.response-name=X-Session", "session-starter.rotation.on-login=false",
					"session-starter.rotation.on-privilege-change=false", "session-starter.redis.namespace=my-app",
					"session-starter.attributes.allowed-types=com.example.cart.*,java.util.ArrayList",
					"session-starter.attributes.java-serialization=true",
					"session-starter.attributes.save-mode=on-get-attribute", "session-starter.retry-after=30s")
			.run((context) -> {
				SessionStarterProperties properties = context.getBean(SessionStarterProperties.class);
				assertThat(properties.getTimeout().getIdle()).isEqualTo(Duration.ofMinutes(10));
				assertThat(properties.getTimeout().getAbsolute()).isEqualTo(Duration.ofHours(2));
				assertThat(properties.getTimeout().getTouchInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getCookie().getName()).isEqualTo("SID");
				assertThat(properties.getCookie().getSameSite()).isEqualTo(SameSite.STRICT);
				assertThat(properties.getCookie().isSecure()).isFalse();
				assertThat(properties.getCookie().isHttpOnly()).isFalse();
				assertThat(properties.getCookie().getPath()).isEqualTo("/app");
				assertThat(properties.getCookie().getDomain()).isEqualTo("example.com");
				assertThat(properties.getTransport()).isEqualTo(TokenTransport.BOTH);
				assertThat(properties.getHeader().getResponseName()).isEqualTo("X-Session");
				assertThat(properties.getRotation().isOnLogin()).isFalse();
				assertThat(properties.getRotation().isOnPrivilegeChange()).isFalse();
				assertThat(properties.getRedis().getNamespace()).isEqualTo("my-app");
				assertThat(properties.getAttributes().getAllowedTypes()).containsExactly("com.example.cart.*",
						"java.util.ArrayList");
				assertThat(properties.getAttributes().isJavaSerialization()).isTrue();
				assertThat(properties.getAttributes().getSaveMode()).isEqualTo(SaveMode.ON_GET_ATTRIBUTE);
				assertThat(properties.getRetryAfter()).isEqualTo(Duration.ofSeconds(30));
			});
	}

	@Test
	void propertiesBindFromRelaxedNames() {
		this.contextRunner
			.withPropertyValues("session-starter.timeout.touchInterval=5s", "session-starter.cookie.sameSite=STRICT",
					"session-starter.cookie.httpOnly=false", "session-starter.transport=HEADER",
					"session-starter.header.responseName=X-Session", "session-starter.rotation.onLogin=false",
					"session-starter.rotation.on_privilege_change=false",
					"session-starter.attributes.allowed-types[0]=com.example.cart.*",
					"session-starter.attributes.allowed-types[1]=com.example.user.*",
					"session-starter.attributes.javaSerialization=true", "session-starter.attributes.saveMode=ALWAYS",
					"session-starter.retryAfter=1500")
			.run((context) -> {
				SessionStarterProperties properties = context.getBean(SessionStarterProperties.class);
				assertThat(properties.getTimeout().getTouchInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getCookie().getSameSite()).isEqualTo(SameSite.STRICT);
				assertThat(properties.getCookie().isHttpOnly()).isFalse();
				assertThat(properties.getTransport()).isEqualTo(TokenTransport.HEADER);
				assertThat(properties.getHeader().getResponseName()).isEqualTo("X-Session");
				assertThat(properties.getRotation().isOnLogin()).isFalse();
				assertThat(properties.getRotation().isOnPrivilegeChange()).isFalse();
				assertThat(properties.getAttributes().getAllowedTypes()).containsExactly("com.example.cart.*",
						"com.example.user.*");
				assertThat(properties.getAttributes().isJavaSerialization()).isTrue();
				assertThat(properties.getAttributes().getSaveMode()).isEqualTo(SaveMode.ALWAYS);
				assertThat(properties.getRetryAfter()).isEqualTo(Duration.ofMillis(1500));
			});
	}

	@Test
	void enumValuesBindCaseInsensitively() {
		this.contextRunner
			.withPropertyValues("session-starter.cookie.same-site=None", "session-starter.transport=Both",
					"session-starter.attributes.save-mode=on-get-attribute")
			.run((context) -> {
				SessionStarterProperties properties = context.getBean(SessionStarterProperties.class);
				assertThat(properties.getCookie().getSameSite()).isEqualTo(SameSite.NONE);
				assertThat(properties.getTransport()).isEqualTo(TokenTransport.BOTH);
				assertThat(properties.getAttributes().getSaveMode()).isEqualTo(SaveMode.ON_GET_ATTRIBUTE);
			});
	}

	@Test
	void unknownTransportFailsToBind() {
		this.contextRunner.withPropertyValues("session-starter.transport=url")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'session-starter.transport'"));
	}

}
