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

import dev.sessionstarter.core.event.SessionRevokedEvent.Reason;
import dev.sessionstarter.core.token.SessionTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Which sessions an identity provider's session belongs to, for OpenID Connect
 * Back-Channel Logout across nodes. At login the session records the hashes of (issuer,
 * {@code sid}) and (issuer, {@code sub}) as attributes, and a registry entry in Redis
 * maps each hash to the principal. A logout token then ends, on every node, the live
 * sessions of that principal whose recorded hash matches: by {@code sid}, or by issuer
 * and {@code sub} when the token has no {@code sid}. The registry holds no token and no
 * raw identifier, needs no {@code KEYS} or {@code SCAN}, and outlives no session: an
 * entry expires with the longest session registered under it.
 *
 * @author session-starter
 */
public class ProviderSessions {

	/** The attribute recording the hash of the provider's issuer and session id. */
	public static final String SID_ATTRIBUTE = "dev.sessionstarter.oidc.sid";

	/** The attribute recording the hash of the provider's issuer and subject. */
	public static final String SUBJECT_ATTRIBUTE = "dev.sessionstarter.oidc.sub";

	private final RedisSessionStore store;

	/**
	 * Create a registry over a store.
	 * @param store the session store
	 */
	public ProviderSessions(RedisSessionStore store) {
		this.store = store;
	}

	/**
	 * The value recorded for a provider's session or subject: a hash, so that neither
	 * Redis nor a dump holds the provider's identifiers.
	 * @param issuer the provider's issuer
	 * @param claim {@code "sid"} or {@code "sub"}, so that the two never share a value
	 * @param value the claim's value
	 * @return the hash
	 */
	public static String marker(String issuer, String claim, String value) {
		return SessionTokens.sha256(issuer + "\n" + claim + "\n" + value);
	}

	/**
	 * Register a login: the provider session and subject belong to the principal.
	 * @param issuer the provider's issuer
	 * @param sid the provider's session id, or {@code null} when it sent none
	 * @param subject the provider's subject
	 * @param principal the principal name the application signed the user in as
	 */
	public void register(String issuer, @Nullable String sid, String subject, String principal) {
		long now = this.store.clock().millis();
		long until = now + this.store.getTimeouts().absolute().toMillis();
		String index = this.store.keys().userIndex(principal);
		if (sid != null) {
			this.store.scripts()
				.registerProviderSession(this.store.keys().providerSession(marker(issuer, "sid", sid)), principal,
						index, until, now);
		}
		this.store.scripts()
			.registerProviderSession(this.store.keys().providerSession(marker(issuer, "sub", subject)), principal,
					index, until, now);
	}

	/**
	 * End the sessions a validated logout token names, once per token.
	 * @param issuer the token's issuer
	 * @param sid its {@code sid}, or {@code null}
	 * @param subject its {@code sub}, or {@code null}
	 * @param jti its {@code jti}
	 * @param rememberFor how long the token is remembered as used (until it expires)
	 * @return what happened
	 */
	public Ended end(String issuer, @Nullable String sid, @Nullable String subject, String jti, Duration rememberFor) {
		Assert.isTrue(sid != null || subject != null, "A logout token names a sid or a sub");
		String marker = (sid != null) ? marker(issuer, "sid", sid) : marker(issuer, "sub", nonNull(subject));
		String field = SessionDelta.ATTRIBUTE_PREFIX + ((sid != null) ? SID_ATTRIBUTE : SUBJECT_ATTRIBUTE);
		String value = this.store.codec().encode(marker);
		String registry = this.store.keys().providerSession(marker);
		String tokenKey = this.store.keys().logoutToken(marker(issuer, "jti", jti));
		long now = this.store.clock().millis();
		Duration remember = rememberFor.isNegative() || rememberFor.isZero() ? Duration.ofMillis(1) : rememberFor;
		String principal;
		List<String> ended;
		if (this.store.isIndexInScripts()) {
			List<String> reply = this.store.scripts()
				.providerLogout(registry, tokenKey, now, this.store.keys().sessionPrefix(), now + remember.toMillis(),
						field, value);
			if (reply.isEmpty() || "replayed".equals(reply.get(0))) {
				return Ended.REPLAYED;
			}
			principal = reply.get(1);
			ended = reply.subList(2, reply.size());
		}
		else {
			if (!this.store.scripts().rememberOnce(tokenKey, remember)) {
				return Ended.REPLAYED;
			}
			try {
				principal = this.store.scripts().registeredPrincipal(registry);
				ended = (principal != null) ? this.store.index()
					.revokeMatching(principal, now, SessionScripts.formatVersion(), field, value) : List.of();
			}
			catch (RuntimeException ex) {
				// Not ended: forget the token, so that the provider's retry is not taken
				// for a replay.
				this.store.scripts().forget(tokenKey);
				throw ex;
			}
		}
		this.store.forgetCached(ended);
		String owner = (principal == null || principal.isEmpty()) ? null : principal;
		ended.forEach((id) -> this.store.events().revoked(id, owner, null, Reason.PROVIDER_LOGOUT));
		return new Ended(false, ended.stream().map(StoredSession::referenceOf).toList());
	}

	private static String nonNull(@Nullable String value) {
		Assert.notNull(value, "A logout token names a sid or a sub");
		return value;
	}

	/**
	 * The outcome of a logout token.
	 *
	 * @param replayed whether the token had been used before (nothing was ended)
	 * @param sessions the references of the sessions ended
	 */
	public record Ended(boolean replayed, List<String> sessions) {

		static final Ended REPLAYED = new Ended(true, List.of());

	}

}
