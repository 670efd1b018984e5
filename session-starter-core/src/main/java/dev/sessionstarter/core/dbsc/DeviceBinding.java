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
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.Map;

import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.token.SessionTokens;
import org.jspecify.annotations.Nullable;

/**
 * The device binding of a session as loaded with it, from its hash fields:
 * <ul>
 * <li>{@value #KEY}: the device's public key, compressed (see {@link DeviceKeys});</li>
 * <li>{@value #ID}: the DBSC session identifier the browser names in refreshes;</li>
 * <li>{@value #COOKIE} and {@value #PREVIOUS}: the current and the previous bound cookie,
 * each {@code <expires at, epoch ms>.<SHA-256 of the cookie value>}; the previous one
 * keeps serving requests already on their way when a refresh replaced it, until it
 * expires;</li>
 * <li>{@value #CHALLENGE_PREFIX}{@code <challenge>}: a recent challenge, with the time it
 * was issued; each is used at most once.</li>
 * </ul>
 * Bound cookie values are stored only as hashes, like session tokens.
 *
 * @author session-starter
 */
public final class DeviceBinding {

	static final String KEY = "dbk";

	static final String ID = "dbi";

	static final String COOKIE = "dbc";

	static final String PREVIOUS = "dbp";

	static final String CHALLENGE_PREFIX = "dbx:";

	private final Map<String, String> fields;

	private DeviceBinding(Map<String, String> fields) {
		this.fields = fields;
	}

	/**
	 * The binding of a session.
	 * @param session a loaded session
	 * @return its binding, or {@code null} when it is not bound to a device
	 */
	public static @Nullable DeviceBinding of(StoredSession session) {
		Map<String, String> fields = session.getDeviceBinding();
		return (fields.containsKey(KEY)) ? new DeviceBinding(fields) : null;
	}

	public String identifier() {
		return this.fields.getOrDefault(ID, "");
	}

	public String storedKey() {
		return this.fields.getOrDefault(KEY, "");
	}

	/**
	 * The device key; a stored value that is no key on the curve counts as none, so such
	 * a session can never be refreshed.
	 */
	public @Nullable ECPublicKey key() {
		return DeviceKeys.fromCompressed(this.fields.get(KEY));
	}

	/**
	 * Whether a request's bound cookie proves the binding.
	 * @param presented the bound cookie of the request, or {@code null}
	 * @param now the current time, epoch milliseconds
	 * @return whether it matches the current or previous cookie before it expires
	 */
	boolean accepts(@Nullable String presented, long now) {
		if (presented == null || !SessionTokens.isWellFormed(presented)) {
			return false;
		}
		String hash = SessionTokens.sha256(presented);
		return matches(this.fields.get(COOKIE), hash, now) || matches(this.fields.get(PREVIOUS), hash, now);
	}

	private static boolean matches(@Nullable String record, String hash, long now) {
		if (record == null) {
			return false;
		}
		int dot = record.indexOf('.');
		if (dot <= 0) {
			return false;
		}
		long expires;
		try {
			expires = Long.parseLong(record.substring(0, dot));
		}
		catch (NumberFormatException ex) {
			return false;
		}
		return now < expires && MessageDigest.isEqual(record.substring(dot + 1).getBytes(StandardCharsets.US_ASCII),
				hash.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Whether a challenge was issued for this session within the lifetime and not used
	 * yet.
	 * @param challenge the {@code jti} of a proof
	 * @param now the current time, epoch milliseconds
	 * @param lifetimeMillis how long a challenge may be answered
	 * @return whether it may be answered now
	 */
	public boolean isRecentChallenge(String challenge, long now, long lifetimeMillis) {
		String issued = this.fields.get(CHALLENGE_PREFIX + challenge);
		if (issued == null) {
			return false;
		}
		try {
			long at = Long.parseLong(issued);
			return at <= now && now - at < lifetimeMillis;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * The stored form of a bound cookie.
	 * @param value the cookie value
	 * @param expiresAt when it expires, epoch milliseconds
	 * @return {@code <expiresAt>.<hash>}
	 */
	public static String cookieRecord(String value, long expiresAt) {
		return expiresAt + "." + SessionTokens.sha256(value);
	}

}
