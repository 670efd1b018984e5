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
package dev.sessionstarter.sample.idp;

import java.util.stream.Collectors;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotatedBeanDefinitionReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.aot.AotApplicationContextInitializer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The sample's OpenID Provider: Spring Authorization Server as Spring Boot sets it up
 * ({@code spring-boot-starter-security-oauth2-authorization-server}: the OpenID Connect
 * endpoints, a login form of its own, a fresh signing key at every start), with the users
 * alice and bob (password {@code password}) and one client, the sample
 * ({@link SampleClient}). It runs in an application context and on a web server of its
 * own, beside the sample's, with its configuration in {@code identity-provider.yml}. Its
 * logins live in ordinary in-memory servlet sessions: session-starter and Redis stay out.
 * <p>
 * Deliberately not a {@code @Configuration}: the sample's component scan covers this
 * package, and these beans belong to the provider's context alone.
 *
 * @author session-starter
 */
@EnableAutoConfiguration
public class IdentityProviderApplication {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	InMemoryUserDetailsManager users(PasswordEncoder encoder) {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password(encoder.encode("password")).roles("USER").build(),
				User.withUsername("bob").password(encoder.encode("password")).roles("USER").build());
	}

	@Bean
	SampleClient sampleClient(PasswordEncoder encoder) {
		return new SampleClient(encoder);
	}

	/**
	 * Start the provider and wait until it serves requests.
	 * @param port the port to listen on; {@code 0} picks a free one
	 * @return the provider's application context
	 */
	public static ConfigurableApplicationContext start(int port) {
		SpringApplicationBuilder provider = new SpringApplicationBuilder(IdentityProviderApplication.class)
			.main(IdentityProviderApplication.class);
		if (AotDetector.useGeneratedArtifacts()) {
			// The sample runs from the bean definitions generated for it ahead of time
			// (-Dspring.aot.enabled=true), and Spring Boot then expects such definitions
			// of every application in the JVM. There are none for the provider: it
			// registers its configuration the ordinary way.
			AotApplicationContextInitializer<ConfigurableApplicationContext> ordinary = (
					context) -> new AnnotatedBeanDefinitionReader((BeanDefinitionRegistry) context)
						.register(IdentityProviderApplication.class);
			provider.initializers(ordinary);
		}
		// Arguments, not properties: they win over the sample's system properties and
		// environment variables (a SERVER_PORT meant for the sample, say).
		return provider.run("--server.port=" + port, "--spring.config.name=identity-provider",
				"--spring.autoconfigure.exclude=" + leftOut());
	}

	/**
	 * Every session-starter auto-configuration (read from the starter's own list, so that
	 * one added later stays out too) and Redis.
	 */
	private static String leftOut() {
		return ImportCandidates.load(AutoConfiguration.class, IdentityProviderApplication.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("dev.sessionstarter.")
					|| name.startsWith("org.springframework.boot.data.redis."))
			.collect(Collectors.joining(","));
	}

}
