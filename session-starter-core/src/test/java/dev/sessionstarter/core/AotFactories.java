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
package dev.sessionstarter.core;

import java.util.List;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The runtime hints registrars of {@code META-INF/spring/aot.factories}, as ahead-of-time
 * processing finds them, so that a hints test fails when its registrar is not listed.
 */
public final class AotFactories {

	private AotFactories() {
	}

	/**
	 * Every registrar listed.
	 * @return the registrars
	 */
	public static List<RuntimeHintsRegistrar> registrars() {
		return SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class);
	}

	/**
	 * The hints of the listed registrars of one type.
	 * @param type the registrar type
	 * @return the hints they register
	 */
	public static RuntimeHints hintsOf(Class<? extends RuntimeHintsRegistrar> type) {
		RuntimeHints hints = new RuntimeHints();
		registrars().stream()
			.filter(type::isInstance)
			.forEach((registrar) -> registrar.registerHints(hints, AotFactories.class.getClassLoader()));
		return hints;
	}

}
