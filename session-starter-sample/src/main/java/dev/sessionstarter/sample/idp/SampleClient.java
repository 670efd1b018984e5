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
package dev.sessionstarter.sample.idp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The provider's clients: the sample, and the reactive sample's gateway. The provider
 * sends authorization codes, and browsers after logout, only to the exact addresses
 * registered here, so the sample is registered once its web server listens: with
 * {@code server.port=0} (as in the tests) its port is not known before. Until then the
 * provider does not know it and refuses its authorization requests. The gateway is
 * registered at the address the sample is told it has ({@code sample.idp.gateway.*}).
 *
 * @author session-starter
 */
public final class SampleClient implements RegisteredClientRepository {

	private final PasswordEncoder encoder;

	private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();

	SampleClient(PasswordEncoder encoder) {
		this.encoder = encoder;
	}

	/**
	 * Register a client where it listens now, with the credentials of its client
	 * registration: the sample, and the reactive sample's gateway.
	 * @param id the client's id at the provider
	 * @param baseUrl where browsers reach the client, e.g. {@code http://localhost:8080}
	 * @param registrationId the client's registration id for this provider, part of its
	 * redirect URI
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 */
	public void register(String id, String baseUrl, String registrationId, String clientId, String clientSecret) {
		this.clients.put(id,
				RegisteredClient.withId(id)
					.clientId(clientId)
					.clientSecret(this.encoder.encode(clientSecret))
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
					.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
					.redirectUri(baseUrl + "/login/oauth2/code/" + registrationId)
					.postLogoutRedirectUri(baseUrl + "/login?logout")
					.scope(OidcScopes.OPENID)
					.scope(OidcScopes.PROFILE)
					// First-party applications: no consent page.
					.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
					.build());
	}

	@Override
	public void save(RegisteredClient client) {
		if (!this.clients.containsKey(client.getId())) {
			throw new IllegalArgumentException("The sample's identity provider knows only its registered clients");
		}
		this.clients.put(client.getId(), client);
	}

	@Override
	public @Nullable RegisteredClient findById(String id) {
		return this.clients.get(id);
	}

	@Override
	public @Nullable RegisteredClient findByClientId(String clientId) {
		return this.clients.values()
			.stream()
			.filter((client) -> client.getClientId().equals(clientId))
			.findFirst()
			.orElse(null);
	}

}
