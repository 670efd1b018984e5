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

package dev.sessionstarter.autoconfigure.oidc.provider;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A Spring Authorization Server with OIDC (ID tokens, user info, RP-initiated logout),
 * one confidential client for the test applications and two users. Its own logins live in
 * ordinary servlet sessions: whoever starts it leaves session-starter out.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ProviderApplication {

	/**
	 * Client id of the test applications.
	 */
	public static final String CLIENT_ID = "session-app";

	/**
	 * Client secret of the test applications.
	 */
	public static final String CLIENT_SECRET = "session-app-secret";

	/**
	 * Where the provider sends browsers back. A loopback IP literal matches whatever its
	 * port (RFC 8252, section 7.3), so one registration serves every application node.
	 */
	public static final String REDIRECT_URI = "http://127.0.0.1/login/oauth2/code/sas";

	/**
	 * How long access tokens live unless a test says otherwise.
	 */
	public static final Duration ACCESS_TOKEN_TIME_TO_LIVE = Duration.ofMinutes(5);

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http) {
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		});
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		// The user info endpoint takes the access token as a bearer token.
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		MediaTypeRequestMatcher browsers = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		browsers.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browsers));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain loginSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}password").build(),
				User.withUsername("bob").password("{noop}password").build(),
				User.withUsername("dave").password("{noop}password").build());
	}

	@Bean
	RegisteredClientRepository registeredClients() {
		return new InMemoryRegisteredClientRepository(sessionApp(ACCESS_TOKEN_TIME_TO_LIVE));
	}

	@Bean
	RecordingAuthorizationService authorizationService() {
		return new RecordingAuthorizationService();
	}

	/**
	 * Generated at every start, as a test must never depend on a key from an earlier run;
	 * exposed so that a test can sign what the provider would sign (e.g. a back-channel
	 * logout token).
	 */
	@Bean
	RSAKey signingKey() throws JOSEException {
		return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(RSAKey signingKey) {
		return new ImmutableJWKSet<>(new JWKSet(signingKey));
	}

	@Bean
	TokenEndpointCalls tokenEndpointCalls() {
		return new TokenEndpointCalls();
	}

	@Bean
	FilterRegistrationBean<?> tokenEndpointCallsFilter(TokenEndpointCalls calls) {
		FilterRegistrationBean<?> registration = new FilterRegistrationBean<>(calls.filter());
		registration.addUrlPatterns("/oauth2/token");
		// Ahead of Spring Security, so that refused requests count too.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * The test applications' registration.
	 * @param accessTokenTimeToLive how long its access tokens live
	 * @return the registration
	 */
	public static RegisteredClient sessionApp(Duration accessTokenTimeToLive) {
		return RegisteredClient.withId(CLIENT_ID)
			.clientId(CLIENT_ID)
			.clientSecret("{noop}" + CLIENT_SECRET)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri(REDIRECT_URI)
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(accessTokenTimeToLive).build())
			.build();
	}

}
