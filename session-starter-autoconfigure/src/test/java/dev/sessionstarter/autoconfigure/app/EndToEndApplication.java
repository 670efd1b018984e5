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

package dev.sessionstarter.autoconfigure.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sessionstarter.servlet.freshness.RecentAuthentication;
import dev.sessionstarter.core.security.CredentialsChangedEvent;
import dev.sessionstarter.servlet.security.RotatingSecurityContextRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application as a user of the starter would write it: an ordinary
 * {@code SecurityFilterChain} with no session code in it.
 */
@SpringBootApplication
public class EndToEndApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, RecentAuthentication recent) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**", "/actuator/health")
			.permitAll()
			.requestMatchers("/sensitive/**")
			.access(recent.recentAuthentication(Duration.ofMinutes(5)))
			.requestMatchers("/password-sensitive/**")
			.access(recent.recentAuthentication(Duration.ofMinutes(5), FactorGrantedAuthority.PASSWORD_AUTHORITY,
					FactorGrantedAuthority.OTT_AUTHORITY))
			.requestMatchers("/admin", "/actuator/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated());
		http.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}password").roles("USER").build(),
				User.withUsername("bob").password("{noop}password").roles("USER").build(),
				User.withUsername("root").password("{noop}password").roles("ADMIN").build(),
				User.withUsername("gateway").password("{noop}password").authorities("token:introspect").build());
	}

	@RestController
	static class Endpoints {

		private final RotatingSecurityContextRepository securityContextRepository;

		private final ApplicationEventPublisher events;

		private final AtomicInteger sensitiveActions = new AtomicInteger();

		Endpoints(RotatingSecurityContextRepository securityContextRepository, ApplicationEventPublisher events) {
			this.securityContextRepository = securityContextRepository;
			this.events = events;
		}

		@PostMapping("/password")
		String changePassword(Authentication authentication) {
			// A real application would check the old password and store the new one here.
			this.events.publishEvent(new CredentialsChangedEvent(this, authentication.getName(),
					CredentialsChangedEvent.Reason.PASSWORD_CHANGED));
			return "changed";
		}

		@GetMapping("/public/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/public/touch")
		String touch(HttpSession session) {
			return "touched";
		}

		@GetMapping("/public/csrf")
		String csrf(CsrfToken token) {
			return token.getToken();
		}

		@GetMapping("/public/cart")
		List<String> cart(HttpServletRequest request) {
			HttpSession session = request.getSession(false);
			Object cart = (session != null) ? session.getAttribute("cart") : null;
			return (cart != null) ? castList(cart) : List.of();
		}

		@PostMapping("/public/cart")
		List<String> addToCart(HttpSession session, @RequestParam String item) {
			Object existing = session.getAttribute("cart");
			List<String> cart = (existing != null) ? new ArrayList<>(castList(existing)) : new ArrayList<>();
			cart.add(item);
			session.setAttribute("cart", cart);
			return cart;
		}

		@GetMapping("/me")
		Map<String, Object> me(Authentication authentication) {
			return Map.of("name", authentication.getName(), "authorities",
					new TreeSet<>(AuthorityUtils.authorityListToSet(authentication.getAuthorities())));
		}

		@GetMapping("/admin")
		String admin() {
			return "admin";
		}

		@GetMapping({ "/sensitive/page", "/sensitive/form", "/password-sensitive/page" })
		String sensitivePage() {
			return "sensitive";
		}

		@PostMapping("/sensitive/action")
		String sensitiveAction() {
			this.sensitiveActions.incrementAndGet();
			return "done";
		}

		@GetMapping("/public/sensitive-actions")
		int sensitiveActions() {
			return this.sensitiveActions.get();
		}

		@PostMapping("/step-up")
		String stepUp(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
			List<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
			authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(authentication.getPrincipal(),
					null, authorities));
			SecurityContextHolder.setContext(context);
			this.securityContextRepository.saveContext(context, request, response);
			return "stepped up";
		}

		@SuppressWarnings("unchecked")
		private static List<String> castList(Object value) {
			return (List<String>) value;
		}

	}

}
