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

import org.jspecify.annotations.Nullable;

/**
 * What a user may see about one of their remembered devices. It holds a non-secret
 * {@link #reference() reference}: neither the device's credential, nor any part of it,
 * nor a hash that finds it in Redis.
 *
 * @param reference handle to revoke this device ({@code device:<SHA-256 of its chain
 * id>}), accepted where session references are
 * @param created when the login that asked to remember it happened
 * @param lastUsed when the device last signed in again, or {@code null} if it has not yet
 * @param absoluteDeadline when the device is forgotten whatever happens (using it never
 * moves this)
 * @param userAgent summary of the browser that asked to be remembered, if recorded
 * @param clientIp client address at that login, if recorded
 * @param current whether this is the device of the session that asked for the list (the
 * browser the user is looking from)
 * @author session-starter
 */
public record RememberedDeviceInfo(String reference, Instant created, @Nullable Instant lastUsed,
		Instant absoluteDeadline, @Nullable String userAgent, @Nullable String clientIp, boolean current) {

	/**
	 * This device, marked as the one the list is shown on.
	 * @return a copy with {@link #current()} set
	 */
	public RememberedDeviceInfo asCurrent() {
		return new RememberedDeviceInfo(this.reference, this.created, this.lastUsed, this.absoluteDeadline,
				this.userAgent, this.clientIp, true);
	}

}
