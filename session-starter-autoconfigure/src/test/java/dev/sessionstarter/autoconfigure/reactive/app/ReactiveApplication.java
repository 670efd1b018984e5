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

package dev.sessionstarter.autoconfigure.reactive.app;

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sessionstarter.core.security.CredentialsChangedEvent;
import dev.sessionstarter.reactive.freshness.ServerRecentAuthentication;
import dev.sessionstarter.reactive.security.RotatingServerSecurityContextRepository;
import dev.sessionstarter.reactive.security.ServerSessionRevoker;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * A small WebFlux application as a user of the starter would write it: an ordinary
 * {@code SecurityWebFilterChain} with form login and no session code in it. Its endpoints
 * match those of the servlet end-to-end application, so that one client drives both.
 */
@SpringBootApplication
public class ReactiveApplication {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ServerRecentAuthentication recent) {
		http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/public/**", "/actuator/health")
			.permitAll()
			.pathMatchers("/sensitive/**")
			.access(recent.recentAuthentication(Duration.ofMinutes(5)))
			.pathMatchers("/password-sensitive/**")
			.access(recent.recentAuthentication(Duration.ofMinutes(5), FactorGrantedAuthority.PASSWORD_AUTHORITY,
					FactorGrantedAuthority.OTT_AUTHORITY))
			.pathMatchers("/admin", "/actuator/**")
			.hasRole("ADMIN")
			.anyExchange()
			.authenticated());
		http.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	MapReactiveUserDetailsService users() {
		return new MapReactiveUserDetailsService(
				User.withUsername("alice").password("{noop}password").roles("USER").build(),
				User.withUsername("bob").password("{noop}password").roles("USER").build(),
				User.withUsername("root").password("{noop}password").roles("ADMIN").build());
	}

	@RestController
	static class Endpoints {

		private final RotatingServerSecurityContextRepository securityContextRepository;

		private final ServerSessionRevoker revoker;

		private final AtomicInteger sensitiveActions = new AtomicInteger();

		Endpoints(RotatingServerSecurityContextRepository securityContextRepository, ServerSessionRevoker revoker) {
			this.securityContextRepository = securityContextRepository;
			this.revoker = revoker;
		}

		@GetMapping("/public/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/public/csrf")
		Mono<String> csrf(ServerWebExchange exchange) {
			Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
			return (token != null) ? token.map(CsrfToken::getToken) : Mono.empty();
		}

		@GetMapping("/public/cart")
		List<String> cart(WebSession session) {
			return session.getAttributeOrDefault("cart", List.of());
		}

		@PostMapping("/public/cart")
		List<String> addToCart(WebSession session, @RequestParam String item) {
			List<String> cart = new ArrayList<>(session.getAttributeOrDefault("cart", List.<String>of()));
			cart.add(item);
			session.getAttributes().put("cart", cart);
			return cart;
		}

		/**
		 * The reactive twin of the servlet application's {@code AttributeEndpoints}: sets
		 * the form's {@code name} to {@code value} after checking that the attribute
		 * still holds {@code expected}; never starts a session.
		 * @param exchange the request
		 * @param session its session
		 * @return 200, 409 with the value found, or 410 when the request has no session
		 */
		@PostMapping("/public/attr")
		Mono<ResponseEntity<String>> writeAttribute(ServerWebExchange exchange, WebSession session) {
			// The form was read by the CSRF filter already: its data is cached.
			return exchange.getFormData().map((form) -> {
				if (!session.isStarted()) {
					return ResponseEntity.status(HttpStatus.GONE).body("no session");
				}
				String name = String.valueOf(form.getFirst("name"));
				String expected = form.getFirst("expected");
				Object found = session.getAttributes().get(name);
				if ((expected == null) ? found != null : !Integer.valueOf(expected).equals(found)) {
					return ResponseEntity.status(HttpStatus.CONFLICT).body(String.valueOf(found));
				}
				session.getAttributes().put(name, Integer.valueOf(String.valueOf(form.getFirst("value"))));
				return ResponseEntity.ok("written");
			});
		}

		@GetMapping("/public/deliberately-blocking")
		String deliberatelyBlocking() throws InterruptedException {
			// What a blocking call on a request thread looks like, for the test that
			// shows such calls are caught.
			Thread.sleep(1);
			return "blocked";
		}

		@GetMapping("/me")
		Map<String, Object> me(Principal principal) {
			Authentication authentication = (Authentication) principal;
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
			return "done " + this.sensitiveActions.incrementAndGet();
		}

		@GetMapping("/public/sensitive-actions")
		String sensitiveActions() {
			return String.valueOf(this.sensitiveActions.get());
		}

		@PostMapping("/password")
		Mono<String> changePassword(ServerWebExchange exchange, Principal principal) {
			// The new password would be stored here; then every other session ends.
			return this.revoker
				.credentialsChanged(exchange, principal.getName(), CredentialsChangedEvent.Reason.PASSWORD_CHANGED)
				.map((ended) -> "password changed, " + ended.size() + " other sessions ended");
		}

		@PostMapping("/step-up")
		Mono<String> stepUp(ServerWebExchange exchange) {
			return ReactiveSecurityContextHolder.getContext().flatMap((context) -> {
				Authentication authentication = context.getAuthentication();
				List<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
				authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
				SecurityContextImpl elevated = new SecurityContextImpl(UsernamePasswordAuthenticationToken
					.authenticated(authentication.getPrincipal(), null, authorities));
				return this.securityContextRepository.save(exchange, elevated).thenReturn("stepped up");
			});
		}

	}

}
