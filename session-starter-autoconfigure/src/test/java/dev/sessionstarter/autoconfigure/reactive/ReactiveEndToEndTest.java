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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.sessionstarter.autoconfigure.reactive.app.ReactiveApplication;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * A reactive end-to-end test: {@link ReactiveApplication} on Netty at a random port, a
 * real Redis emptied before each test, and {@link ReactiveBlockingChecks} failing any
 * test that blocks a non-blocking thread. The test class path also holds Spring MVC (for
 * the servlet tests), so the application is made reactive explicitly.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = ReactiveApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "session-starter.self-service.enabled=true",
				"management.endpoints.web.exposure.include=health,usersessions",
				"management.endpoint.health.show-components=always" })
@AutoConfigureRealRedis
@ExtendWith(ReactiveBlockingChecks.class)
@interface ReactiveEndToEndTest {

}
