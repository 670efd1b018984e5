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

package dev.sessionstarter.autoconfigure.oidc.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.sessionstarter.autoconfigure.app.InFlightRequests;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.servlet.freshness.RecentAuthentication;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that signs users in with an OpenID Provider, as a user of the starter
 * would write it: OIDC login, the OAuth2 client for calling APIs on the user's behalf and
 * OIDC back-channel logout, with no session code. The provider is registered through
 * Boot's {@code spring.security.oauth2.client.*} properties, as {@code sas} (Spring
 * Authorization Server) or {@code keycloak}. Its requests are counted by
 * {@link InFlightRequests}, for tests that wait for a request's late work.
 */
@SpringBootApplication
@Import(InFlightRequests.class)
public class OidcApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ClientRegistrationRepository registrations,
			RecentAuthentication recent) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/sensitive")
			.access(recent.recentAuthentication(Duration.ofMinutes(5)))
			.anyRequest()
			.authenticated());
		// RP-initiated logout as Spring Security documents it: the local session ends
		// first,
		// then the browser goes to the provider's end_session_endpoint.
		OidcClientInitiatedLogoutSuccessHandler endAtProvider = new OidcClientInitiatedLogoutSuccessHandler(
				registrations);
		endAtProvider.setPostLogoutRedirectUri("{baseUrl}/");
		http.logout((logout) -> logout.logoutSuccessHandler(endAtProvider));
		http.oauth2Login(Customizer.withDefaults());
		http.oauth2Client(Customizer.withDefaults());
		http.oidcLogout((logout) -> logout.backChannel(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	RevokedSessions revokedSessions() {
		return new RevokedSessions();
	}

	/**
	 * The sessions this node saw revoked, with the reason.
	 */
	public static class RevokedSessions {

		private final List<SessionRevokedEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void revoked(SessionRevokedEvent event) {
			this.events.add(event);
		}

		public List<SessionRevokedEvent> events() {
			return this.events;
		}

	}

	@RestController
	static class Endpoints {

		@GetMapping("/csrf")
		String csrf(CsrfToken token) {
			return token.getToken();
		}

		@GetMapping("/sensitive")
		String sensitive() {
			return "sensitive";
		}

		@GetMapping("/me")
		Map<String, String> me(Authentication authentication) {
			return Map.of("name", authentication.getName(), "principal",
					authentication.getPrincipal().getClass().getName());
		}

		/**
		 * What an application calling an API needs: the user's access token from the
		 * provider the user signed in with. Answers when it was issued and until when it
		 * lives, never its value.
		 */
		@GetMapping("/api/token")
		Map<String, String> token(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client) {
			OAuth2AccessToken accessToken = client.getAccessToken();
			return Map.of("issuedAt", String.valueOf(accessToken.getIssuedAt()), "expiresAt",
					String.valueOf(accessToken.getExpiresAt()));
		}

	}

}
