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

package dev.sessionstarter.core.dbsc;

import org.jspecify.annotations.Nullable;

/**
 * The few pieces of HTTP Structured Field Values (RFC 9651) that the protocol headers
 * use: serializing an sf-string, the registration header's inner list with parameters,
 * and reading the one string a request header carries.
 *
 * <p>
 * The specification makes {@code Sec-Secure-Session-Id} and
 * {@code Secure-Session-Response} sf-strings; Chromium sends both unquoted. Both forms
 * are read: a quoted sf-string, or a bare run of token characters (without the rule that
 * a token starts with a letter, since identifiers and JWTs in base64url may start with a
 * digit). Parameters after the value are ignored, as the specification asks.
 *
 * @author session-starter
 */
public final class StructuredFields {

	/** Longest header value read; a DBSC proof is well under 1 KB. */
	static final int MAX_LENGTH = 8192;

	private StructuredFields() {
	}

	/**
	 * Serialize an sf-string.
	 * @param value printable ASCII
	 * @return the quoted, escaped string
	 * @throws IllegalArgumentException for characters an sf-string cannot carry
	 */
	static String string(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				throw new IllegalArgumentException("Not printable ASCII at " + i);
			}
			if (c == '"' || c == '\\') {
				out.append('\\');
			}
			out.append(c);
		}
		return out.append('"').toString();
	}

	/**
	 * The {@code Secure-Session-Registration} value offering one algorithm.
	 * @param algorithm an sf-token such as {@code ES256}
	 * @param path the registration endpoint
	 * @param challenge the challenge to sign
	 * @return {@code (ES256);path="…";challenge="…"}
	 */
	public static String registration(String algorithm, String path, String challenge) {
		return "(" + algorithm + ");path=" + string(path) + ";challenge=" + string(challenge);
	}

	/**
	 * The {@code Secure-Session-Challenge} value for one session.
	 * @param challenge the challenge
	 * @param sessionIdentifier the DBSC session identifier
	 * @return {@code "…";id="…"}
	 */
	public static String challenge(String challenge, String sessionIdentifier) {
		return string(challenge) + ";id=" + string(sessionIdentifier);
	}

	/**
	 * Read the string a request header carries: an sf-string, or a bare value as Chromium
	 * sends it, followed by optional parameters.
	 * @param header the header value, or {@code null}
	 * @return the string, or {@code null} when the value is absent, empty, too long or
	 * malformed
	 */
	public static @Nullable String readString(@Nullable String header) {
		if (header == null || header.length() > MAX_LENGTH) {
			return null;
		}
		String value = header.strip();
		if (value.isEmpty()) {
			return null;
		}
		int[] end = new int[1];
		String item = (value.charAt(0) == '"') ? quoted(value, end) : bare(value, end);
		if (item == null || !parametersOnly(value, end[0])) {
			return null;
		}
		return item;
	}

	private static @Nullable String quoted(String value, int[] end) {
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 1; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\') {
				if (i + 1 >= value.length()) {
					return null;
				}
				char next = value.charAt(++i);
				if (next != '"' && next != '\\') {
					return null;
				}
				out.append(next);
			}
			else if (c == '"') {
				end[0] = i + 1;
				return out.toString();
			}
			else if (c < 0x20 || c > 0x7e) {
				return null;
			}
			else {
				out.append(c);
			}
		}
		return null;
	}

	private static @Nullable String bare(String value, int[] end) {
		int i = 0;
		while (i < value.length() && isTokenChar(value.charAt(i))) {
			i++;
		}
		end[0] = i;
		return (i > 0) ? value.substring(0, i) : null;
	}

	/**
	 * Whether what follows the item is nothing or parameters ({@code ;key[=value]}),
	 * which are ignored. Parameter values may be sf-strings, with semicolons inside.
	 */
	private static boolean parametersOnly(String value, int from) {
		int i = from;
		while (i < value.length()) {
			if (value.charAt(i) != ';') {
				return false;
			}
			i++;
			while (i < value.length() && value.charAt(i) == ' ') {
				i++;
			}
			int keyStart = i;
			while (i < value.length() && isKeyChar(value.charAt(i))) {
				i++;
			}
			if (i == keyStart) {
				return false;
			}
			if (i < value.length() && value.charAt(i) == '=') {
				int[] end = new int[1];
				String rest = value.substring(i + 1);
				String item = (!rest.isEmpty() && rest.charAt(0) == '"') ? quoted(rest, end) : bare(rest, end);
				if (item == null) {
					return false;
				}
				i += 1 + end[0];
			}
		}
		return true;
	}

	private static boolean isKeyChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*';
	}

	/**
	 * tchar (RFC 9110) plus ':' and '/', as an sf-token allows after its first character.
	 */
	private static boolean isTokenChar(char c) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return true;
		}
		return "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
	}

}
