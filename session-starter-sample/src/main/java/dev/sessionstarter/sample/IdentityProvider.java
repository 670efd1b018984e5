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

import java.util.Map;

import dev.sessionstarter.sample.idp.IdentityProviderApplication;
import dev.sessionstarter.sample.idp.SampleClient;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the sample's identity provider ({@link IdentityProviderApplication}) on
 * {@code http://127.0.0.1:<sample.idp.port>}, before the sample's own context is
 * refreshed: Spring Boot reads the provider's discovery document (the {@code issuer-uri}
 * in {@code application.yml}) when it builds the sample's client registrations. Once the
 * sample listens, the provider learns where ({@link SampleClient}); when the sample stops
 * (or fails to start), the provider stops too. During ahead-of-time processing it does
 * nothing.
 * <p>
 * The provider is reached on {@code 127.0.0.1} and the sample on {@code localhost}:
 * browsers keep cookies per host name, not per port, so the two never see each other's
 * cookies, and the {@code Clear-Site-Data} that the sample sends at logout leaves the
 * provider's session alone (RP-initiated logout ends that one).
 *
 * @author session-starter
 */
class IdentityProvider implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The provider's port; {@code 0} picks a free one. */
	static final String PORT = "sample.idp.port";

	/** The sample's registration of the provider. */
	static final String REGISTRATION_ID = "idp";

	private static final String GATEWAY = "sample.idp.gateway.";

	private static final String REGISTRATION = "spring.security.oauth2.client.registration." + REGISTRATION_ID + ".";

	@Override
	public void initialize(ConfigurableApplicationContext sample) {
		// Ahead-of-time processing records bean definitions and creates no beans, so no
		// one reads the discovery document then; the processed application starts the
		// provider at run time, as this initializer runs again in main().
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return;
		}
		ConfigurableEnvironment environment = sample.getEnvironment();
		ConfigurableApplicationContext provider = IdentityProviderApplication
			.start(environment.getRequiredProperty(PORT, Integer.class));
		int port = ((WebServerApplicationContext) provider).getWebServer().getPort();
		// The port it got, should it have been 0: the issuer-uri is built from it.
		environment.getPropertySources().addFirst(new MapPropertySource("identityProvider", Map.of(PORT, port)));
		// The reactive sample's gateway signs users in here too; its address is known
		// now.
		provider.getBean(SampleClient.class)
			.register("gateway", environment.getRequiredProperty(GATEWAY + "url"), REGISTRATION_ID,
					environment.getRequiredProperty(GATEWAY + "client-id"),
					environment.getRequiredProperty(GATEWAY + "client-secret"));
		sample.addApplicationListener(new Lifecycle(sample, provider));
	}

	/**
	 * Ties the provider to the sample's lifecycle.
	 */
	private record Lifecycle(ConfigurableApplicationContext sample,
			ConfigurableApplicationContext provider) implements ApplicationListener<ApplicationEvent> {

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof WebServerInitializedEvent started && started.getApplicationContext() == this.sample) {
				ConfigurableEnvironment environment = this.sample.getEnvironment();
				// localhost, not 127.0.0.1: the address browsers must use for the sample
				// (see README), and so the only one it is registered with.
				this.provider.getBean(SampleClient.class)
					.register("sample", "http://localhost:" + started.getWebServer().getPort(), REGISTRATION_ID,
							environment.getRequiredProperty(REGISTRATION + "client-id"),
							environment.getRequiredProperty(REGISTRATION + "client-secret"));
			}
			else if ((event instanceof ContextClosedEvent closed && closed.getApplicationContext() == this.sample)
					|| event instanceof ApplicationFailedEvent) {
				// A provider left running would keep the JVM alive after the sample.
				this.provider.close();
			}
		}

	}

}
