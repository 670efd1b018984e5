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

package dev.sessionstarter.sample;

import dev.sessionstarter.autoconfigure.SessionStoreCustomizer;
import dev.sessionstarter.test.MovableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A session store clock that tests move, so that sign-ins and sessions get old without
 * waiting. Test classes that import it share one running sample.
 *
 * @author session-starter
 */
@TestConfiguration(proxyBeanMethods = false)
class MovableClockConfiguration {

	@Bean
	MovableClock movableClock() {
		return new MovableClock();
	}

	@Bean
	SessionStoreCustomizer movableClockCustomizer(MovableClock clock) {
		return (store) -> store.setClock(clock);
	}

}
