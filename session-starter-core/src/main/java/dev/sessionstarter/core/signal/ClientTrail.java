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

package dev.sessionstarter.core.signal;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The clients a session was seen with since login, other than the login client: network
 * prefixes and user-agent fingerprints, each with when it was first seen. Kept in one
 * session attribute as text, written only when something new is seen, so an ordinary
 * request writes nothing.
 *
 * @author session-starter
 */
final class ClientTrail {

	/** Session attribute holding the trail. */
	static final String ATTRIBUTE = "dev.sessionstarter.clientTrail";

	private static final int MAX_ENTRIES = 16;

	private final List<Entry> entries;

	private boolean changed;

	private ClientTrail(List<Entry> entries) {
		this.entries = entries;
	}

	static ClientTrail parse(@Nullable Object stored) {
		List<Entry> entries = new ArrayList<>();
		if (stored instanceof String text && !text.isEmpty()) {
			for (String line : text.split("\n")) {
				String[] parts = line.split("\t", 3);
				if (parts.length == 3 && parts[2].matches("\\d{1,18}")) {
					entries.add(new Entry(parts[0], parts[1], Long.parseLong(parts[2])));
				}
			}
		}
		return new ClientTrail(entries);
	}

	/**
	 * Note a value, unless it was seen since {@code notBefore}.
	 * @return whether it is new
	 */
	boolean add(String kind, String raw, long now, long notBefore) {
		String value = raw.replace('\t', ' ').replace('\n', ' ');
		for (Entry entry : this.entries) {
			if (entry.kind.equals(kind) && entry.value.equals(value) && entry.firstSeen >= notBefore) {
				return false;
			}
		}
		this.entries.removeIf((entry) -> entry.kind.equals(kind) && entry.value.equals(value));
		this.entries.add(new Entry(kind, value, now));
		if (this.entries.size() > MAX_ENTRIES) {
			this.entries.remove(0);
		}
		this.changed = true;
		return true;
	}

	/**
	 * How many values of a kind were first seen since {@code notBefore}.
	 */
	int count(String kind, long notBefore) {
		return (int) this.entries.stream()
			.filter((entry) -> entry.kind.equals(kind) && entry.firstSeen >= notBefore)
			.count();
	}

	boolean isChanged() {
		return this.changed;
	}

	String format() {
		StringBuilder text = new StringBuilder();
		for (Entry entry : this.entries) {
			if (!text.isEmpty()) {
				text.append('\n');
			}
			text.append(entry.kind).append('\t').append(entry.value).append('\t').append(entry.firstSeen);
		}
		return text.toString();
	}

	private record Entry(String kind, String value, long firstSeen) {

	}

}
