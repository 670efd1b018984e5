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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.sessionstarter.test.AutoConfigureRealRedis;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * The sample as {@code main} starts it, for a test: on a free port, with its identity
 * provider ({@link IdentityProvider}) on another free port, and with a real Redis that is
 * emptied before each test ({@link AutoConfigureRealRedis}, in place of
 * {@link dev.sessionstarter.test.DevelopmentRedis}). Test classes with the same settings
 * share one running sample.
 *
 * @author session-starter
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = IdentityProvider.PORT + "=0")
@ContextConfiguration(initializers = IdentityProvider.class)
@AutoConfigureRealRedis
@interface SampleApplicationTest {

}
