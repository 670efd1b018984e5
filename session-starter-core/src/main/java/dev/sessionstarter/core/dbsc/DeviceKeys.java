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

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * P-256 public keys as a browser sends them (a JWK) and as the session stores them: the
 * compressed point (SEC 1, 33 bytes) in base64url, 44 characters, so that the field stays
 * within Redis' compact hash encoding.
 *
 * <p>
 * Every key read is checked to be a point on the curve: an invalid point would otherwise
 * let a crafted key leak information through signature checks (invalid-curve attacks).
 *
 * @author session-starter
 */
public final class DeviceKeys {

	private static final ECParameterSpec P256 = p256();

	private static final BigInteger P = ((ECFieldFp) P256.getCurve().getField()).getP();

	private static final BigInteger A = P256.getCurve().getA();

	private static final BigInteger B = P256.getCurve().getB();

	private static final int COORDINATE = 32;

	private DeviceKeys() {
	}

	/**
	 * Read a public JWK of an EC P-256 key.
	 * @param jwk the JWK members
	 * @return the key, or {@code null} when it is not such a key
	 */
	static @Nullable ECPublicKey fromJwk(Map<?, ?> jwk) {
		if (!"EC".equals(jwk.get("kty")) || !"P-256".equals(jwk.get("crv")) || jwk.containsKey("d")) {
			return null;
		}
		byte[] x = coordinate(jwk.get("x"));
		byte[] y = coordinate(jwk.get("y"));
		return (x != null && y != null) ? key(new BigInteger(1, x), new BigInteger(1, y)) : null;
	}

	/**
	 * The stored form of a key.
	 * @param key a P-256 key
	 * @return the compressed point in base64url without padding
	 */
	public static String compressed(ECPublicKey key) {
		ECPoint point = key.getW();
		byte[] out = new byte[COORDINATE + 1];
		out[0] = (byte) (point.getAffineY().testBit(0) ? 3 : 2);
		byte[] x = unsigned(point.getAffineX());
		System.arraycopy(x, 0, out, 1 + COORDINATE - x.length, x.length);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
	}

	/**
	 * Read a stored key.
	 * @param stored the compressed point in base64url
	 * @return the key, or {@code null} when the value is not a point on the curve
	 */
	static @Nullable ECPublicKey fromCompressed(@Nullable String stored) {
		byte[] bytes = decode(stored);
		if (bytes == null || bytes.length != COORDINATE + 1 || (bytes[0] != 2 && bytes[0] != 3)) {
			return null;
		}
		BigInteger x = new BigInteger(1, Arrays.copyOfRange(bytes, 1, bytes.length));
		if (x.compareTo(P) >= 0) {
			return null;
		}
		// P ≡ 3 (mod 4), so a square root of r is r^((P+1)/4) when one exists.
		BigInteger y = rightSide(x).modPow(P.add(BigInteger.ONE).shiftRight(2), P);
		if (y.testBit(0) != (bytes[0] == 3)) {
			y = P.subtract(y).mod(P);
		}
		return key(x, y);
	}

	private static @Nullable ECPublicKey key(BigInteger x, BigInteger y) {
		if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0 || !y.multiply(y).mod(P).equals(rightSide(x))) {
			return null;
		}
		try {
			return (ECPublicKey) KeyFactory.getInstance("EC")
				.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
	}

	/** x³ + ax + b (mod P). */
	private static BigInteger rightSide(BigInteger x) {
		return x.pow(3).add(A.multiply(x)).add(B).mod(P);
	}

	private static byte @Nullable [] coordinate(@Nullable Object value) {
		byte[] bytes = (value instanceof String text) ? decode(text) : null;
		return (bytes != null && bytes.length == COORDINATE) ? bytes : null;
	}

	static byte @Nullable [] decode(@Nullable String base64url) {
		if (base64url == null || base64url.indexOf('=') >= 0) {
			return null;
		}
		try {
			return Base64.getUrlDecoder().decode(base64url);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		return (bytes.length > COORDINATE) ? Arrays.copyOfRange(bytes, bytes.length - COORDINATE, bytes.length) : bytes;
	}

	private static ECParameterSpec p256() {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec("secp256r1"));
			return parameters.getParameterSpec(ECParameterSpec.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JDK lacks the P-256 curve", ex);
		}
	}

}
