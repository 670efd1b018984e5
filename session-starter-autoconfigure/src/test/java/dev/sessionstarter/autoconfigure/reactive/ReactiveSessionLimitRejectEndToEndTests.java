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

package dev.sessionstarter.autoconfigure.reactive;

import dev.sessionstarter.autoconfigure.SessionLimitRejectEndToEndTests;
import dev.sessionstarter.autoconfigure.reactive.app.ReactiveApplication;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * {@link SessionLimitRejectEndToEndTests} against the reactive end-to-end application.
 */
@SpringBootTest(classes = ReactiveApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "session-starter.max-sessions-per-user=1",
				"session-starter.when-exceeded=reject", "session-starter.remember-device.enabled=true" })
@AutoConfigureRealRedis
@ExtendWith(ReactiveBlockingChecks.class)
class ReactiveSessionLimitRejectEndToEndTests extends SessionLimitRejectEndToEndTests {

}
