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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.sessionstarter.core.codec.AttributeCodecException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Encryption at rest of the attribute values that hold an identity provider's tokens (ID,
 * access and refresh tokens, PKCE verifiers), so that a dump, backup or replica of Redis
 * yields no usable token.
 *
 * <p>
 * Envelope encryption with no key to manage: every session has a random 256-bit data key,
 * stored only wrapped (AES Key Wrap, RFC 3394) under a key derived with HKDF-SHA256 from
 * the session's token. Redis knows the token only as its SHA-256 hash (the storage id),
 * from which the wrapping key cannot be derived. Values are sealed with AES-256-GCM under
 * the data key, with the attribute name as associated data, so a sealed value cannot be
 * moved to another attribute or another session. A new token (login, privilege change,
 * periodic rotation, a Cluster move) re-wraps the data key for the new token; the values
 * stay as they are.
 *
 * @author session-starter
 */
final class SealedValues {

	/** Prefix of a sealed attribute value; no codec's output starts with it. */
	static final String PREFIX = "enc1:";

	/** The session hash field holding the wrapped data key. */
	static final String WRAPPED_KEY_FIELD = "dk";

	private static final byte[] HKDF_SALT = "session-starter hkdf salt v1".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] WRAP_INFO = "session-starter data-key wrap v1".getBytes(StandardCharsets.US_ASCII);

	/**
	 * AES Key Wrap (RFC 3394): deterministic and integrity-protected, made for wrapping
	 * keys, and its 40 bytes keep the field short enough (54 characters) for Redis'
	 * compact hash encoding, which a 60-byte AES-GCM envelope would not.
	 */
	private static final String KEY_WRAP = "AESWrap";

	private static final int WRAPPED_BYTES = 40;

	private static final int KEY_BYTES = 32;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final String OAUTH2_PACKAGE = "org.springframework.security.oauth2.";

	private static final boolean SECURITY_PRESENT = ClassUtils
		.isPresent("org.springframework.security.core.context.SecurityContext", SealedValues.class.getClassLoader());

	private static final int MAX_DEPTH = 4;

	private static final byte RAW = 0;

	private static final byte DEFLATED = 1;

	/** Values shorter than this are sealed as they are. */
	private static final int DEFLATE_FROM = 256;

	private static final int MAX_EXPANDED = 16 * 1024 * 1024;

	private static final SecureRandom random = new SecureRandom();

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder decoder = Base64.getUrlDecoder();

	private SealedValues() {
	}

	/**
	 * Whether a value holds an identity provider's credentials and is stored sealed: an
	 * object of Spring Security's OAuth2 packages (authorized clients, tokens, an OAuth2
	 * login's authentication, an authorization request with its PKCE verifier), alone, in
	 * a security context, or in a map or collection.
	 * @param value an attribute value
	 * @return whether it is sealed when stored
	 */
	static boolean holdsProviderCredentials(Object value) {
		return holds(value, 0);
	}

	private static boolean holds(@Nullable Object value, int depth) {
		if (value == null || depth > MAX_DEPTH) {
			return false;
		}
		if (value.getClass().getName().startsWith(OAUTH2_PACKAGE)) {
			return true;
		}
		if (SECURITY_PRESENT && SecurityTypes.isSecurityContext(value)) {
			return holds(SecurityTypes.authentication(value), depth + 1);
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (holds(entry.getValue(), depth + 1)) {
					return true;
				}
			}
		}
		else if (value instanceof Collection<?> collection) {
			for (Object element : collection) {
				if (holds(element, depth + 1)) {
					return true;
				}
			}
		}
		return false;
	}

	static boolean isSealed(@Nullable String stored) {
		return stored != null && stored.startsWith(PREFIX);
	}

	/**
	 * A new random data key.
	 * @return 32 random bytes
	 */
	static byte[] newDataKey() {
		byte[] key = new byte[KEY_BYTES];
		random.nextBytes(key);
		return key;
	}

	/**
	 * Wrap a data key for a session token.
	 * @param token the token the session is presented with
	 * @param dataKey the data key
	 * @return the wrapped key, as stored
	 */
	static String wrap(String token, byte[] dataKey) {
		try {
			Cipher cipher = Cipher.getInstance(KEY_WRAP);
			cipher.init(Cipher.WRAP_MODE, new SecretKeySpec(wrappingKey(token), "AES"));
			return encoder.encodeToString(cipher.wrap(new SecretKeySpec(dataKey, "AES")));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES key wrap is not available", ex);
		}
	}

	/**
	 * Unwrap a data key with the token it was wrapped for.
	 * @param token the token
	 * @param wrapped the stored wrapped key
	 * @return the data key
	 * @throws AttributeCodecException if the wrapped key is malformed, was wrapped for
	 * another token or was altered
	 */
	static byte[] unwrap(String token, String wrapped) {
		byte[] bytes = decode(wrapped);
		if (bytes.length != WRAPPED_BYTES) {
			throw new AttributeCodecException("Stored data key has the wrong length");
		}
		try {
			Cipher cipher = Cipher.getInstance(KEY_WRAP);
			cipher.init(Cipher.UNWRAP_MODE, new SecretKeySpec(wrappingKey(token), "AES"));
			return cipher.unwrap(bytes, "AES", Cipher.SECRET_KEY).getEncoded();
		}
		catch (InvalidKeyException ex) {
			// The integrity check of the key wrap failed: another token, or altered.
			throw new AttributeCodecException("Stored data key does not unwrap with this token", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES key wrap is not available", ex);
		}
	}

	/**
	 * Seal an encoded attribute value.
	 * @param dataKey the session's data key
	 * @param name the attribute name (bound to the value)
	 * @param encoded the value as its codec wrote it
	 * @return the sealed form, as stored
	 */
	static String seal(byte[] dataKey, String name, String encoded) {
		return PREFIX
				+ encoder.encodeToString(encrypt(dataKey, name.getBytes(StandardCharsets.UTF_8), compact(encoded)));
	}

	/**
	 * Open a sealed attribute value.
	 * @param dataKey the session's data key
	 * @param name the attribute name it is stored under
	 * @param sealed the stored form
	 * @return the value as its codec wrote it
	 * @throws AttributeCodecException if the value is malformed, was sealed under another
	 * key or name, or was altered
	 */
	static String open(byte[] dataKey, String name, String sealed) {
		byte[] plain = decrypt(dataKey, name.getBytes(StandardCharsets.UTF_8),
				decode(sealed.substring(PREFIX.length())));
		return expand(plain);
	}

	/**
	 * The plain text of a sealed value: a format byte, then the encoded value as UTF-8,
	 * deflated when that pays (an OIDC login's security context holds the ID token three
	 * times, as its value and as claims). Compressing before encrypting lets the stored
	 * length depend on the content; exploiting that would take someone who reads the
	 * length in Redis and also chooses part of the value (a profile claim) over many
	 * logins, for tokens that are random: accepted for a threefold smaller session.
	 */
	private static byte[] compact(String encoded) {
		byte[] utf8 = encoded.getBytes(StandardCharsets.UTF_8);
		if (utf8.length >= DEFLATE_FROM) {
			Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
			try {
				deflater.setInput(utf8);
				deflater.finish();
				ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length / 2 + 16);
				out.write(DEFLATED);
				byte[] buffer = new byte[4096];
				while (!deflater.finished()) {
					out.write(buffer, 0, deflater.deflate(buffer));
				}
				if (out.size() < utf8.length) {
					return out.toByteArray();
				}
			}
			finally {
				deflater.end();
			}
		}
		byte[] raw = new byte[utf8.length + 1];
		raw[0] = RAW;
		System.arraycopy(utf8, 0, raw, 1, utf8.length);
		return raw;
	}

	private static String expand(byte[] plain) {
		if (plain.length == 0 || (plain[0] != RAW && plain[0] != DEFLATED)) {
			throw new AttributeCodecException("Stored sealed value has an unknown format");
		}
		if (plain[0] == RAW) {
			return new String(plain, 1, plain.length - 1, StandardCharsets.UTF_8);
		}
		Inflater inflater = new Inflater(true);
		try {
			inflater.setInput(plain, 1, plain.length - 1);
			ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length * 3);
			byte[] buffer = new byte[8192];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new AttributeCodecException("Stored sealed value is truncated");
				}
				out.write(buffer, 0, n);
				if (out.size() > MAX_EXPANDED) {
					throw new AttributeCodecException("Stored sealed value expands beyond " + MAX_EXPANDED + " bytes");
				}
			}
			return out.toString(StandardCharsets.UTF_8);
		}
		catch (DataFormatException ex) {
			throw new AttributeCodecException("Stored sealed value does not inflate", ex);
		}
		finally {
			inflater.end();
		}
	}

	private static byte[] decode(String value) {
		try {
			return decoder.decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new AttributeCodecException("Stored sealed value is not base64url", ex);
		}
	}

	private static byte[] encrypt(byte[] key, byte[] associatedData, byte[] plain) {
		byte[] nonce = new byte[NONCE_BYTES];
		random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData);
			ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(plain.length));
			out.put(nonce);
			cipher.doFinal(ByteBuffer.wrap(plain), out);
			return out.array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	private static byte[] decrypt(byte[] key, byte[] associatedData, byte[] sealed) {
		if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
			throw new AttributeCodecException("Stored sealed value is too short");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
					new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
			cipher.updateAAD(associatedData);
			return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
		}
		catch (javax.crypto.AEADBadTagException ex) {
			throw new AttributeCodecException("Stored sealed value does not verify (another key, or altered)", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * HKDF-SHA256 (RFC 5869) of the token: extract with a fixed salt, then one block of
	 * expand. The token carries 256 bits of entropy, so a fixed salt loses nothing.
	 */
	private static byte[] wrappingKey(String token) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(HKDF_SALT, "HmacSHA256"));
			byte[] prk = mac.doFinal(token.getBytes(StandardCharsets.US_ASCII));
			mac.init(new SecretKeySpec(prk, "HmacSHA256"));
			mac.update(WRAP_INFO);
			mac.update((byte) 1);
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * Keeps Spring Security an optional dependency: only touched when it is present.
	 */
	private static final class SecurityTypes {

		static boolean isSecurityContext(Object value) {
			return value instanceof org.springframework.security.core.context.SecurityContext;
		}

		static @Nullable Object authentication(Object value) {
			return ((org.springframework.security.core.context.SecurityContext) value).getAuthentication();
		}

	}

}
