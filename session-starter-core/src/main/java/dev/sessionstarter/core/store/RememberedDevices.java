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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.sessionstarter.core.codec.AttributeCodecException;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRememberedDeviceEvent;
import dev.sessionstarter.core.event.SessionRememberedDeviceEvent.Outcome;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.token.RefreshTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.util.Assert;

/**
 * "Remember this device": a second, long-lived credential that a browser holds beside its
 * session cookie and that signs the user in again, once, when there is no live session.
 * Credentials look like refresh tokens ({@code <chain id>.<secret>}, see
 * {@link RefreshTokens}) and are stored only as their SHA-256, in one Redis hash per
 * remembered device ({@code <namespace>:d:{<chain id>}}) that ends at an absolute
 * deadline nothing extends.
 *
 * <ul>
 * <li>Each use retires the credential and hands out the next one; within the grace period
 * a just-retired credential still works (parallel tabs). After it, a retired credential
 * is theft: the whole chain ends, with every session it created, and a
 * {@link SessionReuseDetectedEvent} ({@code REMEMBERED_DEVICE}) is published.</li>
 * <li>Signing out everywhere and password changes void every chain of the user (the
 * revocation mark API token families use).</li>
 * <li>Each user's devices are listed in an index of their own
 * ({@link SessionKeys#rememberedDevices(String)}) and named outside the store only by a
 * reference ({@code device:...}) that can revoke a device but is neither its credential
 * nor a key that finds it.</li>
 * </ul>
 *
 * <p>
 * Each step publishes a {@link SessionRememberedDeviceEvent}.
 *
 * @author session-starter
 */
public class RememberedDevices {

	private final RedisSessionStore store;

	private final StringRedisTemplate redis;

	private final Duration lifetime;

	private final Duration grace;

	private final RememberedDeviceIndex index;

	private final RedisScript<Long> rememberScript;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> useScript;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> forgetScript;

	/**
	 * Create remembered devices kept beside a store's sessions.
	 * @param store the session store
	 * @param connectionFactory the store's Redis connection factory
	 * @param lifetime how long a remembered device is remembered, however often it is
	 * used
	 * @param grace how long a used credential keeps working for requests in flight
	 */
	public RememberedDevices(RedisSessionStore store, RedisConnectionFactory connectionFactory, Duration lifetime,
			Duration grace) {
		this.store = store;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.lifetime = lifetime;
		this.grace = grace;
		this.index = new RememberedDeviceIndex(this.redis, store.keys(), store.scripts());
		this.rememberScript = RedisScript.of(SessionScripts.read("device-remember.lua"), Long.class);
		this.useScript = RedisScript.of(SessionScripts.read("device-use.lua"), List.class);
		this.forgetScript = RedisScript.of(SessionScripts.read("device-forget.lua"), List.class);
	}

	/**
	 * How long a remembered device is remembered.
	 * @return the lifetime
	 */
	public Duration getLifetime() {
		return this.lifetime;
	}

	/**
	 * The reference of a remembered device: what lists show and revocation accepts.
	 * @param credential a credential of the device
	 * @return its reference, or {@code null} when the value is not in a credential's form
	 */
	public static @Nullable String reference(String credential) {
		String chainId = RefreshTokens.familyOf(credential);
		return (chainId != null) ? RememberedDeviceIndex.reference(chainId) : null;
	}

	/**
	 * Whether a value has the form of a remembered device's reference (rather than a
	 * session's).
	 * @param reference a reference
	 * @return whether it names a remembered device
	 */
	public static boolean isReference(String reference) {
		return RememberedDeviceIndex.isReference(reference);
	}

	/**
	 * Remember the device of a login.
	 * @param context the login's security context, which every session the device creates
	 * gets
	 * @param userAgent a summary of the device's user agent, if known
	 * @param clientIp the client address at the login, if known
	 * @return the first credential, for the device's cookie
	 */
	public String remember(SecurityContext context, @Nullable String userAgent, @Nullable String clientIp) {
		Assert.notNull(context.getAuthentication(), "A remembered device needs a signed-in user");
		String chainId = RefreshTokens.mintFamilyId();
		String credential = RefreshTokens.mint(chainId);
		String principal = context.getAuthentication().getName();
		long now = this.store.clock().millis();
		long absolute = now + this.lifetime.toMillis();
		this.index.add(principal, chainId, absolute);
		Long created = this.store.scripts()
			.call("device-remember",
					() -> this.redis.execute(this.rememberScript, List.of(key(chainId)), SessionScripts.formatVersion(),
							principal, Long.toString(now), Long.toString(absolute), this.store.codec().encode(context),
							RefreshTokens.hash(credential), (userAgent != null) ? userAgent : "",
							(clientIp != null) ? clientIp : ""));
		Assert.state(Long.valueOf(1).equals(created), "Remembered device id collision");
		publish("", principal, Outcome.REMEMBERED, chainId);
		return credential;
	}

	/**
	 * Sign a remembered device in again: use up its credential and record the session it
	 * creates.
	 * @param credential the presented credential
	 * @param newStorageId the storage id of the session being created
	 * @return the next credential and the security context for the new session, or
	 * {@code null} when the credential is not (or no longer) valid; a retired credential
	 * presented after the grace period also ends the whole chain and its sessions
	 */
	public @Nullable Restored use(String credential, String newStorageId) {
		String chainId = RefreshTokens.familyOf(credential);
		if (chainId == null) {
			return null;
		}
		String presented = RefreshTokens.hash(credential);
		String next = RefreshTokens.mint(chainId);
		long now = this.store.clock().millis();
		List<String> reply = strings(this.store.scripts()
			.call("device-use",
					() -> this.redis.execute(this.useScript, List.of(key(chainId)), SessionScripts.formatVersion(),
							presented, RefreshTokens.hash(next), newStorageId, Long.toString(now),
							Long.toString(this.grace.toMillis()))));
		if (!reply.isEmpty() && "reuse".equals(reply.get(0)) && reply.size() > 1) {
			reused(presented, reply.get(1), chainId, reply.subList(2, reply.size()));
			return null;
		}
		if (reply.size() < 4 || !"ok".equals(reply.get(0)) || !RetiredTokens.isMillis(reply.get(3))) {
			return null;
		}
		String principal = reply.get(1);
		long created = Long.parseLong(reply.get(3));
		SecurityContext context = decode(reply.get(2));
		if (context == null || revokedSince(principal, created)) {
			end(chainId, RefreshTokens.hash(next), "");
			return null;
		}
		publish(newStorageId, principal, Outcome.SIGNED_IN, chainId);
		return new Restored(next, context, principal, Instant.ofEpochMilli(created + this.lifetime.toMillis()),
				RememberedDeviceIndex.reference(chainId));
	}

	/**
	 * Forget a remembered device (logout on it). The sessions it created are left to
	 * their own logout or expiry.
	 * @param credential a credential of the device (live or retired)
	 * @return whether a device was forgotten
	 */
	public boolean forget(String credential) {
		String chainId = RefreshTokens.familyOf(credential);
		if (chainId == null) {
			return false;
		}
		String principal = end(chainId, RefreshTokens.hash(credential), "");
		if (principal == null) {
			return false;
		}
		this.index.remove(principal, chainId);
		publish("", principal, Outcome.FORGOTTEN, chainId);
		return true;
	}

	/**
	 * Forget one of a principal's remembered devices by its reference (revoking it from a
	 * sessions list): its credential stops working at once. The sessions it signed in are
	 * not ended here; {@link UserSessions#revoke(String, String)} ends them too.
	 * @param principal the principal the device must belong to
	 * @param reference the device's reference (see
	 * {@link RememberedDeviceInfo#reference()})
	 * @return whether a device was forgotten; never one of another principal
	 */
	public boolean forget(String principal, String reference) {
		String chainId = this.index.chainOf(principal, reference);
		if (chainId == null) {
			return false;
		}
		// The chain checks the owner itself: the index is only where the lookup starts.
		boolean ended = end(chainId, "", principal) != null;
		this.index.remove(principal, chainId);
		if (!ended) {
			return false;
		}
		publish("", principal, Outcome.FORGOTTEN, chainId);
		return true;
	}

	/**
	 * List a principal's remembered devices, least recently used first: those that can
	 * still sign in (not past their lifetime, not forgotten, not voided by signing out
	 * everywhere or a password change).
	 * @param principal the principal name
	 * @return the devices
	 */
	public List<RememberedDeviceInfo> list(String principal) {
		List<RememberedDeviceInfo> devices = new ArrayList<>(
				this.index.read(principal, this.store.clock().millis(), SessionScripts.formatVersion()));
		devices
			.sort(Comparator.comparing((device) -> (device.lastUsed() != null) ? device.lastUsed() : device.created()));
		return devices;
	}

	/**
	 * Void every remembered device of a principal (sign out everywhere, a password
	 * change).
	 * @param principal the principal name
	 */
	public void revokeAll(String principal) {
		this.store.scripts()
			.markTokensRevoked(this.store.keys().tokensRevoked(principal), this.store.clock().millis(),
					this.lifetime.toMillis());
	}

	private void reused(String presented, String principal, String chainId, List<String> sessions) {
		this.store.publishEvent(new SessionReuseDetectedEvent(this, presented, principal, SessionEventContext.current(),
				SessionReuseDetectedEvent.TokenKind.REMEMBERED_DEVICE));
		// Either holder may be the thief: every session of the chain ends, found by the
		// attribute, which moves with a session whose token changed since the chain
		// created it (step-up, re-authentication, periodic rotation) and also names the
		// login that asked to remember the device. The storage ids the chain recorded
		// catch a session whose attribute could not be read.
		List<String> ended = new ArrayList<>(endSessions(principal, RememberedDeviceIndex.reference(chainId)));
		for (String storageId : sessions) {
			if (!ended.contains(storageId) && this.store.delete(storageId, principal) != null) {
				ended.add(storageId);
			}
		}
		ended.forEach((id) -> this.store.events().revoked(id, principal, SessionRevokedEvent.Reason.REUSE_DETECTED));
	}

	/**
	 * End every session of a principal that belongs to a remembered device (carries
	 * {@link UserSessions#REMEMBERED_DEVICE_ATTRIBUTE} with its reference), wherever its
	 * token has moved since; the caller publishes their events.
	 * @param principal the principal the sessions must belong to
	 * @param reference the device's reference
	 * @return the storage ids of the sessions ended
	 */
	List<String> endSessions(String principal, String reference) {
		String field = SessionDelta.ATTRIBUTE_PREFIX + UserSessions.REMEMBERED_DEVICE_ATTRIBUTE;
		String value = this.store.codec().encode(reference);
		long now = this.store.clock().millis();
		List<String> ended = this.store.isIndexInScripts()
				? this.store.scripts()
					.revokeSessions(this.store.keys().userIndex(principal), now, this.store.keys().sessionPrefix(),
							principal, "matching", field, value)
				: this.store.index().revokeMatching(principal, now, SessionScripts.formatVersion(), field, value);
		this.store.forgetCached(ended);
		return ended;
	}

	/**
	 * Delete a chain if the credential hash (or, when it is empty, the owner) matches;
	 * see device-forget.lua.
	 * @return the chain's principal, or {@code null} when nothing was deleted
	 */
	private @Nullable String end(String chainId, String credentialHash, String owner) {
		List<String> reply = strings(this.store.scripts()
			.call("device-forget",
					() -> this.redis.execute(this.forgetScript, List.of(key(chainId)), credentialHash, owner)));
		return reply.isEmpty() ? null : reply.get(0);
	}

	private void publish(String sessionId, String principal, Outcome outcome, String chainId) {
		this.store.publishEvent(new SessionRememberedDeviceEvent(this, sessionId, principal,
				SessionEventContext.current(), outcome, RememberedDeviceIndex.reference(chainId)));
	}

	private boolean revokedSince(String principal, long chainCreated) {
		String mark = this.store.scripts().tokensRevoked(this.store.keys().tokensRevoked(principal));
		// A mark that is not a number (crafted store contents) voids every chain.
		return mark != null && (!RetiredTokens.isMillis(mark) || chainCreated <= Long.parseLong(mark));
	}

	private @Nullable SecurityContext decode(String encoded) {
		try {
			return (this.store.codec().decode(encoded) instanceof SecurityContext context) ? context : null;
		}
		catch (AttributeCodecException ex) {
			return null;
		}
	}

	private String key(String chainId) {
		return this.store.keys().rememberedDevice(chainId);
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(@Nullable List<?> reply) {
		return (reply != null) ? (List<String>) reply : List.of();
	}

	/**
	 * A remembered device signed in again. Its {@link #toString()} names no credential.
	 *
	 * @param credential the next credential, for the device's cookie
	 * @param context the security context of the new session
	 * @param principal the principal name
	 * @param forgottenAt when the device's chain ends (the cookie's expiry)
	 * @param reference the device's reference (see
	 * {@link RememberedDeviceInfo#reference()})
	 */
	public record Restored(String credential, SecurityContext context, String principal, Instant forgottenAt,
			String reference) {

		@Override
		public String toString() {
			return "Restored[principal=" + this.principal + ", forgottenAt=" + this.forgottenAt + ", reference="
					+ this.reference + "]";
		}

	}

}
