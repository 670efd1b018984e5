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

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.sessionstarter.core.codec.AttributeCodec;
import dev.sessionstarter.core.codec.AttributeCodecException;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.token.SessionTokens;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;
import org.springframework.util.Assert;

/**
 * A session as one request sees it. Attribute values are decoded lazily, on first read;
 * writes are recorded as a delta that {@link RedisSessionStore#save} sends in one script
 * call.
 *
 * <p>
 * {@link #getId()} is the session's token when this instance was created or loaded by
 * token: it is what the client holds. Sessions found through the per-user index were
 * loaded by storage id and have no token; their id is a non-secret {@link #reference()
 * reference} that can end them but never load them.
 *
 * <p>
 * Instances are meant for one request at a time, as servlet sessions are.
 *
 * @author session-starter
 */
public final class StoredSession implements Session {

	/**
	 * Prefix of the session hash fields that hold a device binding (Device Bound Session
	 * Credentials): they are loaded with the session and never written by a save.
	 */
	public static final String DEVICE_BINDING_PREFIX = "db";

	/** Prefix of a session reference: a handle to a session that is not its token. */
	public static final String REFERENCE_PREFIX = "ref:";

	private static final Log logger = LogFactory.getLog(StoredSession.class);

	private static final Object REMOVED = new Object();

	private final AttributeCodec codec;

	private @Nullable String token;

	private String storageId;

	private @Nullable String persistedStorageId;

	private final Instant creationTime;

	private Instant lastAccessedTime;

	private Duration maxInactiveInterval;

	private boolean maxInactiveIntervalChanged;

	private final Instant absoluteDeadline;

	private @Nullable String principal;

	private final Map<String, String> stored;

	private final Map<String, Object> decoded = new HashMap<>();

	private final Map<String, Object> changes = new LinkedHashMap<>();

	private final Set<String> read = new HashSet<>();

	private boolean corrupt;

	private @Nullable Instant lastRotation;

	private @Nullable String retiringToken;

	/** The data key of sealed values, once unwrapped or created (see SealedValues). */
	private byte @Nullable [] dataKey;

	/** The data key as stored, wrapped for {@link #wrappedKeyToken}. */
	private @Nullable String wrappedKey;

	private @Nullable String wrappedKeyToken;

	private boolean dataKeyCreated;

	private boolean keyUnreachable;

	private boolean rekeyed;

	private SessionRotatedEvent.@Nullable Reason rotationReason;

	private byte @Nullable [] previousKey;

	/** Sealed attributes read in this request: name to the value as encoded. */
	private final Map<String, String> opened = new HashMap<>();

	/** The device-binding fields of the hash (see {@link #DEVICE_BINDING_PREFIX}). */
	private Map<String, String> deviceBinding = Map.of();

	StoredSession(AttributeCodec codec, @Nullable String token, String storageId, boolean persisted,
			Instant creationTime, Instant lastAccessedTime, Duration maxInactiveInterval, Instant absoluteDeadline,
			@Nullable String principal, Map<String, String> stored) {
		this.codec = codec;
		this.token = token;
		this.storageId = storageId;
		this.persistedStorageId = persisted ? storageId : null;
		this.creationTime = creationTime;
		this.lastAccessedTime = lastAccessedTime;
		this.maxInactiveInterval = maxInactiveInterval;
		this.absoluteDeadline = absoluteDeadline;
		this.principal = principal;
		this.stored = stored;
		this.wrappedKeyToken = token;
		if (!persisted) {
			// Every session gets its data key before its token is ever shared, so that
			// parallel requests never race to create one.
			this.dataKey = SealedValues.newDataKey();
			this.dataKeyCreated = true;
		}
	}

	/**
	 * Record the data key as stored for the token this session was loaded with.
	 * @param wrapped the wrapped data key, or {@code null} when none is available for the
	 * token
	 * @param token the token it is wrapped for
	 * @param reachable whether the session has no data key other than this one (a session
	 * reached through a retired token may have a key that token cannot unwrap)
	 */
	void useWrappedKey(@Nullable String wrapped, @Nullable String token, boolean reachable) {
		this.wrappedKey = wrapped;
		this.wrappedKeyToken = token;
		this.keyUnreachable = !reachable;
	}

	@Override
	public String getId() {
		return (this.token != null) ? this.token : reference();
	}

	/**
	 * A non-secret handle to this session: {@value #REFERENCE_PREFIX} followed by its
	 * storage id. It can be shown to users and admins and passed to
	 * {@link RedisSessionStore#deleteById(String)}; it never loads the session.
	 * @return the reference
	 */
	public String reference() {
		return referenceOf(this.storageId);
	}

	static String referenceOf(String storageId) {
		return REFERENCE_PREFIX + storageId;
	}

	/**
	 * The storage id a reference names, or {@code null} if the value is not a reference.
	 */
	static @Nullable String storageIdOfReference(String reference) {
		if (!reference.startsWith(REFERENCE_PREFIX)) {
			return null;
		}
		String storageId = reference.substring(REFERENCE_PREFIX.length());
		// A storage id has the same shape as a token (43 base64url characters).
		return SessionTokens.isWellFormed(storageId) ? storageId : null;
	}

	/**
	 * The id this session is stored under (SHA-256 of its token).
	 * @return the storage id
	 */
	public String getStorageId() {
		return this.storageId;
	}

	@Override
	public String changeSessionId() {
		// A login or privilege change kills the old token at once, even if a periodic
		// rotation was pending in this request: no grace for a pre-login token.
		this.retiringToken = null;
		if (!this.rekeyed) {
			// And a new data key: whoever held an earlier token (and a dump from then)
			// opens nothing sealed from now on. The stored values are resealed on save.
			try {
				this.previousKey = readingKey();
			}
			catch (AttributeCodecException ex) {
				this.previousKey = null;
			}
			this.dataKey = SealedValues.newDataKey();
			this.dataKeyCreated = true;
			this.rekeyed = true;
		}
		return newToken();
	}

	/**
	 * The data key the stored sealed values were sealed with, when a login or privilege
	 * change gave the session a new one in this request.
	 * @return the previous key, or {@code null} when there is none or the key did not
	 * change
	 */
	byte @Nullable [] previousKey() {
		return this.rekeyed ? this.previousKey : null;
	}

	boolean isRekeyed() {
		return this.rekeyed;
	}

	private String newToken() {
		String newToken = SessionTokens.mint();
		this.token = newToken;
		this.storageId = SessionTokens.storageId(newToken);
		return newToken;
	}

	/**
	 * Give a new, unsaved session a token minted by the caller (who already recorded its
	 * storage id elsewhere, e.g. in a token family).
	 * @param newToken a well-formed token
	 */
	void useToken(String newToken) {
		Assert.state(this.persistedStorageId == null, "Only a new session can be given a token");
		this.token = newToken;
		this.storageId = SessionTokens.storageId(newToken);
	}

	/**
	 * Give the session a new token whose predecessor stays usable for the rotation grace
	 * period (periodic rotation). Takes effect when the session is saved.
	 */
	void rotateKeepingPrevious() {
		this.retiringToken = this.token;
		newToken();
	}

	/**
	 * Say why this session is about to get a new token, for the
	 * {@link SessionRotatedEvent} the store publishes when it saves it: for adapters
	 * whose requests do not stay on one thread (see {@code SessionEventContext.rotating}
	 * for those that do).
	 * @param reason why the token changes
	 */
	public void rotating(SessionRotatedEvent.Reason reason) {
		this.rotationReason = reason;
	}

	/**
	 * Take the reason given to {@link #rotating}, clearing it.
	 * @return the reason, or {@code null} if none was given
	 */
	SessionRotatedEvent.@Nullable Reason takeRotationReason() {
		SessionRotatedEvent.Reason reason = this.rotationReason;
		this.rotationReason = null;
		return reason;
	}

	/**
	 * Whether the session's token is being replaced by a periodic rotation in this
	 * request.
	 * @return whether the previous token is kept for the grace period
	 */
	boolean isRotatingWithGrace() {
		return this.retiringToken != null && this.persistedStorageId != null
				&& !this.persistedStorageId.equals(this.storageId);
	}

	/**
	 * Point the session at the storage id that a parallel rotation moved it to. A
	 * periodic rotation of this request is abandoned (the parallel one already gave the
	 * client a new token); a login rotation still happens, from the new place.
	 * @param target the storage id the session lives under now
	 */
	void movedTo(String target) {
		boolean changingId = this.persistedStorageId != null && !this.persistedStorageId.equals(this.storageId);
		if (this.retiringToken != null) {
			this.token = this.retiringToken;
			this.retiringToken = null;
			changingId = false;
		}
		this.persistedStorageId = target;
		if (!changingId) {
			this.storageId = target;
		}
	}

	/**
	 * When the session last got a new token by periodic rotation, or its creation time.
	 * @return the time of the last rotation
	 */
	public Instant getLastRotation() {
		return (this.lastRotation != null) ? this.lastRotation : this.creationTime;
	}

	void setLastRotation(@Nullable Instant lastRotation) {
		this.lastRotation = lastRotation;
	}

	/**
	 * The device-binding fields of the session as loaded (names start with
	 * {@value #DEVICE_BINDING_PREFIX}), empty when the session is not bound to a device.
	 * @return the fields by name
	 */
	public Map<String, String> getDeviceBinding() {
		return this.deviceBinding;
	}

	/**
	 * The session hash field that holds an attribute.
	 * @param attributeName the attribute's name
	 * @return the field name
	 */
	public static String attributeField(String attributeName) {
		return SessionDelta.ATTRIBUTE_PREFIX + attributeName;
	}

	void setDeviceBinding(Map<String, String> deviceBinding) {
		this.deviceBinding = Collections.unmodifiableMap(deviceBinding);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getAttribute(String attributeName) {
		Object change = this.changes.get(attributeName);
		if (change != null) {
			return (change != REMOVED) ? (T) change : null;
		}
		if (this.decoded.containsKey(attributeName)) {
			this.read.add(attributeName);
			return (T) this.decoded.get(attributeName);
		}
		String value = this.stored.get(attributeName);
		if (value == null) {
			return null;
		}
		try {
			if (SealedValues.isSealed(value)) {
				byte[] key = (this.token != null) ? readingKey() : null;
				if (key == null) {
					// A listed session (no token) cannot open what its token protects.
					return null;
				}
				value = SealedValues.open(key, attributeName, value);
				this.opened.put(attributeName, value);
			}
			Object result = this.codec.decode(value);
			this.decoded.put(attributeName, result);
			this.read.add(attributeName);
			return (T) result;
		}
		catch (AttributeCodecException ex) {
			// Fail closed: an attribute we cannot read safely ends the whole session at
			// the end of this request instead of failing every request with an error
			// page.
			logger.warn("Dropping session " + SessionTokens.sha256(this.storageId) + ": attribute '" + attributeName
					+ "' cannot be read (" + ex.getMessage() + ")");
			this.corrupt = true;
			return null;
		}
	}

	boolean hasWrappedKey() {
		return this.wrappedKey != null;
	}

	boolean holdsSealedValues() {
		return this.stored.values().stream().anyMatch(SealedValues::isSealed);
	}

	/**
	 * The data key, unwrapped with the token this session was loaded with.
	 * @return the key, or {@code null} when the session has none
	 * @throws AttributeCodecException if the stored key does not unwrap
	 */
	private byte @Nullable [] readingKey() {
		if (this.dataKey == null && this.wrappedKey != null && this.wrappedKeyToken != null) {
			this.dataKey = SealedValues.unwrap(this.wrappedKeyToken, this.wrappedKey);
		}
		return this.dataKey;
	}

	/**
	 * The data key to seal a value with, created when the session has none yet.
	 * @return the key
	 * @throws AttributeCodecException if the session's key cannot be reached with the
	 * token this request presented
	 */
	byte[] sealingKey() {
		byte[] key = readingKey();
		if (key != null) {
			return key;
		}
		if (this.keyUnreachable) {
			// Loaded through a retired token whose copy of the key is gone: a new key
			// would make the session's sealed values unreadable for its current token.
			throw new AttributeCodecException("The session's data key is not readable with this token");
		}
		this.dataKey = SealedValues.newDataKey();
		this.dataKeyCreated = true;
		return this.dataKey;
	}

	/**
	 * The data key wrapped for the session's current token, when the save must write it:
	 * a new key, or a new token.
	 * @return the wrapped key, or {@code null} when the stored one stays
	 */
	@Nullable String wrappedKeyToWrite() {
		boolean newToken = this.token != null && !this.token.equals(this.wrappedKeyToken);
		if (!this.dataKeyCreated && !newToken) {
			return null;
		}
		byte[] key = readingKey();
		return (key != null && this.token != null) ? SealedValues.wrap(this.token, key) : null;
	}

	/**
	 * The stored value of an attribute as its codec wrote it: opened when it is sealed
	 * and was read in this request.
	 */
	@Nullable String storedEncoded(String name) {
		String opened = this.opened.get(name);
		return (opened != null) ? opened : this.stored.get(name);
	}

	@Override
	public Set<String> getAttributeNames() {
		Set<String> names = new HashSet<>(this.stored.keySet());
		this.changes.forEach((name, value) -> {
			if (value == REMOVED) {
				names.remove(name);
			}
			else {
				names.add(name);
			}
		});
		return Collections.unmodifiableSet(names);
	}

	@Override
	public void setAttribute(String attributeName, @Nullable Object attributeValue) {
		if (attributeValue == null) {
			removeAttribute(attributeName);
			return;
		}
		try {
			this.codec.verify(attributeValue);
		}
		catch (AttributeCodecException ex) {
			throw new AttributeCodecException("Session attribute '" + attributeName + "' of type "
					+ attributeValue.getClass().getName()
					+ " could not be read back from the store; allow the type with"
					+ " session-starter.attributes.allowed-types (or the codec's allowlist) or store a simpler value",
					ex);
		}
		this.changes.put(attributeName, attributeValue);
	}

	@Override
	public void removeAttribute(String attributeName) {
		this.changes.put(attributeName, REMOVED);
	}

	@Override
	public Instant getCreationTime() {
		return this.creationTime;
	}

	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		// Last access is recorded by the load script (see SessionTimeouts#touchInterval);
		// keeping it in memory only makes a request that changes nothing cost no write.
		this.lastAccessedTime = lastAccessedTime;
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.lastAccessedTime;
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		if (!interval.equals(this.maxInactiveInterval)) {
			this.maxInactiveInterval = interval;
			this.maxInactiveIntervalChanged = true;
		}
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.maxInactiveInterval;
	}

	/**
	 * The instant after which this session ends whatever its activity.
	 * @return the absolute deadline
	 */
	public Instant getAbsoluteDeadline() {
		return this.absoluteDeadline;
	}

	/**
	 * The instant after which this session ends unless it is used again.
	 * @return the idle deadline, never later than the absolute deadline
	 */
	public Instant getIdleDeadline() {
		Instant idle = this.lastAccessedTime.plus(this.maxInactiveInterval);
		return idle.isBefore(this.absoluteDeadline) ? idle : this.absoluteDeadline;
	}

	@Override
	public boolean isExpired() {
		return !Instant.now().isBefore(getIdleDeadline());
	}

	/**
	 * The principal this session belongs to, as stored when it was loaded or last saved.
	 * @return the principal name or {@code null} for an anonymous session
	 */
	public @Nullable String getPrincipalName() {
		return this.principal;
	}

	/**
	 * Whether this session is in the store: it was loaded from there or has been saved.
	 * @return whether the session is stored
	 */
	public boolean isPersisted() {
		return this.persistedStorageId != null;
	}

	@Nullable String persistedStorageId() {
		return this.persistedStorageId;
	}

	boolean isCorrupt() {
		return this.corrupt;
	}

	boolean maxInactiveIntervalChanged() {
		return this.maxInactiveIntervalChanged;
	}

	Map<String, Object> changes() {
		return this.changes;
	}

	static boolean isRemoval(Object value) {
		return value == REMOVED;
	}

	Map<String, String> stored() {
		return this.stored;
	}

	Set<String> attributesRead() {
		return this.read;
	}

	@Nullable Object decodedValue(String name) {
		return this.decoded.get(name);
	}

	void markSaved(SessionDelta delta) {
		Map<String, String> written = delta.written;
		this.stored.putAll(written);
		delta.removed.forEach(this.stored::remove);
		delta.removed.forEach(this.opened::remove);
		written.keySet().forEach(this.opened::remove);
		this.opened.putAll(delta.opened);
		if (delta.wrappedKey != null) {
			this.wrappedKey = delta.wrappedKey;
			this.wrappedKeyToken = this.token;
			this.dataKeyCreated = false;
		}
		this.rekeyed = false;
		this.previousKey = null;
		String principal = delta.principal;
		this.changes.forEach((name, value) -> {
			if (value != REMOVED) {
				this.decoded.put(name, value);
			}
			else {
				this.decoded.remove(name);
			}
		});
		this.changes.clear();
		this.read.clear();
		this.persistedStorageId = this.storageId;
		this.maxInactiveIntervalChanged = false;
		this.retiringToken = null;
		if (principal != null) {
			this.principal = principal;
		}
	}

}
