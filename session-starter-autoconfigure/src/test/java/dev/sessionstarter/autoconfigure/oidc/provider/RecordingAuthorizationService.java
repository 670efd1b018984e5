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

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The provider's own in-memory authorization store, which also knows the authorizations
 * of each user, so that a test can revoke them or compare what the provider issued with
 * what an application stored.
 */
public final class RecordingAuthorizationService implements OAuth2AuthorizationService {

	private final InMemoryOAuth2AuthorizationService delegate = new InMemoryOAuth2AuthorizationService();

	private final Map<String, Set<String>> idsByUser = new ConcurrentHashMap<>();

	@Override
	public void save(OAuth2Authorization authorization) {
		this.delegate.save(authorization);
		this.idsByUser.computeIfAbsent(authorization.getPrincipalName(), (user) -> ConcurrentHashMap.newKeySet())
			.add(authorization.getId());
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.delegate.remove(authorization);
		Set<String> ids = this.idsByUser.get(authorization.getPrincipalName());
		if (ids != null) {
			ids.remove(authorization.getId());
		}
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		return this.delegate.findByToken(token, tokenType);
	}

	/**
	 * The authorizations the provider holds for a user.
	 * @param user the user name
	 * @return the authorizations, in no particular order
	 */
	public List<OAuth2Authorization> authorizationsOf(String user) {
		return this.idsByUser.getOrDefault(user, Set.of())
			.stream()
			.map(this.delegate::findById)
			.filter(Objects::nonNull)
			.toList();
	}

	/**
	 * The user's authorization with the most recently issued access token.
	 * @param user the user name
	 * @return the authorization, if an access token was issued to the user
	 */
	public Optional<OAuth2Authorization> latestOf(String user) {
		return authorizationsOf(user).stream()
			.filter((authorization) -> authorization.getAccessToken() != null)
			.max(Comparator.comparing(RecordingAuthorizationService::accessTokenIssuedAt));
	}

	/**
	 * Revoke every refresh token of a user, as the token revocation endpoint would: the
	 * provider then refuses to refresh with any of them.
	 * @param user the user name
	 * @return how many refresh tokens were revoked
	 */
	public int revokeRefreshTokens(String user) {
		int revoked = 0;
		for (OAuth2Authorization authorization : authorizationsOf(user)) {
			OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = authorization.getRefreshToken();
			if (refreshToken != null && refreshToken.isActive()) {
				save(OAuth2Authorization.from(authorization).invalidate(refreshToken.getToken()).build());
				revoked++;
			}
		}
		return revoked;
	}

	private static Instant accessTokenIssuedAt(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		Instant issuedAt = (accessToken != null) ? accessToken.getToken().getIssuedAt() : null;
		return (issuedAt != null) ? issuedAt : Instant.EPOCH;
	}

}
