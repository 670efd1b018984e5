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
package dev.sessionstarter.core.oauth2;

import dev.sessionstarter.core.web.PageRequests;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * What the servlet and the reactive adapters do when an identity provider refuses to
 * refresh a session's tokens ({@code invalid_grant}: the user was signed out there, the
 * refresh token was revoked or has expired): the session ends, an API call gets 401 with
 * {@link #API_BODY} (see {@link PageRequests#isApiCall}), and a page is asked for again,
 * so that the now anonymous request starts a new login. A new login gets new tokens, so
 * this cannot loop.
 *
 * @author session-starter
 */
public final class RefusedRefresh {

	/** The body of the 401 an API call gets. */
	public static final String API_BODY = "{\"error\":\"session_ended\",\"error_description\":"
			+ "\"The identity provider refused to refresh the session's tokens; sign in again.\"}";

	private RefusedRefresh() {
	}

	/**
	 * Whether a failure is, or was caused by, the provider's refusal of a refresh token.
	 * @param failure the failure
	 * @return whether it is an {@code invalid_grant}
	 */
	public static boolean isRefusedGrant(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof OAuth2AuthorizationException refused
					&& OAuth2ErrorCodes.INVALID_GRANT.equals(refused.getError().getErrorCode())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Where a page request is sent after its session ended: the page asked for, for a
	 * {@code GET}; otherwise, and for any path that would leave the site, the
	 * application's root.
	 * @param get whether the request is a {@code GET}
	 * @param path the request's path, with the context path
	 * @param query its raw query, or {@code null}
	 * @param contextPath the application's context path ({@code ""} at the root)
	 * @return the redirect's target
	 */
	public static String redirectTarget(boolean get, String path, @Nullable String query, String contextPath) {
		// "//host/..." or "/\host" would send the browser to another site.
		if (!get || !path.startsWith("/") || path.startsWith("//") || path.contains("\\")) {
			return contextPath + "/";
		}
		return path + ((query != null) ? "?" + query : "");
	}

}
