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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout of attribute values in session hash fields: every field name and value an
 * ordinary session writes fits Redis's compact encoding, and every value reads back as it
 * was written.
 *
 * @author session-starter
 */
class AttributeFieldsTests {

	@Test
	void aShortValueIsOneFieldAsItIs() {
		List<String> pairs = new ArrayList<>();
		assertThat(AttributeFields.write("csrf", "\"abc\"", pairs)).isEqualTo(1);
		assertThat(pairs).containsExactly("a:csrf", "\"abc\"");
		assertThat(roundTrip("x".repeat(64))).isEqualTo("x".repeat(64));
	}

	@Test
	void aLongValueIsSplitIntoPiecesOfAtMost64BytesAndJoinedAgain() {
		String context = "sc1:{\"n\":\"alice\",\"u\":15,\"ua\":[\"ROLE_USER\"],\"a\":[\"ROLE_USER\","
				+ "{\"t\":\"2026-12-03T14:54:17.668450447Z\",\"f\":\"FACTOR_PASSWORD\"}],\"d\":\"127.0.0.1\"}";
		List<String> pairs = new ArrayList<>();
		int fields = AttributeFields.write("SPRING_SECURITY_CONTEXT", context, pairs);
		assertThat(fields).isEqualTo(3);
		assertThat(pairs).hasSize(6);
		assertThat(pairs.get(0)).isEqualTo("a:SPRING_SECURITY_CONTEXT");
		assertThat(pairs.get(1)).startsWith("~3:sc1:");
		assertThat(pairs.get(2)).isEqualTo("c:1:SPRING_SECURITY_CONTEXT");
		assertThat(pairs.get(4)).isEqualTo("c:2:SPRING_SECURITY_CONTEXT");
		assertThat(pairs).allSatisfy((item) -> assertThat(bytes(item)).isLessThanOrEqualTo(64));
		assertThat(AttributeFields.fieldCount("SPRING_SECURITY_CONTEXT", context)).isEqualTo(3);
		assertThat(roundTrip(context)).isEqualTo(context);
	}

	@Test
	void multiByteCharactersAreNeverCutInTwo() {
		String value = "\"" + "é€😀".repeat(40) + "\"";
		List<String> pairs = new ArrayList<>();
		AttributeFields.write("name", value, pairs);
		assertThat(pairs).allSatisfy((item) -> {
			assertThat(bytes(item)).isLessThanOrEqualTo(64);
			assertThat(new String(item.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(item);
			assertThat(Character.isHighSurrogate(item.charAt(item.length() - 1))).isFalse();
		});
		assertThat(roundTrip(value)).isEqualTo(value);
	}

	@Test
	void valuesThatStartWithTheMarkReadBackUnchanged() {
		for (String value : List.of("~", "~~", "~3:abc", "~" + "y".repeat(63), "~" + "y".repeat(200))) {
			assertThat(roundTrip(value)).as(value).isEqualTo(value);
		}
		List<String> pairs = new ArrayList<>();
		AttributeFields.write("n", "~2:x", pairs);
		assertThat(pairs).containsExactly("a:n", "~~2:x");
	}

	@Test
	void valuesTheScriptsCompareStayWholeWhateverTheirLength() {
		String marker = "\"https://login.example.com/0f3c6a1e-8d2b-4c55-9e61-7a1d2f3b4c5d/v2.0|sid|"
				+ "5b8e2f4a-1c3d-4e6f-8a9b-0c1d2e3f4a5b\"";
		for (String name : List.of(ProviderSessions.SID_ATTRIBUTE, ProviderSessions.SUBJECT_ATTRIBUTE,
				UserSessions.REMEMBERED_DEVICE_ATTRIBUTE, UserSessions.USER_AGENT_ATTRIBUTE)) {
			List<String> pairs = new ArrayList<>();
			assertThat(AttributeFields.write(name, marker, pairs)).as(name).isEqualTo(1);
			assertThat(pairs).containsExactly("a:" + name, marker);
			assertThat(AttributeFields.fieldCount(name, marker)).isEqualTo(1);
		}
	}

	@Test
	void aValueTooLongForEightPiecesStaysWhole() {
		String value = "z".repeat(600);
		List<String> pairs = new ArrayList<>();
		assertThat(AttributeFields.write("cart", value, pairs)).isEqualTo(1);
		assertThat(pairs).containsExactly("a:cart", value);
		assertThat(roundTrip(value)).isEqualTo(value);
	}

	@Test
	void aHeadWhosePiecesAreMissingIsKeptAsItIsSoThatNoCodecReadsIt() {
		Map<String, String> heads = new HashMap<>(Map.of("n", "~3:abc"));
		assertThat(AttributeFields.join(heads, Map.of("1:n", "def"))).containsEntry("n", "~3:abc");
		Map<String, String> crafted = new HashMap<>(Map.of("n", "~x:abc", "m", "~99999999999:abc"));
		assertThat(AttributeFields.join(crafted, Map.of())).containsEntry("n", "~x:abc")
			.containsEntry("m", "~99999999999:abc");
	}

	@Test
	void piecesOfAShorterValueAreListedForDeletion() {
		List<String> fields = new ArrayList<>();
		AttributeFields.pieces("n", 1, 4, fields);
		assertThat(fields).containsExactly("c:1:n", "c:2:n", "c:3:n");
		fields.clear();
		AttributeFields.pieces("n", 3, 3, fields);
		assertThat(fields).isEmpty();
	}

	private static String roundTrip(String value) {
		List<String> pairs = new ArrayList<>();
		AttributeFields.write("name", value, pairs);
		Map<String, String> heads = new HashMap<>();
		Map<String, String> pieces = new HashMap<>();
		for (int i = 0; i < pairs.size(); i += 2) {
			String field = pairs.get(i);
			if (field.startsWith("a:")) {
				heads.put(field.substring(2), pairs.get(i + 1));
			}
			else {
				pieces.put(field.substring(AttributeFields.PIECE_PREFIX.length()), pairs.get(i + 1));
			}
		}
		return AttributeFields.join(heads, pieces).get("name");
	}

	private static int bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8).length;
	}

}
