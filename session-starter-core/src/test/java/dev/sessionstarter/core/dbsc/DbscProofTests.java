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

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DbscProofTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private final KeyPair device = newKey();

	private final KeyPair other = newKey();

	@Test
	void aRegistrationProofCarriesItsKeyAndVerifiesWithIt() {
		DbscProof proof = DbscProof.parse(sign(this.device, header("ES256"), Map.of("jti", "c1")));
		assertThat(proof).isNotNull();
		assertThat(proof.challenge()).isEqualTo("c1");
		ECPublicKey key = proof.headerKey();
		assertThat(key).isNotNull();
		assertThat(key.getW()).isEqualTo(((ECPublicKey) this.device.getPublic()).getW());
		assertThat(proof.isSignedBy(key)).isTrue();
	}

	@Test
	void aProofSignedByAnotherKeyDoesNotVerify() {
		DbscProof proof = DbscProof.parse(sign(this.other, header("ES256"), Map.of("jti", "c1")));
		assertThat(proof).isNotNull();
		assertThat(proof.isSignedBy((ECPublicKey) this.device.getPublic())).isFalse();
		assertThat(proof.isSignedBy((ECPublicKey) this.other.getPublic())).isTrue();
	}

	@Test
	void anAlteredPayloadDoesNotVerify() {
		String jws = sign(this.device, header("ES256"), Map.of("jti", "c1"));
		String[] parts = jws.split("\\.");
		String forged = parts[0] + "." + encode(Map.of("jti", "c2")) + "." + parts[2];
		DbscProof proof = DbscProof.parse(forged);
		assertThat(proof).isNotNull();
		assertThat(proof.isSignedBy((ECPublicKey) this.device.getPublic())).isFalse();
	}

	@Test
	void unsignedAndOtherAlgorithmsAreRefusedBeforeAnyKeyIsUsed() {
		String none = encode(header("none")) + "." + encode(Map.of("jti", "c1")) + ".";
		assertThat(DbscProof.parse(none)).isNull();
		assertThat(DbscProof.parse(sign(this.device, header("RS256"), Map.of("jti", "c1")))).isNull();
		assertThat(DbscProof.parse(sign(this.device, header("HS256"), Map.of("jti", "c1")))).isNull();
		assertThat(DbscProof.parse(sign(this.device, header("ES384"), Map.of("jti", "c1")))).isNull();
	}

	@Test
	void theTypeMustBeDbscJwtAndCriticalExtensionsAreRefused() {
		Map<String, Object> jwt = header("ES256");
		jwt.put("typ", "JWT");
		assertThat(DbscProof.parse(sign(this.device, jwt, Map.of("jti", "c1")))).isNull();
		Map<String, Object> crit = header("ES256");
		crit.put("crit", java.util.List.of("exp"));
		assertThat(DbscProof.parse(sign(this.device, crit, Map.of("jti", "c1")))).isNull();
	}

	@Test
	void malformedTokensAreRefused() {
		String valid = sign(this.device, header("ES256"), Map.of("jti", "c1"));
		String[] parts = valid.split("\\.");
		assertThat(DbscProof.parse(null)).isNull();
		assertThat(DbscProof.parse("")).isNull();
		assertThat(DbscProof.parse(parts[0] + "." + parts[1])).isNull();
		assertThat(DbscProof.parse(valid + ".x")).isNull();
		assertThat(DbscProof.parse(parts[0] + "=." + parts[1] + "." + parts[2])).isNull();
		assertThat(DbscProof.parse(parts[0] + "." + parts[1] + "." + parts[2].substring(4))).as("short signature")
			.isNull();
		assertThat(DbscProof.parse(parts[0] + "." + B64.encodeToString("{\"jti\":1}".getBytes()) + "." + parts[2]))
			.as("jti not a string")
			.isNull();
		assertThat(DbscProof
			.parse(B64.encodeToString("{\"alg\":\"ES256\",\"alg\":\"none\",\"typ\":\"dbsc+jwt\"}".getBytes()) + "."
					+ parts[1] + "." + parts[2]))
			.as("duplicate member")
			.isNull();
		assertThat(DbscProof.parse(B64.encodeToString("not json".getBytes()) + "." + parts[1] + "." + parts[2]))
			.isNull();
	}

	@Test
	void headerKeysMustBePublicP256PointsOnTheCurve() {
		Map<String, Object> jwk = jwk(this.device);
		assertThat(DeviceKeys.fromJwk(jwk)).isNotNull();
		Map<String, Object> offCurve = new LinkedHashMap<>(jwk);
		byte[] y = Base64.getUrlDecoder().decode((String) jwk.get("y"));
		y[31] ^= 1;
		offCurve.put("y", B64.encodeToString(y));
		assertThat(DeviceKeys.fromJwk(offCurve)).isNull();
		Map<String, Object> otherCurve = new LinkedHashMap<>(jwk);
		otherCurve.put("crv", "P-384");
		assertThat(DeviceKeys.fromJwk(otherCurve)).isNull();
		Map<String, Object> privateKey = new LinkedHashMap<>(jwk);
		privateKey.put("d", "AAAA");
		assertThat(DeviceKeys.fromJwk(privateKey)).isNull();
	}

	@Test
	void storedKeysRoundTripThroughTheirCompressedFormOf44Characters() {
		for (int i = 0; i < 20; i++) {
			ECPublicKey key = (ECPublicKey) newKey().getPublic();
			String stored = DeviceKeys.compressed(key);
			assertThat(stored).hasSize(44);
			ECPublicKey read = DeviceKeys.fromCompressed(stored);
			assertThat(read).isNotNull();
			assertThat(read.getW()).isEqualTo(key.getW());
		}
		assertThat(DeviceKeys.fromCompressed(null)).isNull();
		assertThat(DeviceKeys.fromCompressed("AAAA")).isNull();
		assertThat(DeviceKeys.fromCompressed("B" + "A".repeat(43))).isNull();
	}

	static Map<String, Object> header(String alg) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", alg);
		header.put("typ", "dbsc+jwt");
		return header;
	}

	private String sign(KeyPair key, Map<String, Object> header, Map<String, Object> payload) {
		if (header.get("alg").equals("ES256") && !header.containsKey("jwk")) {
			header.put("jwk", jwk(key));
		}
		String input = encode(header) + "." + encode(payload);
		try {
			Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
			signer.initSign(key.getPrivate());
			signer.update(input.getBytes(StandardCharsets.US_ASCII));
			return input + "." + B64.encodeToString(signer.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> jwk(KeyPair key) {
		ECPublicKey publicKey = (ECPublicKey) key.getPublic();
		Map<String, Object> jwk = new LinkedHashMap<>();
		jwk.put("kty", "EC");
		jwk.put("crv", "P-256");
		jwk.put("x", B64.encodeToString(fixed(publicKey.getW().getAffineX().toByteArray())));
		jwk.put("y", B64.encodeToString(fixed(publicKey.getW().getAffineY().toByteArray())));
		return jwk;
	}

	private static byte[] fixed(byte[] bytes) {
		byte[] out = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
		return out;
	}

	private static String encode(Map<String, Object> json) {
		return B64.encodeToString(JSON.writeValueAsBytes(json));
	}

	static KeyPair newKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
