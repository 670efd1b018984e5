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
package dev.sessionstarter.autoconfigure;

import java.time.Clock;

import dev.sessionstarter.servlet.oauth2.ReauthenticatingAuthorizedClientRepository;
import dev.sessionstarter.core.oauth2.BackChannelLogout;
import dev.sessionstarter.servlet.oauth2.BackChannelLogoutFilter;
import dev.sessionstarter.servlet.oauth2.ReauthenticatingAuthorizationRequestResolver;
import dev.sessionstarter.core.oauth2.RedisOidcSessionRegistry;
import dev.sessionstarter.servlet.oauth2.SingleRefreshAuthorizedClientManager;
import dev.sessionstarter.core.store.ProviderSessions;
import dev.sessionstarter.core.store.RedisSessionStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.client.OidcLogoutConfigurer;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * Keeps OAuth 2.0 authorized clients (the access and refresh tokens an application got
 * for a signed-in user) in the user's session, and so in Redis, instead of in the memory
 * of the node that handled the login: Spring Boot's default
 * {@code InMemoryOAuth2AuthorizedClientService} sends a user whose next request reaches
 * another node back to the identity provider. They end with the session, at logout,
 * revocation or expiry. An expired access token is refreshed by one request, on whichever
 * node ({@link SingleRefreshAuthorizedClientManager}). With {@code oidcLogout()} in a
 * filter chain, OpenID Connect back-channel logout works across nodes: logins are
 * registered in Redis ({@link RedisOidcSessionRegistry}) and the logout endpoint ends the
 * matching sessions there ({@link BackChannelLogoutFilter}).
 *
 * @author session-starter
 */
@AutoConfiguration(after = SessionStarterAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration",
		beforeName = "org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(HttpSessionOAuth2AuthorizedClientRepository.class)
@ConditionalOnBean({ RedisSessionStore.class, ClientRegistrationRepository.class })
public final class SessionStarterOAuth2ClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OAuth2AuthorizedClientRepository authorizedClientRepository(SessionStarterProperties properties) {
		SessionStarterProperties.RecentAuthentication recent = properties.getRecentAuthentication();
		// With re-authentication, another user's refused provider login must not leave
		// its
		// provider tokens in the session.
		return recent.isEnabled() ? new ReauthenticatingAuthorizedClientRepository()
				: new HttpSessionOAuth2AuthorizedClientRepository();
	}

	@Bean
	@ConditionalOnMissingBean
	OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository clientRegistrations,
			OAuth2AuthorizedClientRepository authorizedClients, RedisSessionStore store) {
		// Spring Security's own default manager, for every grant it supports; ours only
		// makes sure that one request refreshes, on whichever node.
		return new SingleRefreshAuthorizedClientManager(
				new DefaultOAuth2AuthorizedClientManager(clientRegistrations, authorizedClients), store);
	}

	/**
	 * Picked up by {@code oauth2Login()} in place of its default resolver: a login
	 * started by a signed-in user (a re-authentication) asks the provider to authenticate
	 * the user again.
	 * @param clientRegistrations the client registrations
	 * @return the resolver
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "session-starter.recent-authentication.enabled", matchIfMissing = true)
	OAuth2AuthorizationRequestResolver authorizationRequestResolver(ClientRegistrationRepository clientRegistrations) {
		return new ReauthenticatingAuthorizationRequestResolver(clientRegistrations);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(value = { OidcSessionRegistry.class, HttpSecurity.class },
			name = "org.springframework.security.oauth2.jwt.NimbusJwtDecoder")
	static final class BackChannelLogoutConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ProviderSessions providerSessions(RedisSessionStore store) {
			return new ProviderSessions(store);
		}

		@Bean
		@ConditionalOnMissingBean
		OidcSessionRegistry oidcSessionRegistry(ProviderSessions providerSessions) {
			return new RedisOidcSessionRegistry(providerSessions);
		}

		@Bean
		Customizer<HttpSecurity> sessionStarterBackChannelLogoutCustomizer(
				ClientRegistrationRepository clientRegistrations, ProviderSessions providerSessions,
				OidcSessionRegistry registry) {
			return (http) -> http.with(
					new BackChannelLogoutConfigurer(new BackChannelLogoutFilter(clientRegistrations,
							new BackChannelLogout(providerSessions, Clock.systemUTC())), registry),
					Customizer.withDefaults());
		}

	}

	/**
	 * Puts the starter's back-channel logout endpoint in front of Spring Security's, in
	 * filter chains that configure {@code oidcLogout()}. Applied when the chain's
	 * {@code HttpSecurity} is created, so it configures before Spring Security's own
	 * configurer and its filter runs first.
	 */
	static final class BackChannelLogoutConfigurer
			extends AbstractHttpConfigurer<BackChannelLogoutConfigurer, HttpSecurity> {

		private final BackChannelLogoutFilter filter;

		private final OidcSessionRegistry registry;

		BackChannelLogoutConfigurer(BackChannelLogoutFilter filter, OidcSessionRegistry registry) {
			this.filter = filter;
			this.registry = registry;
		}

		@Override
		public void configure(HttpSecurity http) {
			// Only where logins are recorded in Redis: with an application's own registry
			// the endpoint would find nothing and answer 200 for sessions it never ended,
			// so Spring Security's filter keeps it.
			OidcSessionRegistry inUse = http.getSharedObject(OidcSessionRegistry.class);
			OidcSessionRegistry registry = (inUse != null) ? inUse : this.registry;
			if (http.getConfigurer(OidcLogoutConfigurer.class) != null
					&& registry instanceof RedisOidcSessionRegistry) {
				http.addFilterBefore(this.filter, CsrfFilter.class);
			}
		}

	}

}
