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

package dev.sessionstarter.core.token;

import org.jspecify.annotations.Nullable;

/**
 * The format of refresh tokens: {@code <family id>.<secret>}, both parts 32 random bytes
 * in base64url (87 characters in all). The family id names the Redis key of the token
 * family (so every refresh touches one key, one Cluster slot); it is not a secret and is
 * useless without the secret. Only the SHA-256 of the whole token is stored.
 *
 * <p>
 * A refresh token can never pass for a session (access) token or the other way round: the
 * lengths differ, and each is rejected by the other's parser before Redis is asked.
 *
 * @author session-starter
 */
public final class RefreshTokens {

	/**
	 * Length of a refresh token.
	 */
	public static final int TOKEN_LENGTH = 2 * SessionTokens.TOKEN_LENGTH + 1;

	private static final char SEPARATOR = '.';

	private RefreshTokens() {
	}

	/**
	 * Mint the id of a new token family.
	 * @return a new family id
	 */
	public static String mintFamilyId() {
		return SessionTokens.mint();
	}

	/**
	 * Mint a new refresh token of a family.
	 * @param familyId the family id
	 * @return a new refresh token
	 */
	public static String mint(String familyId) {
		return familyId + SEPARATOR + SessionTokens.mint();
	}

	/**
	 * The family id of a well-formed refresh token.
	 * @param candidate a presented value
	 * @return the family id, or {@code null} when the value is not a well-formed refresh
	 * token
	 */
	public static @Nullable String familyOf(@Nullable String candidate) {
		if (candidate == null || candidate.length() != TOKEN_LENGTH
				|| candidate.charAt(SessionTokens.TOKEN_LENGTH) != SEPARATOR) {
			return null;
		}
		String familyId = candidate.substring(0, SessionTokens.TOKEN_LENGTH);
		String secret = candidate.substring(SessionTokens.TOKEN_LENGTH + 1);
		return (SessionTokens.isWellFormed(familyId) && SessionTokens.isWellFormed(secret)) ? familyId : null;
	}

	/**
	 * The form of a refresh token kept at rest.
	 * @param token a well-formed refresh token
	 * @return its SHA-256, base64url encoded
	 */
	public static String hash(String token) {
		return SessionTokens.sha256(token);
	}

}
