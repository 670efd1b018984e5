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

import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every configuration that would weaken sessions or cannot work fails
 * start-up, and that {@link InvalidSessionConfigurationFailureAnalyzer} names the
 * property, its value and the fix.
 *
 * @author session-starter
 */
class InvalidSessionConfigurationFailureAnalyzerTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionStarterAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void hostPrefixedCookieThatIsNotSecureFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.cookie.secure=false");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value 'false' for "
				+ "'session-starter.cookie.secure': browsers reject a '__Host-SID' cookie that is not Secure");
		assertThat(analysis.getAction()).isEqualTo("Keep session-starter.cookie.secure=true (browsers treat "
				+ "http://localhost as secure), or choose a cookie name without the __Host-/__Secure- prefix.");
	}

	@Test
	void securePrefixedCookieThatIsNotSecureFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.cookie.name=__Secure-SID",
				"session-starter.cookie.secure=false");
		assertThat(analysis.getDescription()).contains("'session-starter.cookie.secure'")
			.contains("a '__Secure-SID' cookie that is not Secure");
		assertThat(analysis.getAction()).contains("session-starter.cookie.secure=true");
	}

	@Test
	void hostPrefixedCookieWithADomainFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.cookie.domain=example.com");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value 'example.com' "
				+ "for 'session-starter.cookie.domain': browsers reject a '__Host-' cookie that has a Domain");
		assertThat(analysis.getAction()).isEqualTo("Remove session-starter.cookie.domain (host-only cookies are "
				+ "safer), or choose a cookie name without the __Host- prefix.");
	}

	@Test
	void hostPrefixedCookieWithAPathOtherThanRootFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.cookie.path=/app");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value '/app' "
				+ "for 'session-starter.cookie.path': browsers reject a '__Host-' cookie whose Path is not /");
		assertThat(analysis.getAction())
			.isEqualTo("Set session-starter.cookie.path=/ or choose a cookie name without the __Host- prefix.");
	}

	@Test
	void sameSiteNoneWithoutSecureFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.cookie.name=SID",
				"session-starter.cookie.same-site=none", "session-starter.cookie.secure=false");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value 'none' "
				+ "for 'session-starter.cookie.same-site': browsers reject SameSite=None on a cookie that is not Secure");
		assertThat(analysis.getAction())
			.isEqualTo("Set session-starter.cookie.secure=true, or use same-site lax or strict.");
	}

	@Test
	void emptyCookieNameFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.cookie.name=");
		assertThat(analysis.getDescription()).contains("'session-starter.cookie.name': it must not be empty");
		assertThat(analysis.getAction()).isEqualTo("Set session-starter.cookie.name, e.g. __Host-SID.");
	}

	@Test
	void absoluteTimeoutShorterThanIdleTimeoutFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.timeout.idle=30m",
				"session-starter.timeout.absolute=10m");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value '10m' for "
				+ "'session-starter.timeout.absolute': it is shorter than session-starter.timeout.idle (30m)");
		assertThat(analysis.getAction()).isEqualTo("Set session-starter.timeout.absolute to at least "
				+ "session-starter.timeout.idle, or lower the idle timeout.");
	}

	@Test
	void touchIntervalAsLongAsTheIdleTimeoutFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.timeout.idle=5m",
				"session-starter.timeout.touch-interval=5m");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value '5m' for "
				+ "'session-starter.timeout.touch-interval': it must be at least zero and shorter than "
				+ "session-starter.timeout.idle (5m)");
		assertThat(analysis.getAction()).isEqualTo("Set session-starter.timeout.touch-interval to a small fraction "
				+ "of the idle timeout, e.g. 30s, or remove it: unset, it is the smaller of 1m and a tenth of the "
				+ "idle timeout (30s here).");
	}

	@Test
	void touchIntervalLongerThanAShortIdleTimeoutNamesAValueThatWorks() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.timeout.idle=60s",
				"session-starter.timeout.absolute=90s", "session-starter.timeout.touch-interval=1m");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value '1m' for "
				+ "'session-starter.timeout.touch-interval': it must be at least zero and shorter than "
				+ "session-starter.timeout.idle (1m)");
		assertThat(analysis.getAction()).contains("e.g. 6s").doesNotContain("e.g. 1m");
	}

	@Test
	void touchIntervalNotShorterThanTheAccessTokenIdleTimeoutFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.transport=both",
				"session-starter.api-tokens.enabled=true", "session-starter.api-tokens.access-token-idle=30s",
				"session-starter.timeout.touch-interval=1m");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value '1m' for "
				+ "'session-starter.timeout.touch-interval': it must be at least zero and shorter than "
				+ "session-starter.api-tokens.access-token-idle (30s)");
		assertThat(analysis.getAction()).contains("e.g. 3s");
	}

	@Test
	void negativeTouchIntervalNamesAValueThatWorks() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.timeout.idle=1s",
				"session-starter.timeout.touch-interval=-1s");
		assertThat(analysis.getDescription()).contains("Invalid value '-1s'");
		assertThat(analysis.getAction()).contains("e.g. 100ms");
	}

	@Test
	void clearSiteDataWithoutDirectivesFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.logout.clear-site-data.directives=");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value '[]' for "
				+ "'session-starter.logout.clear-site-data.directives': a Clear-Site-Data header needs at least one "
				+ "directive");
		assertThat(analysis.getAction()).contains("session-starter.logout.clear-site-data.enabled=false");
	}

	@Test
	void rotationIntervalNotLongerThanTheGraceFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.rotation.interval=5s");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value '5s' for "
				+ "'session-starter.rotation.interval': it must be longer than session-starter.rotation.grace (5s)");
		assertThat(analysis.getAction()).contains("e.g. 15m");
	}

	@Test
	void negativeRotationGraceFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.rotation.grace=-1s");
		assertThat(analysis.getDescription()).contains("'session-starter.rotation.grace'");
	}

	@Test
	void negativeTouchIntervalFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.timeout.touch-interval=-1s");
		assertThat(analysis.getDescription()).contains("'session-starter.timeout.touch-interval'");
	}

	@Test
	void zeroIdleTimeoutFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.timeout.idle=0s");
		assertThat(analysis.getDescription())
			.isEqualTo("session-starter cannot start: Invalid value '0s' for 'session-starter.timeout.idle': "
					+ "it must be positive");
		assertThat(analysis.getAction())
			.isEqualTo("Set session-starter.timeout.idle to a positive duration such as 30m.");
	}

	@Test
	void namespaceWithAClusterHashTagFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.redis.namespace=app{1}");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value 'app{1}' for "
				+ "'session-starter.redis.namespace': it must be non-empty and free of '{' and '}' (Cluster hash tags)");
		assertThat(analysis.getAction())
			.isEqualTo("Set session-starter.redis.namespace to a plain prefix such as 'session-starter'.");
	}

	@Test
	void namespaceWithAClosingBraceFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.redis.namespace=app}");
		assertThat(analysis.getDescription()).contains("'session-starter.redis.namespace'");
	}

	@Test
	void javaSerializationWithoutAllowedTypesFails() {
		FailureAnalysis analysis = analyzeStartupWith("session-starter.attributes.java-serialization=true");
		assertThat(analysis.getDescription()).isEqualTo("session-starter cannot start: Invalid value '[]' for "
				+ "'session-starter.attributes.allowed-types': Java serialization needs an allowlist of the classes "
				+ "it may read");
		assertThat(analysis.getAction()).isEqualTo("List your session attribute classes in "
				+ "session-starter.attributes.allowed-types, or turn session-starter.attributes.java-serialization "
				+ "off to store JSON.");
	}

	@Test
	void nonPrefixedCookieMayBeInsecureWithLaxSameSite() {
		this.contextRunner
			.withPropertyValues("session-starter.cookie.name=SID", "session-starter.cookie.secure=false",
					"session-starter.cookie.path=/app", "session-starter.cookie.domain=example.com")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private FailureAnalysis analyzeStartupWith(String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).hasRootCauseInstanceOf(InvalidSessionConfigurationException.class);
			analysis[0] = new InvalidSessionConfigurationFailureAnalyzer().analyze(failure);
		});
		assertThat(analysis[0]).isNotNull();
		assertThat(analysis[0].getCause()).isInstanceOf(InvalidSessionConfigurationException.class);
		return analysis[0];
	}

}
