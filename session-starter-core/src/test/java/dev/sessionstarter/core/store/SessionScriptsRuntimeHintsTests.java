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

package dev.sessionstarter.core.store;

import java.io.IOException;
import java.util.Arrays;

import dev.sessionstarter.core.AotFactories;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SessionScriptsRuntimeHints}, as ahead-of-time processing finds it.
 *
 * @author session-starter
 */
class SessionScriptsRuntimeHintsTests {

	private final RuntimeHints hints = AotFactories.hintsOf(SessionScriptsRuntimeHints.class);

	@Test
	void isRegisteredForAheadOfTimeProcessing() {
		assertThat(AotFactories.registrars()).hasAtLeastOneElementOfType(SessionScriptsRuntimeHints.class);
	}

	@Test
	void everyStoreScriptIsInTheNativeImage() throws IOException {
		Resource[] scripts = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:" + SessionScriptsRuntimeHints.LOCATION + "*.lua");
		assertThat(Arrays.stream(scripts).map(Resource::getFilename)).contains("load-and-touch.lua", "delete.lua",
				"user-index.lua");
		for (Resource script : scripts) {
			assertThat(RuntimeHintsPredicates.resource()
				.forResource(SessionScriptsRuntimeHints.LOCATION + script.getFilename())).as(script.getFilename())
				.accepts(this.hints);
		}
	}

	@Test
	void otherResourcesOfThePackageStayOut() {
		assertThat(RuntimeHintsPredicates.resource()
			.forResource(SessionScriptsRuntimeHints.LOCATION + "SessionScripts.class")).rejects(this.hints);
	}

}
