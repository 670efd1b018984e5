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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import dev.sessionstarter.core.token.SessionTokens;

/**
 * A reproducible corpus of hostile session tokens: random bytes, oversized values,
 * percent-encoded NULs, unicode look-alikes, near-valid tokens, and requests that carry
 * several different tokens at once. Every case is built so that it must be answered with
 * "no session" without a Redis call; {@link #next()} checks that no single value it
 * produces is accidentally a well-formed token, so a lucky mutation can never turn into a
 * legitimate store lookup. The same seed gives the same corpus.
 */
final class HostileCorpus {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final String[] UNICODE = { "\uFF21", "\u0410", "\u0131", "\u00DF", "\u200B", "\uFEFF", "\u0301",
			"\u202E", "\uD83D\uDE00", "\u00A0", "\u2028", "\u00E9", "\u0000", "\uFFFD" };

	private static final String[] NEAR_MISS_CHARACTERS = { "+", "/", "=", ".", "~", " ", "\"", "'", ",", ";", "\\", "%",
			"\t", "*", "$" };

	private final Random random;

	private final List<Supplier<Case>> kinds = List.of(this::randomBytes, this::randomLength, this::oversized,
			this::percentEncoded, this::unicode, this::nearValid, this::nearValid, this::twoDifferentTokens,
			this::cookieAndBearerDisagree, this::twoAuthorizationHeaders, this::malformedBearer,
			this::notBearerAuthorization);

	HostileCorpus(long seed) {
		this.random = new Random(seed);
	}

	/**
	 * One request's worth of hostile input.
	 *
	 * @param kind what the case is made of, for failure messages
	 * @param cookies values of the session cookie, in order (each a separate cookie)
	 * @param authorizations values of {@code Authorization} headers, in order
	 */
	record Case(String kind, List<String> cookies, List<String> authorizations) {

		@Override
		public String toString() {
			return this.kind + " cookies=" + abbreviate(this.cookies) + " authorization="
					+ abbreviate(this.authorizations);
		}

		private static List<String> abbreviate(List<String> values) {
			return values.stream()
				.map((value) -> (value.length() > 80) ? value.substring(0, 80) + "...(" + value.length() + ")" : value)
				.toList();
		}

	}

	Case next() {
		Case candidate = this.kinds.get(this.random.nextInt(this.kinds.size())).get();
		if (candidate.cookies().size() + candidate.authorizations().size() == 1) {
			String value = candidate.cookies().isEmpty() ? bearerPart(candidate.authorizations().get(0))
					: candidate.cookies().get(0);
			if (SessionTokens.isWellFormed(value)) {
				// Astronomically unlikely, but then it is a legitimate lookup, not
				// hostile.
				return next();
			}
		}
		return candidate;
	}

	private Case randomBytes() {
		char[] chars = new char[this.random.nextInt(65)];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = (char) this.random.nextInt(256);
		}
		return cookieOrBearer("random-bytes", new String(chars));
	}

	private Case randomLength() {
		int length = this.random.nextInt(200);
		if (length == SessionTokens.TOKEN_LENGTH) {
			length++;
		}
		return cookieOrBearer("wrong-length", base64url(length));
	}

	/**
	 * Up to the container's default header limit of 8 KB: nothing larger ever reaches the
	 * filters (see {@link HostileHttpEndToEndTests}).
	 */
	private Case oversized() {
		return cookieOrBearer("oversized", base64url(100 + this.random.nextInt(8_092)));
	}

	private Case percentEncoded() {
		String token = SessionTokens.mint();
		int at = this.random.nextInt(SessionTokens.TOKEN_LENGTH);
		String value = switch (this.random.nextInt(4)) {
			case 0 -> token.substring(0, at) + "%00" + token.substring(at + 1);
			case 1 -> token + "%00";
			case 2 -> "%00" + token.substring(3);
			default -> percentEncodeAll(token);
		};
		return cookieOrBearer("percent-encoded", value);
	}

	private Case unicode() {
		String token = SessionTokens.mint();
		String character = UNICODE[this.random.nextInt(UNICODE.length)];
		int at = this.random.nextInt(SessionTokens.TOKEN_LENGTH);
		String value = this.random.nextBoolean() ? token.substring(0, at) + character + token.substring(at + 1)
				: token.substring(0, at) + character + token.substring(at);
		return cookieOrBearer("unicode", value);
	}

	private Case nearValid() {
		return cookieOrBearer("near-valid", nearMiss());
	}

	private Case twoDifferentTokens() {
		List<String> cookies = new ArrayList<>(List.of(SessionTokens.mint(), SessionTokens.mint()));
		if (this.random.nextBoolean()) {
			cookies.set(1, nearMiss());
		}
		if (this.random.nextInt(4) == 0) {
			cookies.add(cookies.get(0));
		}
		return new Case("two-cookies", cookies, List.of());
	}

	private Case cookieAndBearerDisagree() {
		return new Case("cookie-and-bearer", List.of(SessionTokens.mint()), List.of("Bearer " + SessionTokens.mint()));
	}

	private Case twoAuthorizationHeaders() {
		String token = SessionTokens.mint();
		String second = switch (this.random.nextInt(3)) {
			case 0 -> "Bearer " + token;
			case 1 -> "Bearer " + SessionTokens.mint();
			default -> "Basic YWxpY2U6cGFzc3dvcmQ=";
		};
		return new Case("two-authorization", List.of(), List.of("Bearer " + token, second));
	}

	private Case malformedBearer() {
		String token = SessionTokens.mint();
		String value = switch (this.random.nextInt(6)) {
			case 0 -> "Bearer  " + token;
			case 1 -> "Bearer\t" + token;
			case 2 -> "Bearer " + token + " ";
			case 3 -> "Bearer " + token + ",Bearer " + SessionTokens.mint();
			case 4 -> "Bearer";
			default -> "Bearer " + nearMiss();
		};
		return new Case("malformed-bearer", List.of(), List.of(value));
	}

	private Case notBearerAuthorization() {
		String token = SessionTokens.mint();
		String value = switch (this.random.nextInt(4)) {
			case 0 -> "Basic " + token;
			case 1 -> "Token " + token;
			case 2 -> token;
			default -> "";
		};
		return new Case("not-bearer", List.of(), List.of(value));
	}

	/**
	 * A value one step away from a real token: a character too few or too many, one
	 * character outside the alphabet, stray bits in the last character, padding, quotes
	 * or surrounding whitespace, or the standard (not URL-safe) base64 alphabet.
	 */
	String nearMiss() {
		String token = SessionTokens.mint();
		int at = this.random.nextInt(SessionTokens.TOKEN_LENGTH);
		String bad = NEAR_MISS_CHARACTERS[this.random.nextInt(NEAR_MISS_CHARACTERS.length)];
		return switch (this.random.nextInt(9)) {
			case 0 -> token.substring(1);
			case 1 -> token + ALPHABET.charAt(this.random.nextInt(ALPHABET.length()));
			case 2 -> token.substring(0, at) + bad + token.substring(at + 1);
			case 3 -> token.substring(0, SessionTokens.TOKEN_LENGTH - 1)
					+ ALPHABET.charAt((ALPHABET.indexOf(token.charAt(SessionTokens.TOKEN_LENGTH - 1)) & ~0b11)
							| (1 + this.random.nextInt(3)));
			case 4 -> token + "=";
			case 5 -> "\"" + token + "\"";
			case 6 -> " " + token;
			case 7 -> token.substring(0, at) + "+" + token.substring(at + 1).replace('-', '+').replace('_', '/');
			default -> token.substring(0, at) + token.substring(at + 1) + "\u0000";
		};
	}

	private Case cookieOrBearer(String kind, String value) {
		return this.random.nextInt(3) == 0 ? new Case(kind, List.of(), List.of("Bearer " + value))
				: new Case(kind, List.of(value), List.of());
	}

	private String base64url(int length) {
		StringBuilder value = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			value.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return value.toString();
	}

	private static String percentEncodeAll(String token) {
		StringBuilder encoded = new StringBuilder(token.length() * 3);
		for (char c : token.toCharArray()) {
			encoded.append('%').append(String.format("%02X", (int) c));
		}
		return encoded.toString();
	}

	static String bearerPart(String authorization) {
		return authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : authorization;
	}

}
