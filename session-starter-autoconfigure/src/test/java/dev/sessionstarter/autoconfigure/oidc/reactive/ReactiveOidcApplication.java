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
package dev.sessionstarter.autoconfigure.oidc.reactive;

import java.security.Principal;
import java.time.Duration;
import java.util.Map;

import dev.sessionstarter.reactive.freshness.ServerRecentAuthentication;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * A WebFlux application that signs users in with an OpenID Provider, as a user of the
 * starter would write it: {@code oauth2Login()} and the OAuth2 client, no session code.
 * The provider is registered through Boot's {@code spring.security.oauth2.client.*}
 * properties, as {@code sas}. Its endpoints match those of the servlet
 * {@code OidcApplication}, and so does its back-channel logout.
 */
@SpringBootApplication
public class ReactiveOidcApplication {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ServerRecentAuthentication recent) {
		http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/sensitive")
			.access(recent.recentAuthentication(Duration.ofMinutes(5)))
			.anyExchange()
			.authenticated());
		http.oauth2Login(Customizer.withDefaults());
		http.oauth2Client(Customizer.withDefaults());
		http.oidcLogout((logout) -> logout.backChannel(Customizer.withDefaults()));
		return http.build();
	}

	@RestController
	static class Endpoints {

		@GetMapping("/csrf")
		Mono<String> csrf(ServerWebExchange exchange) {
			Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
			return (token != null) ? token.map(CsrfToken::getToken) : Mono.empty();
		}

		/**
		 * Who is signed in, as JSON; a string, so that it is written whatever the
		 * {@code Accept} header (the login's last hop asks for a page).
		 */
		@GetMapping("/me")
		String me(Principal principal) {
			Authentication authentication = (Authentication) principal;
			return "{\"name\":\"" + authentication.getName() + "\",\"principal\":\""
					+ authentication.getPrincipal().getClass().getName() + "\"}";
		}

		@GetMapping("/sensitive")
		String sensitive() {
			return "sensitive";
		}

		/**
		 * The user's access token from the provider the user signed in with: when it was
		 * issued and until when it lives, never its value.
		 */
		@GetMapping("/api/token")
		Map<String, String> token(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client) {
			OAuth2AccessToken accessToken = client.getAccessToken();
			return Map.of("issuedAt", String.valueOf(accessToken.getIssuedAt()), "expiresAt",
					String.valueOf(accessToken.getExpiresAt()));
		}

	}

}
