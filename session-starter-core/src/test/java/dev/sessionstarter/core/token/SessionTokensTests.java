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

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionTokensTests {

	@Test
	void mintedTokensAre43Base64UrlCharactersAndWellFormed() {
		for (int i = 0; i < 1000; i++) {
			String token = SessionTokens.mint();
			assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]{43}");
			assertThat(SessionTokens.isWellFormed(token)).isTrue();
		}
	}

	@Test
	void mintedTokensDoNotRepeat() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			assertThat(seen.add(SessionTokens.mint())).isTrue();
		}
	}

	@Test
	void rejectsAnythingButTheExactShape() {
		String token = SessionTokens.mint();
		assertThat(SessionTokens.isWellFormed(null)).isFalse();
		assertThat(SessionTokens.isWellFormed("")).isFalse();
		assertThat(SessionTokens.isWellFormed(token.substring(1))).isFalse();
		assertThat(SessionTokens.isWellFormed(token + "A")).isFalse();
		assertThat(SessionTokens.isWellFormed(token + "=")).isFalse();
		assertThat(SessionTokens.isWellFormed(token.substring(0, 42) + "+")).isFalse();
		assertThat(SessionTokens.isWellFormed(token.substring(0, 40) + "%00")).isFalse();
		assertThat(SessionTokens.isWellFormed(token.substring(0, 42) + "\u0000")).isFalse();
		assertThat(SessionTokens.isWellFormed(token.substring(0, 42) + "é")).isFalse();
		assertThat(SessionTokens.isWellFormed("x".repeat(100_000))).isFalse();
	}

	@Test
	void rejectsNonCanonicalLastCharacter() {
		String token = SessionTokens.mint();
		String prefix = token.substring(0, 42);
		// 'A' has value 0 (canonical); 'B' has value 1, which sets a bit beyond the 256
		// used.
		assertThat(SessionTokens.isWellFormed(prefix + "A")).isTrue();
		assertThat(SessionTokens.isWellFormed(prefix + "B")).isFalse();
	}

	@Test
	void storageIdIsSha256OfTheTokenAndNotTheToken() {
		String token = SessionTokens.mint();
		String storageId = SessionTokens.storageId(token);
		assertThat(storageId).hasSize(43).isNotEqualTo(token).isEqualTo(SessionTokens.storageId(token));
		assertThat(storageId).isEqualTo(SessionTokens.sha256(token));
	}

	@Test
	void storageIdRefusesMalformedTokens() {
		assertThatIllegalArgumentException().isThrownBy(() -> SessionTokens.storageId("not-a-token"));
	}

}
