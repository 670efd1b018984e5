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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * The one place that decides what a session token is. A token is 32 bytes from
 * {@link SecureRandom} (256 bits), written as unpadded base64url: exactly
 * {@value #TOKEN_LENGTH} characters from {@code A-Z a-z 0-9 - _}. The token is a bearer
 * secret: it is never stored, logged or published. What Redis sees is its
 * {@link #storageId(String) storage id}, the SHA-256 of the token, so a dump of the store
 * or a leaked replica hands out no usable session.
 *
 * @author session-starter
 */
public final class SessionTokens {

	/**
	 * One digest per thread: looking up the provider on every call costs more than
	 * hashing.
	 */
	private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(SessionTokens::newDigest);

	/** Number of random bytes in a token. */
	public static final int TOKEN_BYTES = 32;

	/** Length of a token in characters (unpadded base64url of {@link #TOKEN_BYTES}). */
	public static final int TOKEN_LENGTH = 43;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final SecureRandom RANDOM = new SecureRandom();

	private SessionTokens() {
	}

	/**
	 * Mint a new token.
	 * @return a fresh 256-bit token
	 */
	public static String mint() {
		byte[] bytes = new byte[TOKEN_BYTES];
		RANDOM.nextBytes(bytes);
		return ENCODER.encodeToString(bytes);
	}

	/**
	 * Whether the given value has the exact shape of a token. This is checked before any
	 * store access so that garbage (oversized values, percent-encoding, NULs, unicode)
	 * never costs a Redis round trip.
	 * @param candidate the value presented by a client, may be {@code null}
	 * @return {@code true} only for exactly {@value #TOKEN_LENGTH} base64url characters
	 * whose last character carries no stray bits
	 */
	public static boolean isWellFormed(@Nullable String candidate) {
		if (candidate == null || candidate.length() != TOKEN_LENGTH) {
			return false;
		}
		for (int i = 0; i < TOKEN_LENGTH; i++) {
			if (!isBase64Url(candidate.charAt(i))) {
				return false;
			}
		}
		// 32 bytes use 256 of the 258 bits of 43 characters: a canonical encoding leaves
		// the last 2 bits zero. Rejecting the other three spellings keeps one token per
		// secret.
		return (valueOf(candidate.charAt(TOKEN_LENGTH - 1)) & 0b11) == 0;
	}

	/**
	 * The id a session is stored under: SHA-256 of the token, unpadded base64url.
	 * @param token a well-formed token
	 * @return the storage id (43 characters)
	 * @throws IllegalArgumentException if the token is not well formed
	 */
	public static String storageId(String token) {
		if (!isWellFormed(token)) {
			throw new IllegalArgumentException("Not a well-formed session token");
		}
		return sha256(token);
	}

	/**
	 * A stable, non-reversible name for a value that must not appear in clear in key
	 * names or logs (principal names, storage ids in audit lines).
	 * @param value the value to hash
	 * @return SHA-256 of the UTF-8 value, unpadded base64url
	 */
	public static String sha256(String value) {
		MessageDigest digest = DIGESTS.get();
		digest.reset();
		return ENCODER.encodeToString(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	private static boolean isBase64Url(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
	}

	private static int valueOf(char c) {
		if (c >= 'A' && c <= 'Z') {
			return c - 'A';
		}
		if (c >= 'a' && c <= 'z') {
			return c - 'a' + 26;
		}
		if (c >= '0' && c <= '9') {
			return c - '0' + 52;
		}
		return (c == '-') ? 62 : 63;
	}

}
