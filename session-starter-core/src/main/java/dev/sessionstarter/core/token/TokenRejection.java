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
 * Why a presented token was rejected without a store call.
 *
 * @author session-starter
 */
public enum TokenRejection {

	/** Not exactly a token's length and alphabet. */
	MALFORMED("malformed"),

	/** Two different tokens in one request (cookies, or cookie and header). */
	AMBIGUOUS("ambiguous"),

	/** More than one {@code Authorization} header. */
	DUPLICATE_AUTHORIZATION("duplicate-authorization");

	private final String tagValue;

	TokenRejection(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * The reason's name in metrics and logs.
	 * @return the name, e.g. {@code malformed}
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
