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

package dev.sessionstarter.core.security;

import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The one place that decides when a new authentication gives a session a new token, for
 * the servlet and the reactive side alike: at login, and when an authenticated
 * principal's authorities change or a different principal is saved into an authenticated
 * session (OWASP: "renew the session id on any privilege level change").
 *
 * @author session-starter
 */
public final class PrivilegeChange {

	private PrivilegeChange() {
	}

	/**
	 * Whether saving {@code after} in place of {@code before} is a login.
	 * @param before the authentication the session held, if any
	 * @param after the authentication saved now, if any
	 * @return whether an unauthenticated session becomes authenticated
	 */
	public static boolean isLogin(@Nullable Authentication before, @Nullable Authentication after) {
		return !isAuthenticated(before) && isAuthenticated(after);
	}

	/**
	 * Whether saving {@code after} in place of {@code before} changes the privileges of
	 * an authenticated session.
	 * @param before the authentication the session held, if any
	 * @param after the authentication saved now, if any
	 * @return whether both are authenticated and the principal or the authorities differ
	 */
	public static boolean isPrivilegeChange(@Nullable Authentication before, @Nullable Authentication after) {
		if (!isAuthenticated(before) || !isAuthenticated(after)) {
			// A login is decided by isLogin; a logout ends the session.
			return false;
		}
		if (!Objects.equals(before.getName(), after.getName())) {
			return true;
		}
		Set<String> previous = AuthorityUtils.authorityListToSet(before.getAuthorities());
		Set<String> current = AuthorityUtils.authorityListToSet(after.getAuthorities());
		return !previous.equals(current);
	}

	private static boolean isAuthenticated(@Nullable Authentication authentication) {
		return authentication != null && authentication.isAuthenticated();
	}

}
