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
import java.util.function.Consumer;

import dev.sessionstarter.core.codec.AttributeCodecException;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.freshness.AuthenticationProofs;
import dev.sessionstarter.core.token.RefreshTokens;
import dev.sessionstarter.core.token.SessionTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.util.Assert;

/**
 * Access and refresh tokens for API clients. An API login starts a <em>token family</em>:
 * a short-lived access token (an ordinary session, sent as {@code Authorization: Bearer})
 * and a long-lived, single-use refresh token. Each refresh retires the refresh token and
 * hands out a new pair; a retired refresh token presented after the grace period means a
 * copy exists, and the whole family (every access and refresh token descended from the
 * login) is revoked. See the {@code family-*.lua} scripts for the exact rules.
 *
 * @author session-starter
 */
public class TokenFamilies {

	private final RedisSessionStore store;

	private final Settings settings;

	private Consumer<String> refreshFailures = (principal) -> {
	};

	/**
	 * Create a new instance.
	 * @param store the session store that keeps the access tokens
	 * @param settings lifetimes and grace period
	 */
	public TokenFamilies(RedisSessionStore store, Settings settings) {
		this.store = store;
		this.settings = settings;
	}

	/**
	 * Set who hears of refused refreshes whose family names a principal (a used or
	 * unknown refresh token of a live family, an expired or voided family, reuse), for
	 * example a failure-burst monitor. Refresh tokens that name no family are not
	 * attributed.
	 * @param refreshFailures called with the principal of each refused refresh
	 */
	public void setRefreshFailureListener(Consumer<String> refreshFailures) {
		this.refreshFailures = refreshFailures;
	}

	/**
	 * Start a family for an authenticated principal.
	 * @param principal the principal name
	 * @param context the security context every access token of the family carries
	 * @return the first pair, or {@code null} when the principal is at its session limit
	 * and the limit rejects new sessions
	 */
	public @Nullable Tokens issue(String principal, SecurityContext context) {
		String familyId = RefreshTokens.mintFamilyId();
		String refreshToken = RefreshTokens.mint(familyId);
		StoredSession access = newAccessSession(context);
		// The grant proved the user's factors just now: the first access token counts as
		// a
		// recent login for recent-authentication rules; refreshed ones never do (their
		// sessions are made from the family's context alone).
		Authentication authentication = context.getAuthentication();
		String proofs = (authentication != null)
				? AuthenticationProofs.recorded(null, authentication, null, this.store.clock()) : null;
		if (proofs != null) {
			access.setAttribute(AuthenticationProofs.ATTRIBUTE, proofs);
		}
		long now = this.store.clock().millis();
		long absolute = now + this.settings.refreshTokenLifetime().toMillis();
		boolean created = this.store.scripts()
			.createFamily(key(familyId), principal, now, absolute, this.store.codec().encode(context),
					RefreshTokens.hash(refreshToken), access.getStorageId());
		Assert.state(created, "Token family id collision");
		Tokens tokens = saveAccess(access, refreshToken);
		if (tokens == null) {
			// The session limit refused the access token: no family without one.
			end(familyId, refreshToken);
		}
		return tokens;
	}

	/**
	 * Exchange a refresh token for a new pair.
	 * @param refreshToken the presented refresh token
	 * @return the new pair, or {@code null} when the token is not (or no longer) valid; a
	 * retired token presented after the grace period also revokes its whole family
	 */
	public @Nullable Tokens refresh(String refreshToken) {
		String familyId = RefreshTokens.familyOf(refreshToken);
		if (familyId == null) {
			return null;
		}
		String presented = RefreshTokens.hash(refreshToken);
		String next = RefreshTokens.mint(familyId);
		String accessToken = SessionTokens.mint();
		List<String> reply = this.store.scripts()
			.refreshFamily(key(familyId), presented, RefreshTokens.hash(next), SessionTokens.storageId(accessToken),
					this.store.clock().millis(), this.settings.grace().toMillis(),
					this.settings.accessTokenLifetime().toMillis());
		if (!granted(presented, reply)) {
			return null;
		}
		String principal = reply.get(1);
		Tokens tokens = issueAccess(accessToken, next, reply.get(2));
		// The checks run after the access token is stored, so that a revocation racing
		// this refresh either finds the token (and ends it) or is found by the checks.
		if (tokens == null || revokedSince(principal, Long.parseLong(reply.get(3)))) {
			// Refused (session limit, unreadable context) or voided meanwhile: the family
			// ends here, so that a retry of the retired token is not mistaken for theft.
			this.store.delete(SessionTokens.storageId(accessToken), principal);
			end(familyId, next);
			this.refreshFailures.accept(principal);
			return null;
		}
		if (this.store.scripts()
			.inspectFamily(key(familyId), RefreshTokens.hash(next), this.store.clock().millis())
			.isEmpty()) {
			// The family was revoked meanwhile (reuse, RFC 7009), or a parallel refresh
			// already retired this pair: the access token must not outlive either.
			this.store.delete(SessionTokens.storageId(accessToken), principal);
			return null;
		}
		this.store.publishEvent(new SessionRotatedEvent(this, SessionTokens.storageId(accessToken), principal,
				SessionEventContext.current(), presented, SessionRotatedEvent.Reason.REFRESH));
		return tokens;
	}

	private boolean granted(String presented, List<String> reply) {
		if (!reply.isEmpty() && "reuse".equals(reply.get(0))) {
			reused(presented, reply);
			this.refreshFailures.accept(reply.get(1));
			return false;
		}
		if (reply.size() < 4 || !"ok".equals(reply.get(0)) || !RetiredTokens.isMillis(reply.get(3))) {
			if (reply.size() > 1 && !reply.get(1).isEmpty()) {
				this.refreshFailures.accept(reply.get(1));
			}
			return false;
		}
		return true;
	}

	private @Nullable Tokens issueAccess(String accessToken, String refreshToken, String encodedContext) {
		Object context;
		try {
			context = this.store.codec().decode(encodedContext);
		}
		catch (AttributeCodecException ex) {
			return null;
		}
		if (!(context instanceof SecurityContext securityContext)) {
			return null;
		}
		return saveAccess(newAccessSession(accessToken, securityContext), refreshToken);
	}

	private void reused(String presented, List<String> reply) {
		String principal = reply.get(1);
		this.store.publishEvent(new SessionReuseDetectedEvent(this, presented, principal, SessionEventContext.current(),
				SessionReuseDetectedEvent.TokenKind.REFRESH));
		for (String access : reply.subList(2, reply.size())) {
			if (this.store.delete(access, principal) != null) {
				this.store.events().revoked(access, principal, SessionRevokedEvent.Reason.REUSE_DETECTED);
			}
		}
	}

	/**
	 * Void every token family of a principal: their refresh tokens stop working and no
	 * new access token comes from them ("sign out everywhere", credential changes).
	 * Access tokens are sessions and end with the principal's other sessions.
	 * @param principal the principal name
	 */
	public void revokeAll(String principal) {
		this.store.scripts()
			.markTokensRevoked(this.store.keys().tokensRevoked(principal), this.store.clock().millis(),
					this.settings.refreshTokenLifetime().toMillis());
	}

	private boolean revokedSince(String principal, long familyCreated) {
		String mark = this.store.scripts().tokensRevoked(this.store.keys().tokensRevoked(principal));
		// A mark that is not a number (crafted store contents) voids every family.
		return mark != null && (!RetiredTokens.isMillis(mark) || familyCreated <= Long.parseLong(mark));
	}

	private boolean end(String familyId, String refreshToken) {
		List<String> reply = this.store.scripts().endFamily(key(familyId), RefreshTokens.hash(refreshToken));
		if (reply.isEmpty()) {
			return false;
		}
		String principal = reply.get(0);
		reply.subList(1, reply.size()).forEach((access) -> this.store.delete(access, principal));
		return true;
	}

	/**
	 * Revoke a token (RFC 7009). A refresh token ends its whole family; an access token
	 * ends its own session. Anything else is ignored.
	 * @param token a refresh or access token
	 * @return whether something was revoked
	 */
	public boolean revoke(String token) {
		String familyId = RefreshTokens.familyOf(token);
		if (familyId != null) {
			return end(familyId, token);
		}
		StoredSession session = this.store.peek(token);
		if (session == null) {
			return false;
		}
		this.store.delete(session);
		return true;
	}

	/**
	 * Describe a token (RFC 7662) without using it.
	 * @param token a refresh or access token
	 * @return what the token stands for, or {@code null} when it is not active
	 */
	public @Nullable Introspection introspect(String token) {
		String familyId = RefreshTokens.familyOf(token);
		if (familyId != null) {
			List<String> reply = this.store.scripts()
				.inspectFamily(key(familyId), RefreshTokens.hash(token), this.store.clock().millis());
			if (reply.size() < 4 || !RetiredTokens.isMillis(reply.get(2)) || !RetiredTokens.isMillis(reply.get(3))) {
				return null;
			}
			return new Introspection(TokenType.REFRESH_TOKEN, reply.get(0), instant(reply.get(3)),
					instant(reply.get(2)));
		}
		StoredSession session = this.store.peek(token);
		if (session == null || session.getPrincipalName() == null) {
			return null;
		}
		return new Introspection(TokenType.ACCESS_TOKEN, session.getPrincipalName(), session.getCreationTime(),
				session.getIdleDeadline());
	}

	private StoredSession newAccessSession(SecurityContext context) {
		return newAccessSession(null, context);
	}

	private StoredSession newAccessSession(@Nullable String token, SecurityContext context) {
		StoredSession session = this.store.createSession(this.settings.accessTokenIdle(),
				this.settings.accessTokenLifetime());
		if (token != null) {
			session.useToken(token);
		}
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
		return session;
	}

	private @Nullable Tokens saveAccess(StoredSession access, String refreshToken) {
		this.store.save(access);
		if (!access.isPersisted()) {
			return null;
		}
		Duration expiresIn = this.settings.accessTokenIdle().compareTo(this.settings.accessTokenLifetime()) < 0
				? this.settings.accessTokenIdle() : this.settings.accessTokenLifetime();
		return new Tokens(access.getId(), refreshToken, expiresIn);
	}

	private String key(String familyId) {
		return this.store.keys().family(familyId);
	}

	private static Instant instant(String epochMillis) {
		return Instant.ofEpochMilli(Long.parseLong(epochMillis));
	}

	/**
	 * Lifetimes of API tokens.
	 *
	 * @param accessTokenIdle how long an access token lives without use
	 * @param accessTokenLifetime how long an access token lives at most
	 * @param refreshTokenLifetime how long a family (its refresh tokens) lives at most
	 * @param grace how long a used refresh token still gets a new pair (parallel
	 * refreshes)
	 */
	public record Settings(Duration accessTokenIdle, Duration accessTokenLifetime, Duration refreshTokenLifetime,
			Duration grace) {

	}

	/**
	 * A pair of tokens handed to a client.
	 *
	 * @param accessToken the access token
	 * @param refreshToken the refresh token
	 * @param expiresIn how long the access token lives if unused
	 */
	public record Tokens(String accessToken, String refreshToken, Duration expiresIn) {

		@Override
		public String toString() {
			// Never print a token (records would by default).
			return "Tokens[expiresIn=" + this.expiresIn + "]";
		}

	}

	/**
	 * What an active token stands for.
	 *
	 * @param type the kind of token
	 * @param principal the principal name
	 * @param issuedAt when the token (an access token's session, a refresh token) was
	 * issued
	 * @param expiresAt when it ends if nothing happens
	 */
	public record Introspection(TokenType type, String principal, Instant issuedAt, Instant expiresAt) {

	}

	/**
	 * Kinds of API tokens, named as in RFC 7009 and RFC 7662.
	 */
	public enum TokenType {

		/** An access token. */
		ACCESS_TOKEN,

		/** A refresh token. */
		REFRESH_TOKEN

	}

}
