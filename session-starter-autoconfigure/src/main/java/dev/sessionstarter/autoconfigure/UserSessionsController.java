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

package dev.sessionstarter.autoconfigure;

import java.util.List;

import dev.sessionstarter.core.store.RememberedDeviceInfo;
import dev.sessionstarter.core.store.SessionInfo;
import dev.sessionstarter.core.store.UserSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The self-service API (opt-in, {@code session-starter.self-service.enabled}): a
 * signed-in user lists their own sessions and ends one, all others, or all, and lists
 * their remembered devices ({@code GET .../devices}) and revokes one ({@code DELETE
 * .../{reference}} with the device's reference, which also ends the sessions it belongs
 * to). A user can only ever reach their own sessions and devices: the principal comes
 * from the authentication, never from the request, and a reference that is not in the
 * user's own list is answered with 403.
 *
 * @author session-starter
 */
@RestController
@RequestMapping("${session-starter.self-service.path:/sessions}")
public class UserSessionsController {

	private final UserSessions userSessions;

	/**
	 * Create a new controller.
	 * @param userSessions the user sessions
	 */
	public UserSessionsController(UserSessions userSessions) {
		this.userSessions = userSessions;
	}

	/**
	 * The caller's live sessions.
	 * @param authentication the caller
	 * @param request the request
	 * @return the sessions
	 */
	@GetMapping
	public ResponseEntity<List<SessionInfo>> list(@Nullable Authentication authentication, HttpServletRequest request) {
		if (!isAuthenticated(authentication)) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
		}
		return ResponseEntity.ok(this.userSessions.list(authentication.getName(), currentToken(request)));
	}

	/**
	 * The caller's remembered devices (none when remembered devices are off); the one the
	 * calling session belongs to is marked {@code current}.
	 * @param authentication the caller
	 * @param request the request
	 * @return the devices
	 */
	@GetMapping("/devices")
	public ResponseEntity<List<RememberedDeviceInfo>> devices(@Nullable Authentication authentication,
			HttpServletRequest request) {
		if (!isAuthenticated(authentication)) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
		}
		return ResponseEntity.ok(this.userSessions.rememberedDevices(authentication.getName(), currentDevice(request)));
	}

	/**
	 * End one of the caller's sessions, or revoke one of their remembered devices.
	 * @param reference the session's or the device's reference
	 * @param authentication the caller
	 * @return 204, or 403 when the reference is not one of the caller's sessions or
	 * devices
	 */
	@DeleteMapping("/{reference}")
	public ResponseEntity<Void> revoke(@PathVariable String reference, @Nullable Authentication authentication) {
		if (!isAuthenticated(authentication)) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
		}
		// The revoke script ends the session (the device script forgets the device) only
		// if it belongs to the caller.
		if (!this.userSessions.revoke(authentication.getName(), reference)) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * End all other sessions of the caller ({@code scope=others}, the default) or all of
	 * them ({@code scope=all}).
	 * @param scope {@code others} or {@code all}
	 * @param authentication the caller
	 * @param request the request
	 * @return 204, or 400 for an unknown scope
	 */
	@DeleteMapping
	public ResponseEntity<Void> revokeMany(@RequestParam(defaultValue = "others") String scope,
			@Nullable Authentication authentication, HttpServletRequest request) {
		if (!isAuthenticated(authentication)) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
		}
		String current = currentToken(request);
		if ("all".equals(scope) || ("others".equals(scope) && current == null)) {
			this.userSessions.revokeAll(authentication.getName());
		}
		else if ("others".equals(scope)) {
			this.userSessions.revokeOthers(authentication.getName(), current);
		}
		else {
			return ResponseEntity.badRequest().build();
		}
		return ResponseEntity.noContent().build();
	}

	private static boolean isAuthenticated(@Nullable Authentication authentication) {
		return authentication != null && authentication.isAuthenticated();
	}

	/**
	 * The device the calling session belongs to, read from the session already loaded (no
	 * Redis call), not from the device cookie.
	 */
	private static @Nullable String currentDevice(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null
				&& session.getAttribute(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE) instanceof String reference)
						? reference : null;
	}

	private static @Nullable String currentToken(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null) ? session.getId() : null;
	}

}
