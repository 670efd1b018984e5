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
package dev.sessionstarter.sample.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.sessionstarter.core.security.CredentialsChangedEvent;
import dev.sessionstarter.servlet.security.RotatingSecurityContextRepository;
import dev.sessionstarter.servlet.security.SessionRevoker;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionInfo;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.web.ClientDevice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The signed-in user's pages: the current session's deadlines, "Your sessions" with
 * revocation of sessions and remembered devices, and a step-up that grants the admin role
 * and so gives the session a new token.
 *
 * @author session-starter
 */
@Controller
class AccountController {

	private final RedisSessionStore store;

	private final UserSessions userSessions;

	private final RotatingSecurityContextRepository securityContextRepository;

	private final SessionRevoker sessionRevoker;

	private final InMemoryUserDetailsManager users;

	private final PasswordEncoder passwordEncoder;

	AccountController(RedisSessionStore store, UserSessions userSessions,
			RotatingSecurityContextRepository securityContextRepository, SessionRevoker sessionRevoker,
			InMemoryUserDetailsManager users, PasswordEncoder passwordEncoder) {
		this.store = store;
		this.userSessions = userSessions;
		this.securityContextRepository = securityContextRepository;
		this.sessionRevoker = sessionRevoker;
		this.users = users;
		this.passwordEncoder = passwordEncoder;
	}

	@GetMapping("/account")
	String account(Authentication authentication, HttpServletRequest request, Model model) {
		StoredSession session = this.store.findById(request.getSession().getId());
		model.addAttribute("name", authentication.getName());
		model.addAttribute("roles", roles(authentication));
		model.addAttribute("current", (session != null) ? SessionView.of(session, true) : null);
		model.addAttribute("userAgent", ClientDevice.summarize(request.getHeader(HttpHeaders.USER_AGENT)));
		return "account";
	}

	@GetMapping("/account/sessions")
	String sessions(@RequestParam(required = false) @Nullable Integer ended, Authentication authentication,
			HttpServletRequest request, Model model) {
		List<SessionView> sessions = new ArrayList<>();
		for (SessionInfo session : this.userSessions.list(authentication.getName(), request.getSession().getId())) {
			sessions.add(SessionView.of(session));
		}
		sessions.sort(Comparator.comparing(SessionView::current).reversed());
		model.addAttribute("name", authentication.getName());
		model.addAttribute("sessions", sessions);
		model.addAttribute("devices",
				this.userSessions
					.rememberedDevices(authentication.getName(),
							(request.getSession()
								.getAttribute(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE) instanceof String device)
										? device : null)
					.stream()
					.map(SessionView.Device::of)
					.toList());
		model.addAttribute("message", (ended != null) ? "Signed out " + ended + " session(s)." : null);
		return "sessions";
	}

	@PostMapping("/account/sessions/revoke")
	String revoke(@RequestParam String reference, Authentication authentication) {
		// UserSessions ends a session (or forgets a remembered device, and ends the
		// sessions it belongs to) only if it belongs to the given user: one user can
		// never
		// end another user's session by guessing or copying a reference.
		boolean ended = this.userSessions.revoke(authentication.getName(), reference);
		return "redirect:/account/sessions?ended=" + (ended ? 1 : 0);
	}

	@PostMapping("/account/sessions/revoke-others")
	String revokeOthers(Authentication authentication, HttpServletRequest request) {
		int ended = this.userSessions.revokeOthers(authentication.getName(), request.getSession().getId()).size();
		return "redirect:/account/sessions?ended=" + ended;
	}

	@PostMapping("/account/sessions/revoke-all")
	String revokeAll(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
		this.userSessions.revokeAll(authentication.getName());
		// The current session is gone in Redis; a normal logout also clears the cookie.
		new SecurityContextLogoutHandler().logout(request, response, authentication);
		return "redirect:/login?logout";
	}

	@PostMapping("/account/password")
	String changePassword(@RequestParam String currentPassword, @RequestParam String newPassword,
			Authentication authentication, HttpServletRequest request) {
		String name = authentication.getName();
		// The identity provider keeps the password of a user it signed in.
		if (authentication instanceof OAuth2AuthenticationToken || newPassword.length() < 8
				|| !this.passwordEncoder.matches(currentPassword, this.users.loadUserByUsername(name).getPassword())) {
			return "redirect:/account?password=refused";
		}
		this.users.changePassword(currentPassword, this.passwordEncoder.encode(newPassword));
		// The documented call: every other session of this user ends, this one gets a new
		// token.
		int ended = this.sessionRevoker
			.credentialsChanged(request, name, CredentialsChangedEvent.Reason.PASSWORD_CHANGED)
			.size();
		return "redirect:/account/sessions?ended=" + ended;
	}

	@PostMapping("/account/step-up")
	String stepUp(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
		// A real application would ask for a password or a second factor here.
		List<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
		if (authorities.stream().noneMatch((authority) -> "ROLE_ADMIN".equals(authority.getAuthority()))) {
			authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
			Authentication elevated = elevated(authentication, authorities);
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(elevated);
			SecurityContextHolder.setContext(context);
			// Saving through the rotating repository gives the session a new token: a
			// token captured before the step-up never carries the admin role.
			this.securityContextRepository.saveContext(context, request, response);
		}
		return "redirect:/admin";
	}

	/**
	 * The same sign-in with more authorities; one from the identity provider stays one,
	 * so that logout still ends the provider's session too.
	 */
	private static Authentication elevated(Authentication authentication, List<GrantedAuthority> authorities) {
		if (authentication instanceof OAuth2AuthenticationToken provider) {
			return new OAuth2AuthenticationToken(provider.getPrincipal(), authorities,
					provider.getAuthorizedClientRegistrationId());
		}
		return UsernamePasswordAuthenticationToken.authenticated(authentication.getPrincipal(), null, authorities);
	}

	static List<String> roles(Authentication authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
	}

}
