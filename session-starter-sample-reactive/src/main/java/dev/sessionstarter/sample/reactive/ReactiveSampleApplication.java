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

package dev.sessionstarter.sample.reactive;

import dev.sessionstarter.test.DevelopmentRedis;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux application with session-starter: an anonymous cart that survives login, an
 * account page, a step-up to an admin role, logout, and a Spring Cloud Gateway route
 * ({@code /service/**}) to a servlet service that shares its sessions through the same
 * Redis (a gateway that holds the browser's session, in front of servlet services).
 *
 * @author session-starter
 */
@SpringBootApplication
public class ReactiveSampleApplication {

	/**
	 * Start the sample. With no {@code spring.data.redis.*} configured, a real Redis is
	 * started for the run (see {@link DevelopmentRedis}).
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ReactiveSampleApplication.class);
		application.addInitializers(new DevelopmentRedis());
		application.run(args);
	}

}
