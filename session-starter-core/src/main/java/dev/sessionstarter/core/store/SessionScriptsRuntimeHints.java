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

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Keeps the store's Lua scripts in a native image: {@link SessionScripts} reads them as
 * class path resources when the store is created, and a native image holds only the
 * resources registered at build time.
 *
 * @author session-starter
 */
class SessionScriptsRuntimeHints implements RuntimeHintsRegistrar {

	/** Where the scripts live, relative to the class path root. */
	static final String LOCATION = SessionScripts.class.getPackageName().replace('.', '/') + "/";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(LOCATION + "*.lua");
	}

}
