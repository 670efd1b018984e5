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

package dev.sessionstarter.reactive.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;

/**
 * The security context as a session may hold it: without the password or password hash
 * that Spring Security's reactive authentication managers leave in an authentication and
 * its principal (the servlet {@code ProviderManager} erases them after a login).
 *
 * <p>
 * The usual shape, a {@link UsernamePasswordAuthenticationToken} of a {@link User}, is
 * copied, because reactive user services may hand out the very {@code User} they keep
 * (after a password upgrade), and erasing it would break the next login. Other
 * authentications that can erase their credentials do so in place, as on the servlet
 * side.
 *
 * @author session-starter
 */
final class CredentialsFreeContext {

	private CredentialsFreeContext() {
	}

	/**
	 * The context to store.
	 * @param context the context being saved
	 * @param login whether a login saves it: a password login then gets the
	 * {@code FACTOR_PASSWORD} authority that the servlet side's authentication providers
	 * add and Spring Security's reactive authentication managers do not, so that its
	 * proof is recorded and the session looks the same to every node
	 * @return the context without credentials
	 */
	static SecurityContext of(SecurityContext context, boolean login) {
		Authentication authentication = context.getAuthentication();
		if (authentication != null && authentication.getClass() == UsernamePasswordAuthenticationToken.class
				&& authentication.isAuthenticated()) {
			List<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
			if (login && authorities.stream().noneMatch(FactorGrantedAuthority.class::isInstance)) {
				authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY));
			}
			Object principal = authentication.getPrincipal();
			if (principal instanceof User user && user.getPassword() != null) {
				User copy = (User) User.withUserDetails(user).build();
				copy.eraseCredentials();
				principal = copy;
			}
			UsernamePasswordAuthenticationToken stored = UsernamePasswordAuthenticationToken.authenticated(principal,
					null, authorities);
			stored.setDetails(authentication.getDetails());
			return new SecurityContextImpl(stored);
		}
		if (authentication instanceof CredentialsContainer credentials) {
			credentials.eraseCredentials();
		}
		return context;
	}

}
