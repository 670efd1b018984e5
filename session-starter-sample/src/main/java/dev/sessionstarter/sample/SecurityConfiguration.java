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

import java.time.Duration;

import dev.sessionstarter.servlet.freshness.RecentAuthentication;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The sample's security rules. Nothing here is about sessions: session-starter applies
 * its session rules (new token on login and on privilege change, server-side logout,
 * cookie request cache) to this filter chain by itself.
 *
 * @author session-starter
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** The demo users, as printed at startup and shown on the home page. */
	static final String USERS_HINT = "alice/password, bob/password";

	/** How recent a login must be for a password change or a step-up. */
	static final Duration SENSITIVE_ACTIONS = Duration.ofMinutes(5);

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ClientRegistrationRepository registrations,
			RecentAuthentication recent) throws Exception {
		// Browsers ask for /favicon.ico by themselves: behind the login, it would be the
		// request remembered as the page to return to after signing in.
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/", "/cart", "/login", "/error", "/css/**", "/favicon.ico")
					.permitAll()
					// "Sudo mode": changing the password or stepping up needs a login
					// within
					// the last 5 minutes; an older one is asked to sign in again first.
					.requestMatchers(HttpMethod.POST, "/account/password", "/account/step-up")
					.access(recent.recentAuthentication(SENSITIVE_ACTIONS))
					.requestMatchers("/admin/**")
					.hasRole("ADMIN")
					.anyRequest()
					.authenticated());
		// One login page for both: the form, and "Sign in with the identity provider"
		// (OpenID Connect, registration "idp" in application.yml).
		http.formLogin((form) -> form.loginPage("/login"));
		http.oauth2Login((oauth2) -> oauth2.loginPage("/login"));
		http.logout((logout) -> logout.logoutSuccessHandler(logoutSuccess(registrations)));
		// API clients get a plain 401, not a redirect to an HTML login page.
		http.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
				new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
				PathPatternRequestMatcher.withDefaults().matcher("/api/**")));
		// Every other unauthenticated request goes to the login page, including those
		// that Spring Security cannot classify as a browser's (no Accept header, as with
		// a request replayed from the cookie request cache). Without this line such
		// requests fall back to the first registered entry point, the /api 401 above.
		http.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
				new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE));
		return http.build();
	}

	/**
	 * Where the browser goes once logout has ended the session in Redis. A session that
	 * came from the identity provider goes on to the provider's end_session_endpoint
	 * (OpenID Connect RP-Initiated Logout, with the ID token as a hint), which ends the
	 * provider's own session too and sends the browser back to the login page; without
	 * that, the next "Sign in with the identity provider" would sign the user in again
	 * without a password. A form-login session goes straight to the login page.
	 */
	private static LogoutSuccessHandler logoutSuccess(ClientRegistrationRepository registrations) {
		OidcClientInitiatedLogoutSuccessHandler handler = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		handler.setPostLogoutRedirectUri("{baseUrl}/login?logout");
		handler.setDefaultTargetUrl("/login?logout");
		return handler;
	}

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

}
