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

package dev.sessionstarter.core.token;

/**
 * Where session tokens travel.
 *
 * @author session-starter
 */
public enum TokenTransport {

	/** Only the session cookie. */
	COOKIE,

	/**
	 * Only {@code Authorization: Bearer}; new tokens are sent in a response header.
	 */
	HEADER,

	/** Both; a request that presents two different tokens has no session. */
	BOTH;

	/**
	 * Whether tokens travel in the session cookie.
	 * @return whether they do
	 */
	public boolean cookie() {
		return this != HEADER;
	}

	/**
	 * Whether tokens travel in an {@code Authorization: Bearer} header.
	 * @return whether they do
	 */
	public boolean header() {
		return this != COOKIE;
	}

}
