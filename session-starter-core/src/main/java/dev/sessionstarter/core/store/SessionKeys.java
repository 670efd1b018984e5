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

import dev.sessionstarter.core.token.SessionTokens;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Names of the Redis keys the store uses. Each key carries its id in a hash tag, so that
 * every script touches a single slot in Redis Cluster.
 *
 * <ul>
 * <li>{@code <namespace>:s:{<storage id>}}: one hash per session;</li>
 * <li>{@code <namespace>:u:{<SHA-256 of principal>}}: sorted set of a user's storage ids,
 * scored by absolute deadline. Principal names are hashed so that key names carry no
 * personal data.</li>
 * <li>{@code <namespace>:d:{<chain id>}}: the credential chain of a remembered
 * device;</li>
 * <li>{@code <namespace>:u:{<SHA-256 of principal>}:devices}: sorted set of a user's
 * remembered-device chain ids, scored by absolute deadline, in the slot of the user's
 * index.</li>
 * </ul>
 *
 * @author session-starter
 */
public final class SessionKeys {

	private final String namespace;

	/**
	 * Create a new instance.
	 * @param namespace the key prefix, e.g. {@code session-starter}
	 */
	public SessionKeys(String namespace) {
		Assert.hasText(namespace, "Namespace must not be empty");
		Assert.isTrue(namespace.indexOf('{') < 0 && namespace.indexOf('}') < 0,
				"Namespace must not contain '{' or '}' (they would change the Cluster hash slot)");
		this.namespace = namespace;
	}

	/**
	 * The key of a session hash.
	 * @param storageId the session's storage id
	 * @return the key
	 */
	public String session(String storageId) {
		return sessionPrefix() + "{" + storageId + "}";
	}

	/**
	 * The part of every session key before the hash tag: {@code <namespace>:s:}.
	 * @return the prefix
	 */
	public String sessionPrefix() {
		return this.namespace + ":s:";
	}

	/**
	 * The storage id a session key names: the inverse of {@link #session(String)}.
	 * @param key a key
	 * @return the storage id, or {@code null} if the key is not a session key of this
	 * namespace
	 */
	public @Nullable String storageIdOfSession(String key) {
		String prefix = sessionPrefix();
		if (!key.startsWith(prefix) || key.length() < prefix.length() + 2 || key.charAt(prefix.length()) != '{'
				|| !key.endsWith("}")) {
			return null;
		}
		return key.substring(prefix.length() + 1, key.length() - 1);
	}

	/**
	 * The key that keeps, for the grace period of a periodic rotation, the session's data
	 * key wrapped for the retired token (same Cluster slot as the retired token's key).
	 * @param storageId the storage id of the retired token
	 * @return the key
	 */
	public String retiredDataKey(String storageId) {
		return this.namespace + ":g:{" + storageId + "}";
	}

	/**
	 * The key of a short lock held for a session, in the session's slot.
	 * @param storageId the session's storage id
	 * @param name what the lock is for
	 * @return the key
	 */
	public String lock(String storageId, String name) {
		return this.namespace + ":l:{" + storageId + "}:" + SessionTokens.sha256(name);
	}

	/**
	 * The key of a back-channel logout registry entry: which principal an identity
	 * provider's session or subject belongs to.
	 * @param marker the hash of issuer and sid, or of issuer and subject
	 * @return the key
	 */
	public String providerSession(String marker) {
		return this.namespace + ":p:{" + marker + "}";
	}

	/**
	 * The key that remembers a used back-channel logout token.
	 * @param tokenHash the hash of issuer and jti
	 * @return the key
	 */
	public String logoutToken(String tokenHash) {
		return this.namespace + ":j:{" + tokenHash + "}";
	}

	/**
	 * The key of a user's session index.
	 * @param principal the principal name
	 * @return the key
	 */
	public String userIndex(String principal) {
		return this.namespace + ":u:{" + SessionTokens.sha256(principal) + "}";
	}

	/**
	 * The mark before which every API token family of a principal is void; in the slot of
	 * the principal's index.
	 * @param principal the principal name
	 * @return the key
	 */
	public String tokensRevoked(String principal) {
		return userIndex(principal) + ":revoked";
	}

	/**
	 * The index of a principal's remembered devices; in the slot of the principal's
	 * index.
	 * @param principal the principal name
	 * @return the key
	 */
	public String rememberedDevices(String principal) {
		return userIndex(principal) + ":devices";
	}

	/**
	 * The hash of an API token family.
	 * @param familyId the family id (see {@code RefreshTokens})
	 * @return the key
	 */
	public String family(String familyId) {
		return this.namespace + ":f:{" + familyId + "}";
	}

	/**
	 * The hash of a remembered device's credential chain.
	 * @param chainId the chain id (the first part of the credential)
	 * @return the key
	 */
	public String rememberedDevice(String chainId) {
		return this.namespace + ":d:{" + chainId + "}";
	}

	/**
	 * The key namespace.
	 * @return the namespace
	 */
	public String namespace() {
		return this.namespace;
	}

}
