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

import dev.sessionstarter.test.DevelopmentRedis;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application that shows what session-starter does: an anonymous cart that survives
 * login, sign-in with a password or with an identity provider (OpenID Connect), a page
 * with the session's deadlines, "Your sessions" with revocation, a step-up to an admin
 * role, and a JSON endpoint for bearer clients.
 *
 * @author session-starter
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Start the sample. With no {@code spring.data.redis.*} configured, a real Redis is
	 * started for the run (see {@link DevelopmentRedis}); an identity provider to sign in
	 * with is started beside it (see {@link IdentityProvider}).
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addInitializers(new DevelopmentRedis(), new IdentityProvider());
		application.run(args);
	}

}
