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

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactive application, where the starter does nothing yet, is told so once at
 * start-up; other applications are not.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionStarterReactiveAutoConfigurationTests {

	private static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(
			DataRedisAutoConfiguration.class, SessionStarterAutoConfiguration.class,
			SessionStarterUserSessionsAutoConfiguration.class, SessionStarterApiTokensAutoConfiguration.class,
			SessionStarterEventsAutoConfiguration.class, SessionStarterReactiveAutoConfiguration.class);

	private static final Pattern WARNING = Pattern.compile("WARN .*session-starter applies to servlet web "
			+ "applications only; .*no session is stored in Redis\\. See \\S+#reactive-applications");

	@Test
	void reactiveApplicationGetsOneWarningThatLinksTheReadme(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(SessionStarterReactiveAutoConfiguration.class);
				assertThat(context).doesNotHaveBean(SessionStarterAutoConfiguration.class);
			});
		assertThat(warnings(output)).isEqualTo(1);
	}

	@Test
	void servletApplicationGetsNoWarning(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessionStarterReactiveAutoConfiguration.class)
				.hasSingleBean(SessionStarterAutoConfiguration.class));
		assertThat(warnings(output)).isZero();
	}

	@Test
	void nonWebApplicationGetsNoWarning(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.withUserConfiguration(RealRedisConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SessionStarterReactiveAutoConfiguration.class));
		assertThat(warnings(output)).isZero();
	}

	private static int warnings(CapturedOutput output) {
		Matcher matcher = WARNING.matcher(output.getOut());
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
