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

import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.reactive.oauth2.SingleRefreshReactiveAuthorizedClientManager;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;

/**
 * The reactive side of {@link SessionStarterOAuth2ClientAutoConfiguration}: OAuth 2.0
 * authorized clients (the access and refresh tokens a reactive application or gateway got
 * for a signed-in user) are kept in the user's session, and so in Redis, instead of
 * Spring Boot's default {@code InMemoryReactiveOAuth2AuthorizedClientService}, which
 * holds them in the memory of the node that handled the login. Every node then finds them
 * (Spring Cloud Gateway's {@code TokenRelay} among them), and they end with the session.
 *
 * @author session-starter
 */
@AutoConfiguration(after = SessionStarterReactiveAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration",
		beforeName = "org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ WebSessionServerOAuth2AuthorizedClientRepository.class,
		SingleRefreshReactiveAuthorizedClientManager.class })
@ConditionalOnBean({ RedisSessionStore.class, ReactiveClientRegistrationRepository.class })
public final class SessionStarterReactiveOAuth2ClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServerOAuth2AuthorizedClientRepository authorizedClientRepository() {
		return new WebSessionServerOAuth2AuthorizedClientRepository();
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveOAuth2AuthorizedClientManager authorizedClientManager(
			ReactiveClientRegistrationRepository clientRegistrations,
			ServerOAuth2AuthorizedClientRepository authorizedClients, RedisSessionStore store) {
		// Spring Security's own default manager, for every grant it supports; ours only
		// makes sure that one request refreshes, on whichever node.
		return new SingleRefreshReactiveAuthorizedClientManager(
				new DefaultReactiveOAuth2AuthorizedClientManager(clientRegistrations, authorizedClients), store);
	}

}
