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

package dev.sessionstarter.core.freshness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.util.ClassUtils;

/**
 * When each authentication factor of a session's principal was last proven, kept in the
 * session as one small attribute ({@value #ATTRIBUTE}) and written whenever a security
 * context is saved.
 *
 * <p>
 * A factor's proof is the issue time of its {@link FactorGrantedAuthority}, except for an
 * OpenID Connect login, whose proof is the ID token's {@code auth_time} (when the user
 * last entered credentials at the provider, which may be long before the provider sent
 * them back with a single sign-on), recorded as
 * {@link FactorGrantedAuthority#AUTHORIZATION_CODE_AUTHORITY}; an OpenID Connect login
 * without {@code auth_time} records no proof. The instant is anchored on the store's
 * clock at the moment the context is saved, less the factor's age at that moment, so that
 * recorded proofs and the deadlines they are judged against come from one clock. A factor
 * carried over unchanged from the previous authentication of the same principal (a
 * step-up that keeps the login's authorities) keeps its recorded proof; a different
 * principal starts afresh.
 *
 * @author session-starter
 */
public final class AuthenticationProofs {

	/** The session attribute that holds the proofs. */
	public static final String ATTRIBUTE = "dev.sessionstarter.proofs";

	private static final String PREFIX = "FACTOR_";

	private static final Pattern FACTOR = Pattern.compile("FACTOR_[A-Z0-9_]{1,32}");

	private static final boolean OIDC = ClassUtils.isPresent(
			"org.springframework.security.oauth2.core.oidc.user.OidcUser", AuthenticationProofs.class.getClassLoader());

	private AuthenticationProofs() {
	}

	/**
	 * The proofs to record of an authentication that is being saved into a session.
	 * @param before the authentication the session held, if any
	 * @param after the authentication being saved
	 * @param stored the session's {@link #ATTRIBUTE} value, if any
	 * @param clock the store's clock
	 * @return the new value of {@link #ATTRIBUTE}, or {@code null} for none
	 */
	public static @Nullable String recorded(@Nullable Authentication before, Authentication after,
			@Nullable Object stored, Clock clock) {
		Map<String, Instant> previous = read(stored, after);
		Map<String, Instant> earlier = (before != null && before.getName().equals(after.getName())) ? provenAt(before)
				: Map.of();
		Instant now = clock.instant();
		Instant wall = Instant.now();
		Map<String, Instant> proofs = new LinkedHashMap<>();
		provenAt(after).forEach((factor, proven) -> {
			Instant kept = previous.get(factor);
			if (proven.equals(earlier.get(factor))) {
				// Carried over: only what was recorded counts (a remembered device's
				// session recorded nothing, and a step-up must not make it fresh).
				if (kept != null) {
					proofs.put(factor, kept);
				}
			}
			else {
				Duration age = Duration.between(proven, wall);
				proofs.put(factor, age.isNegative() ? now : now.minus(age));
			}
		});
		return proofs.isEmpty() ? null : format(proofs, after.getName());
	}

	/**
	 * The factors an authentication holds: its factor authorities, and
	 * {@link FactorGrantedAuthority#AUTHORIZATION_CODE_AUTHORITY} for an OpenID Connect
	 * login (whose authentication Spring Security gives no factor authority).
	 * @param authentication the authentication
	 * @return the factor authorities, without repeats
	 */
	public static Set<String> factors(Authentication authentication) {
		Set<String> factors = new LinkedHashSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority instanceof FactorGrantedAuthority) {
				factors.add(authority.getAuthority());
			}
		}
		if (OIDC && OidcLogins.isOidc(authentication)) {
			factors.add(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY);
		}
		return factors;
	}

	/**
	 * The recorded proofs of a session, by factor authority (e.g.
	 * {@code FACTOR_PASSWORD}); empty when none were recorded, when they belong to
	 * another principal, or when the stored value is not in the expected form.
	 * @param stored the value of the session attribute {@value #ATTRIBUTE}
	 * @param authentication the session's current authentication
	 * @return the proofs
	 */
	public static Map<String, Instant> read(@Nullable Object stored, Authentication authentication) {
		if (!(stored instanceof String value)) {
			return Map.of();
		}
		int separator = value.indexOf('|');
		if (separator < 0 || !value.substring(separator + 1).equals(authentication.getName())) {
			return Map.of();
		}
		Map<String, Instant> proofs = new LinkedHashMap<>();
		for (String entry : value.substring(0, separator).split(";", -1)) {
			int equals = entry.indexOf('=');
			String factor = PREFIX + entry.substring(0, Math.max(equals, 0));
			if (equals < 1 || !FACTOR.matcher(factor).matches()) {
				return Map.of();
			}
			try {
				proofs.put(factor, Instant.ofEpochMilli(Long.parseLong(entry.substring(equals + 1))));
			}
			catch (NumberFormatException ex) {
				return Map.of();
			}
		}
		return proofs;
	}

	private static String format(Map<String, Instant> proofs, String name) {
		StringBuilder value = new StringBuilder();
		proofs.forEach((factor, proven) -> {
			if (!value.isEmpty()) {
				value.append(';');
			}
			value.append(factor, PREFIX.length(), factor.length()).append('=').append(proven.toEpochMilli());
		});
		return value.append('|').append(name).toString();
	}

	/**
	 * When each factor was proven, by the clock of whoever proved it; a factor whose
	 * proof time is not known (an OpenID Connect login without {@code auth_time}) is left
	 * out.
	 */
	private static Map<String, Instant> provenAt(Authentication authentication) {
		Map<String, Instant> proven = new LinkedHashMap<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority instanceof FactorGrantedAuthority factor && FACTOR.matcher(factor.getAuthority()).matches()) {
				proven.putIfAbsent(factor.getAuthority(), factor.getIssuedAt());
			}
		}
		if (OIDC && OidcLogins.isOidc(authentication)) {
			Instant authenticatedAt = OidcLogins.authenticatedAt(authentication);
			if (authenticatedAt != null) {
				proven.put(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY, authenticatedAt);
			}
			else {
				proven.remove(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY);
			}
		}
		return proven;
	}

	/**
	 * Touched only when Spring Security's OAuth 2.0 support is on the class path.
	 */
	public static final class OidcLogins {

		private OidcLogins() {
		}

		public static boolean isOidc(Authentication authentication) {
			return authentication.getPrincipal() instanceof org.springframework.security.oauth2.core.oidc.user.OidcUser;
		}

		public static @Nullable Instant authenticatedAt(@Nullable Authentication authentication) {
			return (authentication != null && authentication
				.getPrincipal() instanceof org.springframework.security.oauth2.core.oidc.user.OidcUser user)
						? user.getAuthenticatedAt() : null;
		}

	}

}
