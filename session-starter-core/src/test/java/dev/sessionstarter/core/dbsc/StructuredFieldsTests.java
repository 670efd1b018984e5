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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StructuredFieldsTests {

	@Test
	void registrationHeaderIsAListOfOneInnerListWithStringParameters() {
		assertThat(StructuredFields.registration("ES256", "/dbsc/registration", "c-1_x"))
			.isEqualTo("(ES256);path=\"/dbsc/registration\";challenge=\"c-1_x\"");
	}

	@Test
	void challengeHeaderIsAStringWithAnIdParameter() {
		assertThat(StructuredFields.challenge("new challenge", "my session"))
			.isEqualTo("\"new challenge\";id=\"my session\"");
	}

	@Test
	void stringsEscapeQuotesAndBackslashesAndRefuseWhatAStringCannotCarry() {
		assertThat(StructuredFields.string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
		assertThatIllegalArgumentException().isThrownBy(() -> StructuredFields.string("line\nbreak"));
		assertThatIllegalArgumentException().isThrownBy(() -> StructuredFields.string("caf\u00e9"));
	}

	@Test
	void readsAQuotedStringAsTheSpecificationWritesIt() {
		assertThat(StructuredFields.readString("\"session-id\"")).isEqualTo("session-id");
		assertThat(StructuredFields.readString("  \"a\\\"b\\\\c\"  ")).isEqualTo("a\"b\\c");
	}

	@Test
	void readsTheUnquotedValueChromiumSends() {
		assertThat(StructuredFields.readString("0aB-_x")).isEqualTo("0aB-_x");
		assertThat(StructuredFields.readString("eyJh.eyJq.c2ln")).isEqualTo("eyJh.eyJq.c2ln");
	}

	@Test
	void ignoresParametersAfterTheValue() {
		assertThat(StructuredFields.readString("\"id\";foo=1;bar=\"x;y\"")).isEqualTo("id");
		assertThat(StructuredFields.readString("id;flag")).isEqualTo("id");
	}

	@Test
	void refusesMalformedValues() {
		assertThat(StructuredFields.readString(null)).isNull();
		assertThat(StructuredFields.readString("")).isNull();
		assertThat(StructuredFields.readString("\"unterminated")).isNull();
		assertThat(StructuredFields.readString("\"bad \\n escape\"")).isNull();
		assertThat(StructuredFields.readString("\"tab\tinside\"")).isNull();
		assertThat(StructuredFields.readString("two values")).isNull();
		assertThat(StructuredFields.readString("\"a\", \"b\"")).isNull();
		assertThat(StructuredFields.readString("id;=1")).isNull();
		assertThat(StructuredFields.readString("x".repeat(StructuredFields.MAX_LENGTH + 1))).isNull();
	}

}
