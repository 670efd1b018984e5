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

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The sample's security, written as any WebFlux application writes it: session-starter's
 * rules (rotation at login and on privilege change, the CSRF token in the session, a
 * logout that ends the session) come with the starter, not from this class.
 *
 * @author session-starter
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/", "/cart", "/login", "/css/**")
			.permitAll()
			.pathMatchers("/admin")
			.hasRole("ADMIN")
			.anyExchange()
			.authenticated());
		http.formLogin((form) -> form.loginPage("/login"));
		http.oauth2Login((login) -> login.loginPage("/login"));
		http.oauth2Client(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	MapReactiveUserDetailsService users() {
		// Demo users; a real application keeps hashed passwords elsewhere.
		return new MapReactiveUserDetailsService(
				User.withUsername("alice").password("{noop}password").roles("USER").build(),
				User.withUsername("bob").password("{noop}password").roles("USER").build());
	}

}
