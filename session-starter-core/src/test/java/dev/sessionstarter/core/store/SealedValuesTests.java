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

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.core.codec.AttributeCodecException;
import dev.sessionstarter.core.token.SessionTokens;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cryptography of {@link SealedValues} on its own.
 */
class SealedValuesTests {

	@Test
	void sealedValuesOpenWithTheirKeyAndNameOnly() {
		byte[] key = SealedValues.newDataKey();
		String sealed = SealedValues.seal(key, "clients", "{\"token\":\"secret\"}");
		assertThat(sealed).startsWith(SealedValues.PREFIX).doesNotContain("secret");
		assertThat(SealedValues.open(key, "clients", sealed)).isEqualTo("{\"token\":\"secret\"}");
		assertThat(SealedValues.seal(key, "clients", "{\"token\":\"secret\"}")).as("a fresh nonce every time")
			.isNotEqualTo(sealed);
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> SealedValues.open(key, "context", sealed));
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> SealedValues.open(SealedValues.newDataKey(), "clients", sealed));
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> SealedValues.open(key, "clients", SealedValues.PREFIX + "not*base64"));
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> SealedValues.open(key, "clients", SealedValues.PREFIX + "AAAA"));
	}

	@Test
	void largeValuesAreDeflatedBeforeSealing() {
		byte[] key = SealedValues.newDataKey();
		String claims = "{\"iss\":\"https://idp.example/realms/demo\",\"groups\":[\"a\",\"b\",\"c\"]}".repeat(50);
		String sealed = SealedValues.seal(key, "context", claims);
		assertThat(sealed.length()).isLessThan(claims.length() / 4);
		assertThat(SealedValues.open(key, "context", sealed)).isEqualTo(claims);
		String unicode = "ünïcødé ✓ ".repeat(100);
		assertThat(SealedValues.open(key, "context", SealedValues.seal(key, "context", unicode))).isEqualTo(unicode);
	}

	@Test
	void aDataKeyUnwrapsWithTheTokenItWasWrappedForOnly() {
		String token = SessionTokens.mint();
		byte[] key = SealedValues.newDataKey();
		String wrapped = SealedValues.wrap(token, key);
		assertThat(SealedValues.unwrap(token, wrapped)).isEqualTo(key);
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> SealedValues.unwrap(SessionTokens.mint(), wrapped));
		assertThatExceptionOfType(AttributeCodecException.class)
			.as("the storage id, which Redis knows, is not the token")
			.isThrownBy(() -> SealedValues.unwrap(SessionTokens.storageId(token), wrapped));
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> SealedValues.unwrap(token, wrapped.substring(1)));
	}

	@Test
	void valuesHoldingProviderCredentialsAreRecognised() {
		Instant now = Instant.now();
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "at", now,
				now.plusSeconds(60));
		OidcIdToken idToken = new OidcIdToken("id", now, now.plusSeconds(60), Map.of("sub", "alice"));
		DefaultOidcUser user = new DefaultOidcUser(AuthorityUtils.createAuthorityList("OIDC_USER"), idToken);
		assertThat(SealedValues.holdsProviderCredentials(accessToken)).isTrue();
		assertThat(SealedValues.holdsProviderCredentials(Map.of("idp", List.of(accessToken)))).isTrue();
		assertThat(SealedValues.holdsProviderCredentials(
				new SecurityContextImpl(new OAuth2AuthenticationToken(user, user.getAuthorities(), "idp"))))
			.isTrue();
		assertThat(SealedValues.holdsProviderCredentials(new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("alice", null, AuthorityUtils.NO_AUTHORITIES))))
			.isFalse();
		assertThat(SealedValues.holdsProviderCredentials("3 apples")).isFalse();
		assertThat(SealedValues.holdsProviderCredentials(Map.of("cart", List.of("apples")))).isFalse();
	}

}
