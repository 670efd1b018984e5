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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.core.codec.AttributeCodecException;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent.Reason;
import dev.sessionstarter.core.token.SessionTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A user's sessions: list them, end one, all others, or all. Each operation is one script
 * call over the per-user index, whatever the number of sessions, and ends sessions at
 * once: their next request finds nothing. No {@code KEYS}, {@code SCAN} or keyspace
 * notifications are involved.
 *
 * <p>
 * Ownership is enforced by the scripts: {@link #revoke(String, String)} ends a session
 * only if it belongs to the given principal. Callers pass the authenticated principal for
 * self-service and any principal only from administrative code.
 *
 * <p>
 * With {@linkplain #setRememberedDevices(RememberedDevices) remembered devices} on, a
 * user's remembered devices are listed too ({@link #rememberedDevices(String)}), and
 * {@link #revoke(String, String)} takes their references as well: revoking a device
 * forgets it and ends every session it belongs to (the login that asked to remember it
 * and each session it signed in), as a user who removes a lost laptop expects.
 *
 * <p>
 * Each ended session is announced with a {@link SessionRevokedEvent}. The methods without
 * a reason are self-service: reason {@link Reason#USER USER}, revoked by the principal;
 * administrative and system code passes who and why.
 *
 * <p>
 * The scripts read session keys named after the index members, which Redis Cluster does
 * not allow in one script. When the store does not keep the index in its scripts
 * ({@link RedisSessionStore#isIndexInScripts()}, Cluster) the same operations run as
 * one-slot commands: a pipelined read of the sessions, then an ownership-checked delete
 * per session. A listed session that moves to a new token meanwhile is followed and ended
 * under it (see {@code supersede.lua}); a session first created while "sign out
 * everywhere" runs (a new login elsewhere) may survive it.
 *
 * @author session-starter
 */
public class UserSessions {

	/**
	 * Session attribute holding a summary of the client's user agent, recorded at login.
	 */
	public static final String USER_AGENT_ATTRIBUTE = "dev.sessionstarter.userAgent";

	/** Session attribute holding the client's address at login. */
	public static final String CLIENT_IP_ATTRIBUTE = "dev.sessionstarter.clientIp";

	/**
	 * Session attribute holding the identity provider (OAuth 2.0 client registration id)
	 * the user signed in with, recorded at login.
	 */
	public static final String PROVIDER_ATTRIBUTE = "dev.sessionstarter.provider";

	/**
	 * Session attribute holding the reference of the remembered device the session
	 * belongs to: set at the login that asked to remember the device and in every session
	 * the device signs in, so that revoking the device ends them too.
	 */
	public static final String REMEMBERED_DEVICE_ATTRIBUTE = "dev.sessionstarter.rememberedDevice";

	private static final int LISTED_PER_SESSION = 11;

	/** The hash field that holds a device-bound session's public key. */
	private static final String DEVICE_KEY_FIELD = StoredSession.DEVICE_BINDING_PREFIX + "k";

	/**
	 * The fields list-sessions.lua returns after each storage id, in its order.
	 */
	private static final List<String> LISTED_FIELDS = List.of("principal", "lastAccess", "idle", "absolute", "created",
			SessionDelta.ATTRIBUTE_PREFIX + USER_AGENT_ATTRIBUTE, SessionDelta.ATTRIBUTE_PREFIX + CLIENT_IP_ATTRIBUTE,
			SessionDelta.ATTRIBUTE_PREFIX + PROVIDER_ATTRIBUTE, DEVICE_KEY_FIELD,
			SessionDelta.ATTRIBUTE_PREFIX + REMEMBERED_DEVICE_ATTRIBUTE);

	private final RedisSessionStore store;

	private @Nullable TokenFamilies tokenFamilies;

	private @Nullable RememberedDevices rememberedDevices;

	/**
	 * Create a new instance.
	 * @param store the store whose sessions this manages
	 */
	public UserSessions(RedisSessionStore store) {
		this.store = store;
	}

	/**
	 * List a principal's live sessions, least recently used first.
	 * @param principal the principal name
	 * @param currentToken the token of the asking request's session, to mark it, or
	 * {@code null}
	 * @return the sessions
	 */
	public List<SessionInfo> list(String principal, @Nullable String currentToken) {
		String current = storageIdOf(currentToken);
		List<@Nullable String> flat = this.store.isIndexInScripts() ? this.store.scripts()
			.listSessions(this.store.keys().userIndex(principal), this.store.clock().millis(),
					this.store.keys().sessionPrefix(), principal)
				: listThroughIndex(principal);
		List<SessionInfo> sessions = new ArrayList<>(flat.size() / LISTED_PER_SESSION);
		for (int i = 0; i + LISTED_PER_SESSION <= flat.size(); i += LISTED_PER_SESSION) {
			SessionInfo info = info(flat.subList(i, i + LISTED_PER_SESSION), current);
			if (info != null) {
				sessions.add(info);
			}
		}
		sessions.sort(Comparator.comparing(SessionInfo::lastAccessed));
		return sessions;
	}

	/**
	 * List a principal's remembered devices, least recently used first.
	 * @param principal the principal name
	 * @return the devices; none when remembered devices are off
	 */
	public List<RememberedDeviceInfo> rememberedDevices(String principal) {
		return rememberedDevices(principal, null);
	}

	/**
	 * List a principal's remembered devices, least recently used first, marking the one
	 * the list is shown on ({@link RememberedDeviceInfo#current()}).
	 * @param principal the principal name
	 * @param currentDevice the reference of the device the asking session belongs to (its
	 * {@link #REMEMBERED_DEVICE_ATTRIBUTE}), or {@code null}
	 * @return the devices; none when remembered devices are off
	 */
	public List<RememberedDeviceInfo> rememberedDevices(String principal, @Nullable String currentDevice) {
		if (this.rememberedDevices == null) {
			return List.of();
		}
		return this.rememberedDevices.list(principal)
			.stream()
			.map((device) -> device.reference().equals(currentDevice) ? device.asCurrent() : device)
			.toList();
	}

	/**
	 * End one session of a principal, or forget one of their remembered devices and end
	 * the sessions it belongs to, if it belongs to that principal.
	 * @param principal the principal the session or device must belong to
	 * @param reference the session's reference (see {@link SessionInfo#reference()}) or
	 * the device's (see {@link RememberedDeviceInfo#reference()})
	 * @return whether a session was ended or a device forgotten
	 */
	public boolean revoke(String principal, String reference) {
		return revoke(principal, reference, principal, Reason.USER);
	}

	/**
	 * End one session of a principal, or forget one of their remembered devices and end
	 * the sessions it belongs to, if it belongs to that principal.
	 * @param principal the principal the session or device must belong to
	 * @param reference the session's reference (see {@link SessionInfo#reference()}) or
	 * the device's (see {@link RememberedDeviceInfo#reference()})
	 * @param revokedBy who ends it, {@code null} for the system
	 * @param reason why
	 * @return whether a session was ended or a device forgotten
	 */
	public boolean revoke(String principal, String reference, @Nullable String revokedBy, Reason reason) {
		if (RememberedDevices.isReference(reference)) {
			return revokeDevice(principal, reference, revokedBy, reason);
		}
		String storageId = StoredSession.storageIdOfReference(reference);
		return storageId != null && !revoke(principal, "one", storageId, revokedBy, reason).isEmpty();
	}

	private boolean revokeDevice(String principal, String reference, @Nullable String revokedBy, Reason reason) {
		if (this.rememberedDevices == null || !this.rememberedDevices.forget(principal, reference)) {
			return false;
		}
		// Found by the attribute rather than the chain's list of sessions: it names the
		// login's own session too, and it moves with a session whose token changes.
		List<String> ended = this.rememberedDevices.endSessions(principal, reference);
		ended.forEach((id) -> this.store.events().revoked(id, principal, revokedBy, reason));
		return true;
	}

	/**
	 * End every session of a principal except the given one (sign out other sessions, or
	 * after a password change).
	 * @param principal the principal name
	 * @param currentToken the token of the session to keep
	 * @return the references of the sessions ended
	 */
	public List<String> revokeOthers(String principal, String currentToken) {
		return revokeOthers(principal, currentToken, principal, Reason.USER);
	}

	/**
	 * End every session of a principal except the given one.
	 * @param principal the principal name
	 * @param currentToken the token of the session to keep
	 * @param revokedBy who ends them, {@code null} for the system
	 * @param reason why
	 * @return the references of the sessions ended
	 */
	public List<String> revokeOthers(String principal, String currentToken, @Nullable String revokedBy, Reason reason) {
		Assert.notNull(storageIdOf(currentToken), "The session to keep must be given by its token");
		// Where the session lives, not the hash of the token: this request may have given
		// it a new token not saved yet (periodic rotation), or have come with a retired
		// one within its grace period.
		String keep = this.store.storedUnder(currentToken);
		revokeTokenFamilies(principal);
		return revoke(principal, "others", keep, revokedBy, reason);
	}

	/**
	 * End every session of a principal (sign out everywhere, account disabled).
	 * @param principal the principal name
	 * @return the references of the sessions ended
	 */
	public List<String> revokeAll(String principal) {
		return revokeAll(principal, principal, Reason.USER);
	}

	/**
	 * End every session of a principal.
	 * @param principal the principal name
	 * @param revokedBy who ends them, {@code null} for the system
	 * @param reason why
	 * @return the references of the sessions ended
	 */
	public List<String> revokeAll(String principal, @Nullable String revokedBy, Reason reason) {
		revokeTokenFamilies(principal);
		return revoke(principal, "all", "", revokedBy, reason);
	}

	/**
	 * Also void the principal's API token families when signing out others or everywhere
	 * (their access tokens are sessions and end here anyway; their refresh tokens would
	 * otherwise mint new ones).
	 * @param tokenFamilies the token families
	 */
	public void setTokenFamilies(TokenFamilies tokenFamilies) {
		this.tokenFamilies = tokenFamilies;
	}

	/**
	 * Also forget the principal's remembered devices when signing out others or
	 * everywhere (their credentials would otherwise sign the user in again).
	 * @param rememberedDevices the remembered devices
	 */
	public void setRememberedDevices(RememberedDevices rememberedDevices) {
		this.rememberedDevices = rememberedDevices;
	}

	private void revokeTokenFamilies(String principal) {
		// One mark voids both; the devices' longer lifetime first, since the mark only
		// moves forward and keeps the expiry it was set with.
		if (this.rememberedDevices != null) {
			this.rememberedDevices.revokeAll(principal);
		}
		if (this.tokenFamilies != null) {
			this.tokenFamilies.revokeAll(principal);
		}
	}

	/**
	 * The list in the layout of list-sessions.lua, read with one-slot commands (Redis
	 * Cluster).
	 */
	private List<@Nullable String> listThroughIndex(String principal) {
		List<@Nullable String> flat = new ArrayList<>();
		this.store.index()
			.read(principal, this.store.clock().millis(), SessionScripts.formatVersion())
			.forEach((storageId, fields) -> {
				Map<String, String> byName = new HashMap<>();
				for (int i = 0; i + 1 < fields.size(); i += 2) {
					byName.put(fields.get(i), fields.get(i + 1));
				}
				flat.add(storageId);
				for (String name : LISTED_FIELDS) {
					flat.add(byName.get(name));
				}
			});
		return flat;
	}

	private List<String> revoke(String principal, String mode, String storageId, @Nullable String revokedBy,
			Reason reason) {
		List<String> ended = this.store.isIndexInScripts()
				? this.store.scripts()
					.revokeSessions(this.store.keys().userIndex(principal), this.store.clock().millis(),
							this.store.keys().sessionPrefix(), principal, mode, storageId, "")
				: this.store.index()
					.revoke(principal, this.store.clock().millis(), SessionScripts.formatVersion(),
							mode.equals("one") ? storageId : null, mode.equals("others") ? storageId : null);
		ended(ended, principal, revokedBy, reason);
		return ended.stream().map(StoredSession::referenceOf).toList();
	}

	private void ended(List<String> ended, String principal, @Nullable String revokedBy, Reason reason) {
		this.store.forgetCached(ended);
		ended.forEach((id) -> this.store.events().revoked(id, principal, revokedBy, reason));
	}

	private @Nullable String text(@Nullable String stored) {
		if (stored == null) {
			return null;
		}
		try {
			return (this.store.codec().decode(stored) instanceof String value) ? value : null;
		}
		catch (AttributeCodecException ex) {
			return null;
		}
	}

	private static @Nullable String storageIdOf(@Nullable String token) {
		return (token != null && SessionTokens.isWellFormed(token)) ? SessionTokens.storageId(token) : null;
	}

	private @Nullable SessionInfo info(List<@Nullable String> row, @Nullable String current) {
		String id = require(row.get(0));
		try {
			Instant last = instant(row.get(2));
			Instant absolute = instant(row.get(4));
			Instant idle = last.plusMillis(Long.parseLong(require(row.get(3))));
			return new SessionInfo(StoredSession.referenceOf(id), instant(row.get(5)), last,
					idle.isBefore(absolute) ? idle : absolute, absolute, text(row.get(6)), text(row.get(7)),
					text(row.get(8)), id.equals(current), row.get(9) != null, text(row.get(10)));
		}
		catch (NumberFormatException | IllegalStateException ex) {
			// Damaged metadata must not break the whole list (or the page showing it);
			// the session itself is dropped the next time it is presented.
			return null;
		}
	}

	private static Instant instant(@Nullable String millis) {
		return Instant.ofEpochMilli(Long.parseLong(require(millis)));
	}

	private static String require(@Nullable String value) {
		Assert.state(value != null, "Session metadata is incomplete");
		return value;
	}

}
