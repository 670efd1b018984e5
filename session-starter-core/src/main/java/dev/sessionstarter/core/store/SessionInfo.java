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
 * What a user may see about one of their sessions. It holds a non-secret
 * {@link #reference() reference}, never a token.
 *
 * @param reference handle to end this session ({@code ref:<storage id>})
 * @param created when the session was created
 * @param lastAccessed the last recorded request (at most one touch interval old)
 * @param idleDeadline when the session ends unless used again
 * @param absoluteDeadline when the session ends whatever happens
 * @param userAgent summary of the browser or client that logged in, if recorded
 * @param clientIp client address at login, if recorded
 * @param provider the identity provider (OAuth 2.0 client registration id) the user
 * signed in with, or {@code null} for other logins
 * @param current whether this is the session of the request that asked
 * @param deviceBound whether the session is bound to a key its browser holds (Device
 * Bound Session Credentials)
 * @param rememberedDevice the reference of the remembered device the session belongs to
 * (see {@link RememberedDeviceInfo#reference()}): its login asked to remember the device,
 * or the device signed it in; revoking the device ends the session too. {@code null} for
 * other sessions.
 * @author session-starter
 */
public record SessionInfo(String reference, Instant created, Instant lastAccessed, Instant idleDeadline,
		Instant absoluteDeadline, @Nullable String userAgent, @Nullable String clientIp, @Nullable String provider,
		boolean current, boolean deviceBound, @Nullable String rememberedDevice) {

}
