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

package dev.sessionstarter.benchmarks.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary Spring MVC + Spring Security form-login application with no session code:
 * which session implementation it gets is decided only by the auto-configurations each
 * variant leaves active. Users {@code user0} … {@code user<n-1>}, password
 * {@code password}, roles USER and CUSTOMER. Passwords are stored with {@code {noop}} so
 * that login measures sessions, not a password hash.
 *
 * @author session-starter
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(BenchmarkApplication.Endpoints.class)
public class BenchmarkApplication {

	/** Password of every user. */
	public static final String PASSWORD = "password";

	/** How many items the cart keeps, so that repeated adds do not grow the session. */
	static final int CART_SIZE = 5;

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/public/**").permitAll().anyRequest().authenticated());
		http.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	@SuppressWarnings("deprecation")
	PasswordEncoder passwordEncoder() {
		// Only {noop}, and nothing to "upgrade" to: otherwise every login re-hashes the
		// password with bcrypt (UserDetailsPasswordService) and login measures bcrypt.
		return new DelegatingPasswordEncoder("noop", Map.of("noop", NoOpPasswordEncoder.getInstance()));
	}

	@Bean
	InMemoryUserDetailsManager users(org.springframework.core.env.Environment environment) {
		int count = environment.getProperty("benchmark.users", Integer.class, 50);
		List<UserDetails> users = IntStream.range(0, count)
			.mapToObj((
					i) -> User.withUsername("user" + i).password("{noop}" + PASSWORD).roles("USER", "CUSTOMER").build())
			.toList();
		return new InMemoryUserDetailsManager(users);
	}

	@RestController
	static class Endpoints {

		@GetMapping("/public/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/public/csrf")
		String csrf(CsrfToken token) {
			return token.getToken();
		}

		@GetMapping("/me")
		Map<String, Object> me(Authentication authentication) {
			return Map.of("name", authentication.getName(), "authorities", authentication.getAuthorities().size());
		}

		@PostMapping("/cart")
		List<String> addToCart(HttpSession session, @RequestParam String item) {
			Object existing = session.getAttribute("cart");
			List<String> cart = new ArrayList<>();
			if (existing instanceof List<?> items) {
				items.forEach((each) -> cart.add(String.valueOf(each)));
			}
			cart.add(item);
			while (cart.size() > CART_SIZE) {
				cart.remove(0);
			}
			session.setAttribute("cart", cart);
			return cart;
		}

	}

}
