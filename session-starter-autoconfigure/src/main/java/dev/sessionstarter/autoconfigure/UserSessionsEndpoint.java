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

import java.security.Principal;
import java.util.List;

import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.store.RememberedDeviceInfo;
import dev.sessionstarter.core.store.SessionInfo;
import dev.sessionstarter.core.store.UserSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * Actuator endpoint {@code usersessions} for operators: list a user's sessions
 * ({@code GET /actuator/usersessions/{username}}) and remembered devices ({@code GET
 * /actuator/usersessions/{username}/devices}), end one session or revoke one device
 * ({@code DELETE /actuator/usersessions/{username}/{reference}}), or end all sessions
 * ({@code DELETE /actuator/usersessions/{username}}, which voids the remembered devices
 * too). Like every endpoint but health, it is not exposed over the web unless the
 * application says so ({@code management.endpoints.web.exposure.include}), and it must be
 * secured as an administrative interface.
 *
 * @author session-starter
 */
@Endpoint(id = "usersessions")
public class UserSessionsEndpoint {

	private final UserSessions userSessions;

	/**
	 * Create a new endpoint.
	 * @param userSessions the user sessions
	 */
	public UserSessionsEndpoint(UserSessions userSessions) {
		this.userSessions = userSessions;
	}

	/**
	 * List a user's live sessions.
	 * @param username the user
	 * @return the sessions
	 */
	@ReadOperation
	public List<SessionInfo> sessions(@Selector String username) {
		return this.userSessions.list(username, null);
	}

	/**
	 * List a user's remembered devices.
	 * @param username the user
	 * @param devices {@code devices}
	 * @return the devices, or {@code null} (404) for another second path segment
	 */
	@ReadOperation
	public @Nullable List<RememberedDeviceInfo> devices(@Selector String username, @Selector String devices) {
		return "devices".equals(devices) ? this.userSessions.rememberedDevices(username) : null;
	}

	/**
	 * End every session of a user.
	 * @param caller who asks
	 * @param username the user
	 * @return the references of the sessions ended
	 */
	@DeleteOperation
	public List<String> revokeAll(SecurityContext caller, @Selector String username) {
		return this.userSessions.revokeAll(username, administrator(caller), SessionRevokedEvent.Reason.ADMINISTRATOR);
	}

	/**
	 * End one session of a user, or revoke one of their remembered devices (which ends
	 * the sessions it belongs to).
	 * @param caller who asks
	 * @param username the user
	 * @param reference the session's or the device's reference
	 * @return whether a session was ended or a device revoked
	 */
	@DeleteOperation
	public boolean revoke(SecurityContext caller, @Selector String username, @Selector String reference) {
		return this.userSessions.revoke(username, reference, administrator(caller),
				SessionRevokedEvent.Reason.ADMINISTRATOR);
	}

	private static String administrator(SecurityContext caller) {
		Principal principal = caller.getPrincipal();
		// Recorded in revocation events; "actuator" when the endpoint is not secured.
		return (principal != null) ? principal.getName() : "actuator";
	}

}
