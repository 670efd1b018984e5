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

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.sessionstarter.reactive.security.RotatingServerSecurityContextRepository;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * The sample's pages. Nothing here knows about tokens or Redis: the cart is an ordinary
 * {@link WebSession} attribute, and the step-up saves a new security context through the
 * repository Spring Security uses, which gives the session a new token.
 *
 * @author session-starter
 */
@Controller
class Pages {

	private static final String CART = "cart";

	private final RotatingServerSecurityContextRepository securityContextRepository;

	Pages(RotatingServerSecurityContextRepository securityContextRepository) {
		this.securityContextRepository = securityContextRepository;
	}

	/**
	 * Every form on every page carries the CSRF token, which lives in the session.
	 * @param exchange the current exchange
	 * @return the token, or nothing where Spring Security set none
	 */
	@ModelAttribute("_csrf")
	Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		return (token != null) ? token : Mono.empty();
	}

	@GetMapping("/")
	String home(WebSession session, Model model) {
		model.addAttribute(CART, session.getAttributeOrDefault(CART, List.of()));
		return "home";
	}

	@PostMapping("/cart")
	Mono<String> addToCart(ServerWebExchange exchange) {
		// In WebFlux, @RequestParam sees only the query string; a form's fields come from
		// the exchange.
		return Mono.zip(exchange.getFormData(), exchange.getSession()).map((formAndSession) -> {
			String item = formAndSession.getT1().getFirst("item");
			WebSession session = formAndSession.getT2();
			if (item != null && !item.isBlank()) {
				List<String> cart = new ArrayList<>(session.getAttributeOrDefault(CART, List.<String>of()));
				cart.add(item);
				session.getAttributes().put(CART, cart);
			}
			return "redirect:/";
		});
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/account")
	String account(Authentication authentication, WebSession session, Model model) {
		model.addAttribute("name", authentication.getName());
		model.addAttribute("roles", new TreeSet<>(AuthorityUtils.authorityListToSet(authentication.getAuthorities())));
		model.addAttribute(CART, session.getAttributeOrDefault(CART, List.of()));
		return "account";
	}

	@PostMapping("/account/step-up")
	Mono<String> stepUp(ServerWebExchange exchange, Authentication authentication) {
		// Where a real application would ask for a second factor first. A new set of
		// authorities is a privilege change: the session gets a new token, keeping its
		// data and its absolute deadline.
		List<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
		authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
		SecurityContextImpl elevated = new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated(authentication.getPrincipal(), null, authorities));
		return this.securityContextRepository.save(exchange, elevated).thenReturn("redirect:/admin");
	}

	@GetMapping("/admin")
	String admin(Authentication authentication, Model model) {
		model.addAttribute("roles", new TreeSet<>(AuthorityUtils.authorityListToSet(authentication.getAuthorities())));
		return "admin";
	}

}
