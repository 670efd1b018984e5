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
import java.util.List;

import dev.sessionstarter.core.codec.AttributeCodecException;
import dev.sessionstarter.core.event.SessionEventContext;
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
 * </ul>
 *
 * @author session-starter
 */
public class RememberedDevices {

	private final RedisSessionStore store;

	private final StringRedisTemplate redis;

	private final Duration lifetime;

	private final Duration grace;

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
		long now = this.store.clock().millis();
		Long created = this.store.scripts()
			.call("device-remember",
					() -> this.redis.execute(this.rememberScript, List.of(key(chainId)), SessionScripts.formatVersion(),
							context.getAuthentication().getName(), Long.toString(now),
							Long.toString(now + this.lifetime.toMillis()), this.store.codec().encode(context),
							RefreshTokens.hash(credential), (userAgent != null) ? userAgent : "",
							(clientIp != null) ? clientIp : ""));
		Assert.state(Long.valueOf(1).equals(created), "Remembered device id collision");
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
			reused(presented, reply.get(1), reply.subList(2, reply.size()));
			return null;
		}
		if (reply.size() < 4 || !"ok".equals(reply.get(0)) || !RetiredTokens.isMillis(reply.get(3))) {
			return null;
		}
		String principal = reply.get(1);
		long created = Long.parseLong(reply.get(3));
		SecurityContext context = decode(reply.get(2));
		if (context == null || revokedSince(principal, created)) {
			forget(next);
			return null;
		}
		return new Restored(next, context, principal, Instant.ofEpochMilli(created + this.lifetime.toMillis()));
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
		List<String> reply = strings(this.store.scripts()
			.call("device-forget", () -> this.redis.execute(this.forgetScript, List.of(key(chainId)),
					RefreshTokens.hash(credential), "")));
		return !reply.isEmpty();
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

	private void reused(String presented, String principal, List<String> sessions) {
		this.store.publishEvent(new SessionReuseDetectedEvent(this, presented, principal, SessionEventContext.current(),
				SessionReuseDetectedEvent.TokenKind.REMEMBERED_DEVICE));
		for (String storageId : sessions) {
			if (this.store.delete(storageId, principal) != null) {
				this.store.events().revoked(storageId, principal, SessionRevokedEvent.Reason.REUSE_DETECTED);
			}
		}
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
	 */
	public record Restored(String credential, SecurityContext context, String principal, Instant forgottenAt) {

		@Override
		public String toString() {
			return "Restored[principal=" + this.principal + ", forgottenAt=" + this.forgottenAt + "]";
		}

	}

}
