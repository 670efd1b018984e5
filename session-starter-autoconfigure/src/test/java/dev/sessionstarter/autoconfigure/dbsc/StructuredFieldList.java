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

package dev.sessionstarter.autoconfigure.dbsc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A client's reader of RFC 9651 lists, as a browser parses
 * {@code Secure-Session-Registration} and {@code Secure-Session-Challenge}: members are
 * items (strings, tokens, integers, booleans) or inner lists of items, each with
 * parameters. Anything malformed makes the whole field {@code null}, as the RFC requires.
 */
final class StructuredFieldList {

	/** An sf-token, kept apart from strings because the protocol tells them apart. */
	record Token(String value) {
	}

	/** A list member: an item or an inner list, with its parameters. */
	record Member(Object value, Map<String, Object> parameters) {

		boolean isInnerList() {
			return this.value instanceof List<?>;
		}

	}

	private final String input;

	private int at;

	private StructuredFieldList(String input) {
		this.input = input;
	}

	static @Nullable List<Member> parse(List<String> headerLines) {
		if (headerLines.isEmpty()) {
			return null;
		}
		StructuredFieldList parser = new StructuredFieldList(String.join(", ", headerLines).strip());
		try {
			return parser.list();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private List<Member> list() {
		List<Member> members = new ArrayList<>();
		while (this.at < this.input.length()) {
			Object value = (peek() == '(') ? innerList() : bareItem();
			members.add(new Member(value, parameters()));
			skipSpaces();
			if (this.at == this.input.length()) {
				return members;
			}
			expect(',');
			skipSpaces();
			if (this.at == this.input.length()) {
				throw new IllegalArgumentException("Trailing comma");
			}
		}
		return members;
	}

	private List<Object> innerList() {
		expect('(');
		List<Object> items = new ArrayList<>();
		while (true) {
			while (peek() == ' ') {
				this.at++;
			}
			if (peek() == ')') {
				this.at++;
				return items;
			}
			items.add(bareItem());
			parameters();
			char next = peek();
			if (next != ' ' && next != ')') {
				throw new IllegalArgumentException("Bad inner list");
			}
		}
	}

	private Map<String, Object> parameters() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		while (peek() == ';') {
			this.at++;
			while (peek() == ' ') {
				this.at++;
			}
			String key = key();
			Object value = Boolean.TRUE;
			if (peek() == '=') {
				this.at++;
				value = bareItem();
			}
			parameters.put(key, value);
		}
		return parameters;
	}

	private String key() {
		int start = this.at;
		char first = peek();
		if (!(first >= 'a' && first <= 'z') && first != '*') {
			throw new IllegalArgumentException("Bad key");
		}
		while ("abcdefghijklmnopqrstuvwxyz0123456789_-.*".indexOf(peek()) >= 0 && peek() != 0) {
			this.at++;
		}
		return this.input.substring(start, this.at);
	}

	private Object bareItem() {
		char c = peek();
		if (c == '"') {
			return string();
		}
		if (c == '?') {
			this.at++;
			char b = next();
			if (b != '0' && b != '1') {
				throw new IllegalArgumentException("Bad boolean");
			}
			return b == '1';
		}
		if (c == '-' || (c >= '0' && c <= '9')) {
			int start = this.at++;
			while (peek() >= '0' && peek() <= '9') {
				this.at++;
			}
			return Long.parseLong(this.input.substring(start, this.at));
		}
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*') {
			int start = this.at++;
			while (peek() != 0 && (Character.isLetterOrDigit(peek()) || "!#$%&'*+-.^_`|~:/".indexOf(peek()) >= 0)) {
				this.at++;
			}
			return new Token(this.input.substring(start, this.at));
		}
		throw new IllegalArgumentException("Bad item at " + this.at);
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		while (true) {
			char c = next();
			if (c == '\\') {
				char escaped = next();
				if (escaped != '"' && escaped != '\\') {
					throw new IllegalArgumentException("Bad escape");
				}
				out.append(escaped);
			}
			else if (c == '"') {
				return out.toString();
			}
			else if (c < 0x20 || c > 0x7e) {
				throw new IllegalArgumentException("Bad character");
			}
			else {
				out.append(c);
			}
		}
	}

	private void skipSpaces() {
		while (peek() == ' ' || peek() == '\t') {
			this.at++;
		}
	}

	private void expect(char c) {
		if (next() != c) {
			throw new IllegalArgumentException("Expected " + c);
		}
	}

	private char peek() {
		return (this.at < this.input.length()) ? this.input.charAt(this.at) : 0;
	}

	private char next() {
		if (this.at >= this.input.length()) {
			throw new IllegalArgumentException("Unexpected end");
		}
		return this.input.charAt(this.at++);
	}

}
