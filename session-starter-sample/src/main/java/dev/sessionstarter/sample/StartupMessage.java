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

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Tells whoever started the sample where to point a browser and how to sign in, with a
 * password or at the identity provider.
 *
 * @author session-starter
 */
@Component
class StartupMessage implements ApplicationListener<ApplicationReadyEvent> {

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Environment environment = event.getApplicationContext().getEnvironment();
		String port = environment.getProperty("local.server.port", "8080");
		String provider = environment
			.getProperty("spring.security.oauth2.client.provider." + IdentityProvider.REGISTRATION_ID + ".issuer-uri");
		System.out.println("session-starter sample running at http://localhost:" + port + " — users: "
				+ SecurityConfiguration.USERS_HINT + " — identity provider at " + provider + " (same users)");
	}

}
