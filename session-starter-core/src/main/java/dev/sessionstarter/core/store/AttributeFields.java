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

package dev.sessionstarter.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an attribute's encoded value is laid out in the session hash. A value of at most
 * {@value #MAX_BYTES} bytes is one field, {@code a:<name>}. A longer one, up to
 * {@value #MAX_PIECES} pieces, is split into pieces of at most {@value #MAX_BYTES} bytes:
 * {@code a:<name>} holds {@code ~<count>:} and the first piece, and {@code c:<k>:<name>}
 * the k-th. Every field and value of an ordinary session then stays within Redis's
 * default {@code hash-max-listpack-value} (64), so that its hash keeps the compact
 * listpack encoding: one longer value (a signed-in user's security context is about 150
 * bytes) converts the whole hash to a hash table of about twice the memory. Larger values
 * stay whole, since such a hash is a hash table anyway.
 * <p>
 * A value that itself starts with {@code ~} is stored with a second {@code ~} in front,
 * so that any codec's output reads back unchanged. A piece is written in the same script
 * call as its head, so readers see all of a value or none of it; pieces that a parallel
 * request left behind when it wrote a shorter value are never read (the head names how
 * many pieces there are) and end with the session.
 *
 * @author session-starter
 */
final class AttributeFields {

	static final int MAX_BYTES = 64;

	static final int MAX_PIECES = 8;

	static final String PIECE_PREFIX = "c:";

	private static final char MARK = '~';

	/**
	 * Attributes never split, whatever their length: revoke-sessions.lua and
	 * provider-logout.lua find sessions by comparing these fields' values (a provider
	 * logout's marker holds the issuer, often longer than 64 bytes), and
	 * list-sessions.lua returns them as they are.
	 */
	private static final Set<String> WHOLE = Set.of(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE,
			UserSessions.USER_AGENT_ATTRIBUTE, UserSessions.CLIENT_IP_ATTRIBUTE, UserSessions.PROVIDER_ATTRIBUTE,
			ProviderSessions.SID_ATTRIBUTE, ProviderSessions.SUBJECT_ATTRIBUTE);

	private AttributeFields() {
	}

	/**
	 * Add the fields that hold a value, as field, value pairs.
	 * @param name the attribute name
	 * @param value the encoded value
	 * @param pairs where to add the fields
	 * @return how many fields hold it
	 */
	static int write(String name, String value, List<String> pairs) {
		List<String> pieces = WHOLE.contains(name) ? null : split(value);
		if (pieces == null) {
			pairs.add(SessionDelta.ATTRIBUTE_PREFIX + name);
			pairs.add((value.isEmpty() || value.charAt(0) != MARK) ? value : MARK + value);
			return 1;
		}
		pairs.add(SessionDelta.ATTRIBUTE_PREFIX + name);
		pairs.add(MARK + Integer.toString(pieces.size()) + ":" + pieces.get(0));
		for (int k = 1; k < pieces.size(); k++) {
			pairs.add(pieceField(name, k));
			pairs.add(pieces.get(k));
		}
		return pieces.size();
	}

	/**
	 * How many fields hold a value.
	 * @param name the attribute name
	 * @param value the encoded value
	 * @return 1, or the number of pieces
	 */
	static int fieldCount(String name, String value) {
		List<String> pieces = WHOLE.contains(name) ? null : split(value);
		return (pieces != null) ? pieces.size() : 1;
	}

	/**
	 * Add the piece fields from {@code from} (at least 1) to {@code to} (exclusive).
	 * @param name the attribute name
	 * @param from the first piece to delete
	 * @param to one past the last
	 * @param fields where to add them
	 */
	static void pieces(String name, int from, int to, List<String> fields) {
		for (int k = Math.max(from, 1); k < to; k++) {
			fields.add(pieceField(name, k));
		}
	}

	/**
	 * Put the values back together.
	 * @param heads the {@code a:} fields by attribute name
	 * @param pieces the {@code c:} fields, by field name less the prefix
	 * ({@code <k>:<name>})
	 * @return the values by attribute name; a head whose pieces are missing is kept as it
	 * is, which no codec reads (the session is then unreadable, as damaged data is)
	 */
	static Map<String, String> join(Map<String, String> heads, Map<String, String> pieces) {
		heads.replaceAll((name, head) -> {
			if (head.isEmpty() || head.charAt(0) != MARK) {
				return head;
			}
			if (head.length() > 1 && head.charAt(1) == MARK) {
				return head.substring(1);
			}
			int colon = head.indexOf(':');
			int count = (colon > 1 && colon < 4) ? parseCount(head.substring(1, colon)) : -1;
			if (count < 2) {
				return head;
			}
			StringBuilder value = new StringBuilder(head.length() * count).append(head, colon + 1, head.length());
			for (int k = 1; k < count; k++) {
				String piece = pieces.get(k + ":" + name);
				if (piece == null) {
					return head;
				}
				value.append(piece);
			}
			return value.toString();
		});
		return heads;
	}

	private static int parseCount(String digits) {
		for (int i = 0; i < digits.length(); i++) {
			if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
				return -1;
			}
		}
		return Integer.parseInt(digits);
	}

	private static String pieceField(String name, int k) {
		return PIECE_PREFIX + k + ":" + name;
	}

	/**
	 * The pieces of a value too long for one field, or {@code null} when it fits in one
	 * (or is too long to be worth splitting).
	 */
	private static List<String> split(String value) {
		int bytes = utf8Length(value, 0, value.length());
		boolean marked = !value.isEmpty() && value.charAt(0) == MARK;
		if (bytes + (marked ? 1 : 0) <= MAX_BYTES || bytes > MAX_PIECES * MAX_BYTES - 4) {
			return null;
		}
		// The head's "~<count>:" takes 3 bytes for up to 9 pieces.
		List<String> pieces = new ArrayList<>(MAX_PIECES);
		int start = 0;
		int budget = MAX_BYTES - 3;
		while (start < value.length()) {
			int end = start;
			int used = 0;
			while (end < value.length()) {
				int step = Character.isHighSurrogate(value.charAt(end)) && end + 1 < value.length() ? 2 : 1;
				int size = utf8Length(value, end, end + step);
				if (used + size > budget) {
					break;
				}
				used += size;
				end += step;
			}
			pieces.add(value.substring(start, end));
			start = end;
			budget = MAX_BYTES;
		}
		return (pieces.size() <= MAX_PIECES) ? pieces : null;
	}

	private static int utf8Length(String value, int from, int to) {
		int bytes = 0;
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(value.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
