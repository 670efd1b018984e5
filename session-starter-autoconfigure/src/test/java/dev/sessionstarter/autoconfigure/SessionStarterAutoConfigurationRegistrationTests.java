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

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that Spring Boot finds the auto-configuration and the failure analyzer.
 *
 * @author session-starter
 */
class SessionStarterAutoConfigurationRegistrationTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void autoConfigurationImportsListTheAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, this.classLoader).getCandidates())
			.contains(SessionStarterAutoConfiguration.class.getName());
	}

	@Test
	void springFactoriesRegistersTheFailureAnalyzer() {
		// Boot's own analyzers that need constructor arguments are skipped; ours needs
		// none.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(this.classLoader)
			.load(FailureAnalyzer.class, ArgumentResolver.none(), FailureHandler.handleMessage((message, ex) -> {
			}));
		assertThat(analyzers).hasAtLeastOneElementOfType(InvalidSessionConfigurationFailureAnalyzer.class);
	}

}
