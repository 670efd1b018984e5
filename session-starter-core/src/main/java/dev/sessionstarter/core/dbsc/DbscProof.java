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
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A DBSC proof: a compact JWS (RFC 7515) with {@code typ} {@code dbsc+jwt}, signed by the
 * browser's session key, whose {@code jti} claim is a challenge the server issued.
 *
 * <p>
 * Only {@code ES256} is accepted, with its signature as the JWS encodes it (the raw
 * {@code r ‖ s}, 64 bytes). {@code none}, any other algorithm, a header with {@code crit}
 * members, duplicate JSON members, padding or any other malformed part make the proof
 * unreadable, before any key is used. The key comes from the {@code jwk} header member at
 * registration and from the session afterwards.
 *
 * @author session-starter
 */
public final class DbscProof {

	/** The only algorithm offered and accepted. */
	public static final String ALGORITHM = "ES256";

	static final String TYPE = "dbsc+jwt";

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final String signingInput;

	private final byte[] signature;

	private final Map<?, ?> header;

	private final String jti;

	private DbscProof(String signingInput, byte[] signature, Map<?, ?> header, String jti) {
		this.signingInput = signingInput;
		this.signature = signature;
		this.header = header;
		this.jti = jti;
	}

	/**
	 * Read a proof without verifying its signature.
	 * @param compact the JWS compact serialization, or {@code null}
	 * @return the proof, or {@code null} when it is not a well-formed ES256 DBSC proof
	 */
	public static @Nullable DbscProof parse(@Nullable String compact) {
		if (compact == null || compact.length() > StructuredFields.MAX_LENGTH) {
			return null;
		}
		String[] parts = compact.split("\\.", -1);
		if (parts.length != 3) {
			return null;
		}
		Map<?, ?> header = object(parts[0]);
		Map<?, ?> payload = object(parts[1]);
		byte[] signature = DeviceKeys.decode(parts[2]);
		if (header == null || payload == null || signature == null || signature.length != 64) {
			return null;
		}
		if (!TYPE.equals(header.get("typ")) || !ALGORITHM.equals(header.get("alg")) || header.containsKey("crit")) {
			return null;
		}
		if (!(payload.get("jti") instanceof String jti) || jti.isEmpty()) {
			return null;
		}
		return new DbscProof(parts[0] + "." + parts[1], signature, header, jti);
	}

	private static @Nullable Map<?, ?> object(String part) {
		byte[] bytes = DeviceKeys.decode(part);
		if (bytes == null || bytes.length == 0) {
			return null;
		}
		try {
			return JSON.readValue(new String(bytes, StandardCharsets.UTF_8), Map.class);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * The challenge this proof signed.
	 * @return the {@code jti} claim
	 */
	public String challenge() {
		return this.jti;
	}

	/**
	 * The public key in the header ({@code jwk}), as registration sends it.
	 * @return the key, or {@code null} when there is none or it is no P-256 key
	 */
	public @Nullable ECPublicKey headerKey() {
		return (this.header.get("jwk") instanceof Map<?, ?> jwk) ? DeviceKeys.fromJwk(jwk) : null;
	}

	/**
	 * Whether the signature verifies with a key.
	 * @param key the session's key
	 * @return whether it was made with the matching private key
	 */
	public boolean isSignedBy(ECPublicKey key) {
		try {
			Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
			verifier.initVerify(key);
			verifier.update(this.signingInput.getBytes(StandardCharsets.US_ASCII));
			return verifier.verify(this.signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

}
