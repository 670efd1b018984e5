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

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;

/**
 * What the API token endpoints answer, whatever the web stack: the names of the endpoints
 * under their base path and the JSON bodies of their replies (RFC 6749 token responses
 * and errors, RFC 7662 introspection).
 *
 * @author session-starter
 */
public final class ApiTokenReplies {

	private ApiTokenReplies() {
	}

	/**
	 * The endpoint a request path names.
	 * @param path the request path, without the context path
	 * @param basePath the endpoints' base path, e.g. {@code /oauth2}
	 * @return {@code token}, {@code revoke} or {@code introspect}, or {@code null} for
	 * any other path
	 */
	public static @Nullable String endpoint(String path, String basePath) {
		if (!path.startsWith(basePath + "/")) {
			return null;
		}
		String name = path.substring(basePath.length() + 1);
		return switch (name) {
			case "token", "revoke", "introspect" -> name;
			default -> null;
		};
	}

	/**
	 * Whether a request body is a form, the only body the endpoints read (uses Spring
	 * Web's {@code MediaType}, which both web adapters have).
	 * @param contentType the request's {@code Content-Type}
	 * @return whether it is {@code application/x-www-form-urlencoded}
	 */
	public static boolean isForm(@Nullable String contentType) {
		try {
			return contentType != null
					&& MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * Whether a caller may use the introspection endpoint.
	 * @param caller the authenticated caller
	 * @param introspectionAuthority the authority it must hold
	 * @return whether it holds it
	 */
	public static boolean mayIntrospect(Authentication caller, String introspectionAuthority) {
		return caller.getAuthorities()
			.stream()
			.anyMatch((authority) -> introspectionAuthority.equals(authority.getAuthority()));
	}

	/**
	 * A successful token response.
	 * @param tokens the issued pair
	 * @return the body
	 */
	public static Map<String, Object> tokens(TokenFamilies.Tokens tokens) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", tokens.accessToken());
		body.put("token_type", "Bearer");
		body.put("expires_in", tokens.expiresIn().toSeconds());
		body.put("refresh_token", tokens.refreshToken());
		return body;
	}

	/**
	 * An introspection response.
	 * @param introspection what the token is, or {@code null} if it is not active
	 * @return the body
	 */
	public static Map<String, Object> introspection(TokenFamilies.@Nullable Introspection introspection) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("active", introspection != null);
		if (introspection != null) {
			// Resource servers must accept only "Bearer": a refresh token is active too,
			// but never an access token.
			body.put("token_type",
					(introspection.type() == TokenFamilies.TokenType.ACCESS_TOKEN) ? "Bearer" : "refresh_token");
			body.put("username", introspection.principal());
			body.put("sub", introspection.principal());
			body.put("iat", introspection.issuedAt().getEpochSecond());
			body.put("exp", introspection.expiresAt().getEpochSecond());
		}
		return body;
	}

	/**
	 * An RFC 6749 §5.2 error, sent with status 400.
	 * @param code the error code, e.g. {@code invalid_grant}
	 * @param description what was wrong, for the developer
	 * @return the body
	 */
	public static Map<String, Object> error(String code, String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", code);
		body.put("error_description", description);
		return body;
	}

}
