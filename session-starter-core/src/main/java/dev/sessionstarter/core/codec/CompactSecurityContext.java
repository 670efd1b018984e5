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

package dev.sessionstarter.core.codec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * A compact form for the security context of an ordinary login (a
 * {@link UsernamePasswordAuthenticationToken} whose principal is a name or a
 * {@link User}, with plain and factor authorities and erased credentials), which is read
 * on nearly every request. Spring Security's own Jackson support reads it through type
 * ids and tree conversions at tens of microseconds per request and stores about a
 * kilobyte; this form is a few hundred bytes and is read without any type id, into fixed
 * classes only.
 *
 * <p>
 * It also never stores the session id that {@link WebAuthenticationDetails} captures at
 * login: that id is a session token, and tokens are never written to the store.
 *
 * <p>
 * Any other shape returns {@code null} from {@link #encode} and goes through the generic
 * JSON form.
 *
 * @author session-starter
 */
final class CompactSecurityContext {

	/** Marks the compact form; the generic JSON form never starts with it. */
	static final String PREFIX = "sc1:";

	private static final int ENABLED = 1;

	private static final int ACCOUNT_NON_EXPIRED = 2;

	private static final int CREDENTIALS_NON_EXPIRED = 4;

	private static final int ACCOUNT_NON_LOCKED = 8;

	private final JsonMapper json = JsonMapper.builder().build();

	@Nullable String encode(Object value) {
		if (value.getClass() != SecurityContextImpl.class) {
			return null;
		}
		Authentication authentication = ((SecurityContext) value).getAuthentication();
		if (authentication == null || authentication.getClass() != UsernamePasswordAuthenticationToken.class
				|| !authentication.isAuthenticated() || authentication.getCredentials() != null) {
			return null;
		}
		Map<String, Object> form = new LinkedHashMap<>();
		if (!principal(authentication.getPrincipal(), form) || !authorities(authentication, form)
				|| !details(authentication.getDetails(), form)) {
			return null;
		}
		return PREFIX + this.json.writeValueAsString(form);
	}

	private static boolean principal(@Nullable Object principal, Map<String, Object> form) {
		if (principal instanceof String name) {
			form.put("n", name);
			return true;
		}
		if (principal == null || principal.getClass() != User.class) {
			return false;
		}
		User user = (User) principal;
		if (user.getPassword() != null || !sameAuthorities(user.getAuthorities())) {
			return false;
		}
		form.put("n", user.getUsername());
		form.put("u",
				(user.isEnabled() ? ENABLED : 0) | (user.isAccountNonExpired() ? ACCOUNT_NON_EXPIRED : 0)
						| (user.isCredentialsNonExpired() ? CREDENTIALS_NON_EXPIRED : 0)
						| (user.isAccountNonLocked() ? ACCOUNT_NON_LOCKED : 0));
		form.put("ua", names(user.getAuthorities()));
		return true;
	}

	private static boolean authorities(Authentication authentication, Map<String, Object> form) {
		if (!sameAuthorities(authentication.getAuthorities())) {
			return false;
		}
		List<Object> names = names(authentication.getAuthorities());
		form.put("a", names);
		// The user's authorities are nearly always the login's without its factors: left
		// out then, which keeps the form within fewer Redis hash pieces.
		if (plain(names).equals(form.get("ua"))) {
			form.remove("ua");
		}
		return true;
	}

	private static List<Object> plain(List<Object> names) {
		List<Object> plain = new ArrayList<>(names.size());
		for (Object name : names) {
			if (name instanceof String) {
				plain.add(name);
			}
		}
		return plain;
	}

	private static boolean details(@Nullable Object details, Map<String, Object> form) {
		if (details == null) {
			return true;
		}
		if (details.getClass() != WebAuthenticationDetails.class) {
			return false;
		}
		String address = ((WebAuthenticationDetails) details).getRemoteAddress();
		form.put("d", (address != null) ? address : "");
		return true;
	}

	private static boolean sameAuthorities(Iterable<? extends GrantedAuthority> authorities) {
		for (GrantedAuthority authority : authorities) {
			if (authority.getClass() != SimpleGrantedAuthority.class
					&& authority.getClass() != FactorGrantedAuthority.class) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Plain authorities as their names; factor authorities (which Spring Security 7 adds
	 * at every login, e.g. {@code FACTOR_PASSWORD}) with the instant they were issued.
	 */
	private static List<Object> names(Iterable<? extends GrantedAuthority> authorities) {
		List<Object> names = new ArrayList<>();
		for (GrantedAuthority authority : authorities) {
			if (authority instanceof FactorGrantedAuthority factor) {
				// Nanoseconds since the epoch, not ISO-8601 text: parsing the text took
				// most
				// of the decoding time, on nearly every request.
				names.add(Map.of("f", factor.getAuthority(), "t", issuedAt(factor.getIssuedAt())));
			}
			else {
				names.add(authority.getAuthority());
			}
		}
		return names;
	}

	private static Object issuedAt(Instant instant) {
		try {
			return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
		}
		catch (ArithmeticException ex) {
			// Beyond the year 2262: as text, which reads back the same.
			return instant.toString();
		}
	}

	SecurityContext decode(String stored) {
		JsonNode form = this.json.readTree(stored.substring(PREFIX.length()));
		String name = form.required("n").asString();
		Object principal = name;
		List<GrantedAuthority> authorities = authorities(form.required("a"));
		JsonNode flags = form.get("u");
		if (flags != null) {
			int bits = flags.asInt();
			JsonNode userAuthorities = form.get("ua");
			principal = new User(name, "", (bits & ENABLED) != 0, (bits & ACCOUNT_NON_EXPIRED) != 0,
					(bits & CREDENTIALS_NON_EXPIRED) != 0, (bits & ACCOUNT_NON_LOCKED) != 0,
					(userAuthorities != null) ? authorities(userAuthorities) : plainAuthorities(authorities));
			((User) principal).eraseCredentials();
		}
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken
			.authenticated(principal, null, authorities);
		JsonNode details = form.get("d");
		if (details != null) {
			authentication.setDetails(new WebAuthenticationDetails(details.asString(), null));
		}
		return new SecurityContextImpl(authentication);
	}

	private static List<GrantedAuthority> authorities(JsonNode names) {
		List<GrantedAuthority> authorities = new ArrayList<>(names.size());
		for (JsonNode name : names) {
			if (name.isObject()) {
				JsonNode issuedAt = name.required("t");
				authorities.add(FactorGrantedAuthority.withAuthority(name.required("f").asString())
					.issuedAt(issuedAt.isIntegralNumber()
							? Instant.ofEpochSecond(Math.floorDiv(issuedAt.asLong(), 1_000_000_000L),
									Math.floorMod(issuedAt.asLong(), 1_000_000_000L))
							: Instant.parse(issuedAt.asString()))
					.build());
			}
			else {
				authorities.add(new SimpleGrantedAuthority(name.asString()));
			}
		}
		return authorities;
	}

	private static List<GrantedAuthority> plainAuthorities(List<GrantedAuthority> authorities) {
		List<GrantedAuthority> plain = new ArrayList<>(authorities.size());
		for (GrantedAuthority authority : authorities) {
			if (!(authority instanceof FactorGrantedAuthority)) {
				plain.add(authority);
			}
		}
		return plain;
	}

}
