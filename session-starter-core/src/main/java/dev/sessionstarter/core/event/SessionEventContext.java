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

package dev.sessionstarter.core.event;

import org.jspecify.annotations.Nullable;

/**
 * The client of the request in which a session event happened.
 *
 * @param clientIp the client's IP address, if known
 * @param userAgent a short summary of the client's user agent, if known
 * @author session-starter
 */
public record SessionEventContext(@Nullable String clientIp, @Nullable String userAgent) {

	/**
	 * No request, for example a revocation from a scheduled job.
	 */
	public static final SessionEventContext NONE = new SessionEventContext(null, null);

}
