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
package dev.sessionstarter.core.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * How the web adapters tell an API call from a page request, and which page a form post
 * returns to, the same on servlet and reactive nodes: an API call gets a status and a
 * JSON body, a page request a redirect.
 *
 * @author session-starter
 */
public final class PageRequests {

	private PageRequests() {
	}

	/**
	 * Whether a request is an API call: it asks for JSON and not for a page, or says it
	 * is an {@code XMLHttpRequest}. (A request with a bearer token is one too; the
	 * adapters check that themselves.)
	 * @param accept its {@code Accept} header
	 * @param requestedWith its {@code X-Requested-With} header
	 * @return whether it is an API call
	 */
	public static boolean isApiCall(@Nullable String accept, @Nullable String requestedWith) {
		return "XMLHttpRequest".equals(requestedWith)
				|| (accept != null && accept.contains("application/json") && !accept.contains("text/html"));
	}

	/**
	 * The page a request came from, when its {@code Referer} is on the request's own
	 * origin and names a path of it: where a form post that cannot be carried out now
	 * sends the user back to (the form is shown again, never replayed).
	 * @param referer the request's {@code Referer} header
	 * @param scheme the request's scheme
	 * @param host the request's host
	 * @param port the request's port, or {@code -1} for its scheme's default
	 * @return the raw path and query of the page, or {@code null}
	 */
	public static @Nullable String sameOriginPage(@Nullable String referer, String scheme, String host, int port) {
		if (referer == null) {
			return null;
		}
		try {
			URI uri = URI.create(referer);
			boolean same = scheme.equalsIgnoreCase(uri.getScheme()) && host.equalsIgnoreCase(uri.getHost())
					&& portOf(scheme, port) == portOf(uri.getScheme(), uri.getPort());
			String path = uri.getRawPath();
			if (!same || path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("\\")) {
				return null;
			}
			return path + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static int portOf(@Nullable String scheme, int port) {
		return (port != -1) ? port : ("https".equalsIgnoreCase(scheme) ? 443 : 80);
	}

}
