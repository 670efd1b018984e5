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

import tools.jackson.databind.json.JsonMapper;

/**
 * How the client makes DBSC proofs: P-256 keys, compact JWS with {@code typ}
 * {@code dbsc+jwt} and the raw {@code r ‖ s} ES256 signature, and the sf-string a header
 * carries. Tests also build deliberately wrong proofs with it.
 */
final class DbscProofs {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private DbscProofs() {
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

	/**
	 * A proof as the specification asks for: the key in the header only at registration.
	 */
	static String proof(KeyPair key, String challenge, boolean withJwk) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", "ES256");
		header.put("typ", "dbsc+jwt");
		if (withJwk) {
			header.put("jwk", jwk(key));
		}
		return signed(key, header, Map.of("jti", challenge));
	}

	static String signed(KeyPair key, Map<String, Object> header, Map<String, Object> payload) {
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

	/** An unsigned token ({@code alg: none}), which no server may accept. */
	static String unsigned(String challenge) {
		return encode(Map.of("alg", "none", "typ", "dbsc+jwt")) + "." + encode(Map.of("jti", challenge)) + ".";
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

	static String sfString(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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

}
