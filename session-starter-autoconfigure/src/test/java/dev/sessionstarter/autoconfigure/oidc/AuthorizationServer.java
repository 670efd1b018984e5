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

package dev.sessionstarter.autoconfigure.oidc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.jwk.RSAKey;
import dev.sessionstarter.autoconfigure.oidc.provider.ProviderApplication;
import dev.sessionstarter.autoconfigure.oidc.provider.RecordingAuthorizationService;
import dev.sessionstarter.autoconfigure.oidc.provider.TokenEndpointCalls;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.core.AbstractOAuth2Token;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * A real OpenID Provider for tests: Spring Authorization Server in its own application
 * context on a free port, issuer {@code http://localhost:<port>}, with the client
 * {@code session-app} and the users alice and bob (password {@code password}), see
 * {@link ProviderApplication}. Start one per test class and close it after.
 */
final class AuthorizationServer implements AutoCloseable {

	private static final String AUTHORIZATION_CODE = AuthorizationGrantType.AUTHORIZATION_CODE.getValue();

	private static final String REFRESH_TOKEN = AuthorizationGrantType.REFRESH_TOKEN.getValue();

	private final ConfigurableApplicationContext context;

	private AuthorizationServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static AuthorizationServer start() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ProviderApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"spring.autoconfigure.exclude=" + String.join(",", leftOut()))
			.run();
		return new AuthorizationServer(context);
	}

	/**
	 * The provider keeps its logins in plain servlet sessions and has no use for Redis:
	 * every session-starter auto-configuration stays out (read from the starter's own
	 * list, so that one added later stays out too), and so does Redis, which leaves every
	 * Redis command a test counts to the applications.
	 */
	private static List<String> leftOut() {
		return ImportCandidates.load(AutoConfiguration.class, AuthorizationServer.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("dev.sessionstarter.")
					|| name.startsWith("org.springframework.boot.data.redis."))
			.toList();
	}

	/**
	 * The issuer, which is also the base URL of every endpoint.
	 * @return e.g. {@code http://localhost:52311}
	 */
	String issuer() {
		return "http://localhost:" + ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/**
	 * The key the provider signs ID tokens with, private part included.
	 * @return the key
	 */
	RSAKey signingKey() {
		return this.context.getBean(RSAKey.class);
	}

	/**
	 * Token requests that redeemed an authorization code since the last reset.
	 * @return how many
	 */
	int authorizationCodeGrants() {
		return calls().requests(AUTHORIZATION_CODE);
	}

	/**
	 * Token requests that presented a refresh token since the last reset.
	 * @return how many
	 */
	int refreshTokenGrants() {
		return calls().requests(REFRESH_TOKEN);
	}

	/**
	 * Refresh requests the provider refused since the last reset.
	 * @return how many
	 */
	int refusedRefreshTokenGrants() {
		return calls().refused(REFRESH_TOKEN);
	}

	/**
	 * Token requests of any grant type since the last reset.
	 * @return how many
	 */
	int tokenRequests() {
		return calls().total();
	}

	/**
	 * Make access tokens issued from now on live this long. The Spring Security client
	 * treats a token within 60 seconds of its expiry as expired, so anything shorter has
	 * it refresh at the next use.
	 * @param timeToLive the time to live
	 */
	void accessTokenTimeToLive(Duration timeToLive) {
		// Saved under the same id, the registration replaces the one the provider has.
		this.context.getBean(RegisteredClientRepository.class).save(ProviderApplication.sessionApp(timeToLive));
	}

	/**
	 * Revoke every refresh token issued to a user: the provider refuses to refresh with
	 * them from now on.
	 * @param user the user name
	 * @return how many were revoked
	 */
	int revokeRefreshTokens(String user) {
		return authorizations().revokeRefreshTokens(user);
	}

	/**
	 * The tokens most recently issued to a user. Their values are secrets: compare them,
	 * never print them.
	 * @param user the user name
	 * @return the tokens
	 */
	IssuedTokens issuedTo(String user) {
		OAuth2Authorization authorization = authorizations().latestOf(user)
			.orElseThrow(() -> new IllegalStateException("The provider issued no access token to " + user));
		return new IssuedTokens(authorization.getAccessToken().getToken().getTokenValue(),
				value(authorization.getRefreshToken()), value(authorization.getToken(OidcIdToken.class)));
	}

	/**
	 * Forget the counts and go back to the default access-token time to live.
	 */
	void reset() {
		calls().reset();
		accessTokenTimeToLive(ProviderApplication.ACCESS_TOKEN_TIME_TO_LIVE);
	}

	@Override
	public void close() {
		this.context.close();
	}

	private TokenEndpointCalls calls() {
		return this.context.getBean(TokenEndpointCalls.class);
	}

	private RecordingAuthorizationService authorizations() {
		return this.context.getBean(RecordingAuthorizationService.class);
	}

	private static @Nullable String value(OAuth2Authorization.@Nullable Token<? extends AbstractOAuth2Token> token) {
		return Optional.ofNullable(token).map((t) -> t.getToken().getTokenValue()).orElse(null);
	}

	/**
	 * Token values as the provider issued them. Never printed: {@link #toString()} names
	 * no value.
	 *
	 * @param accessToken the access token value
	 * @param refreshToken the refresh token value, if one was issued
	 * @param idToken the ID token value, if one was issued
	 */
	record IssuedTokens(String accessToken, @Nullable String refreshToken, @Nullable String idToken) {

		@Override
		public String toString() {
			return "IssuedTokens[values not shown]";
		}

	}

}
