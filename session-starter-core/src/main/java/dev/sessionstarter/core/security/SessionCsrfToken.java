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

/**
 * Where the web adapters keep a session's CSRF token, the same for servlet and reactive
 * applications so that a form rendered by one node is accepted by another: only the
 * token's value, under a short attribute name, sent back in the header or form parameter
 * Spring Security reads by default.
 *
 * @author session-starter
 */
public final class SessionCsrfToken {

	/** The session attribute that holds the token's value. */
	public static final String ATTRIBUTE = "dev.sessionstarter.csrf";

	/** The request header that carries the token. */
	public static final String HEADER_NAME = "X-CSRF-TOKEN";

	/** The form parameter that carries the token. */
	public static final String PARAMETER_NAME = "_csrf";

	private SessionCsrfToken() {
	}

}
