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

package dev.sessionstarter.servlet;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

import dev.sessionstarter.core.store.ApiTokenReplies;
import dev.sessionstarter.core.store.TokenFamilies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP face of {@link TokenFamilies}: a token endpoint ({@code POST <base>/token},
 * shaped like RFC 6749 with the {@code password} and {@code refresh_token} grants), a
 * revocation endpoint ({@code POST <base>/revoke}, RFC 7009) and an introspection
 * endpoint ({@code POST <base>/introspect}, RFC 7662) for resource servers, which must be
 * authenticated and hold the introspection authority.
 *
 * <p>
 * A filter ahead of Spring Security rather than a controller: the endpoints take no
 * cookies and create no session, so CSRF protection and the application's authorization
 * rules have nothing to guard, and they work without Spring MVC. Parameters are read from
 * the form body only (never from the URL, where tokens and passwords would end up in
 * logs), each at most once. Bad requests get RFC 6749 §5.2 errors with status 400; a
 * store outage surfaces as 503 through {@link SessionStoreUnavailableFilter}.
 *
 * @author session-starter
 */
public class ApiTokenEndpoints extends OncePerRequestFilter {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String basePath;

	private final TokenFamilies families;

	private final Supplier<AuthenticationManager> authenticationManager;

	private final String introspectionAuthority;

	/**
	 * Create a new instance.
	 * @param basePath the path the endpoints live under, e.g. {@code /oauth2}
	 * @param families the token families
	 * @param authenticationManager authenticates the password grant (resolved on first
	 * use)
	 * @param introspectionAuthority the authority a caller of the introspection endpoint
	 * must hold
	 */
	public ApiTokenEndpoints(String basePath, TokenFamilies families,
			Supplier<AuthenticationManager> authenticationManager, String introspectionAuthority) {
		this.basePath = basePath;
		this.families = families;
		this.authenticationManager = authenticationManager;
		this.introspectionAuthority = introspectionAuthority;
	}

	/**
	 * Resolve the authentication manager now, failing if there is none.
	 * @throws IllegalStateException if no authentication manager can be obtained
	 */
	public void checkAuthenticationManager() {
		if (this.authenticationManager.get() == null) {
			throw new IllegalStateException("API tokens need an AuthenticationManager");
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return endpoint(request) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		if (!HttpMethod.POST.matches(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
			response.setStatus(HttpStatus.METHOD_NOT_ALLOWED.value());
			return;
		}
		String problem = checkForm(request);
		if (problem != null) {
			error(response, "invalid_request", problem);
			return;
		}
		switch (String.valueOf(endpoint(request))) {
			case "token" -> token(request, response);
			case "revoke" -> revoke(request, response);
			default -> introspect(request, response);
		}
	}

	private @Nullable String endpoint(HttpServletRequest request) {
		return ApiTokenReplies.endpoint(request.getRequestURI().substring(request.getContextPath().length()),
				this.basePath);
	}

	private static @Nullable String checkForm(HttpServletRequest request) {
		if (request.getQueryString() != null) {
			return "parameters belong in the request body, not the URL";
		}
		if (!ApiTokenReplies.isForm(request.getContentType())) {
			return "the body must be application/x-www-form-urlencoded";
		}
		Map<String, String[]> parameters;
		try {
			parameters = request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			// Tomcat refuses bodies it cannot decode (e.g. "%zz") with an exception.
			return "the body is not a valid form";
		}
		for (String[] values : parameters.values()) {
			if (values.length > 1) {
				return "a parameter was sent more than once";
			}
		}
		return null;
	}

	private void token(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String grantType = request.getParameter("grant_type");
		TokenFamilies.Tokens tokens;
		if ("password".equals(grantType)) {
			String username = request.getParameter("username");
			String password = request.getParameter("password");
			if (username == null || password == null) {
				error(response, "invalid_request", "username and password are required");
				return;
			}
			tokens = login(username, password);
		}
		else if ("refresh_token".equals(grantType)) {
			String refreshToken = request.getParameter("refresh_token");
			if (refreshToken == null) {
				error(response, "invalid_request", "refresh_token is required");
				return;
			}
			tokens = this.families.refresh(refreshToken);
		}
		else {
			error(response, (grantType != null) ? "unsupported_grant_type" : "invalid_request",
					"grant_type must be 'password' or 'refresh_token'");
			return;
		}
		if (tokens == null) {
			error(response, "invalid_grant", "the credentials or the refresh token are not valid");
			return;
		}
		write(response, HttpStatus.OK, ApiTokenReplies.tokens(tokens));
	}

	private TokenFamilies.@Nullable Tokens login(String username, String password) {
		Authentication authentication;
		try {
			authentication = this.authenticationManager.get()
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
		}
		catch (AuthenticationException ex) {
			return null;
		}
		if (authentication == null || !authentication.isAuthenticated()) {
			return null;
		}
		if (authentication.getCredentials() != null) {
			// The password must not travel into the stored security context.
			authentication = UsernamePasswordAuthenticationToken.authenticated(authentication.getPrincipal(), null,
					authentication.getAuthorities());
		}
		return this.families.issue(authentication.getName(), new SecurityContextImpl(authentication));
	}

	private void revoke(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String token = request.getParameter("token");
		if (token == null) {
			error(response, "invalid_request", "token is required");
			return;
		}
		// RFC 7009 §2.2: the answer is the same whether or not the token was valid.
		this.families.revoke(token);
		response.setStatus(HttpStatus.OK.value());
	}

	private void introspect(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Authentication caller = caller(request);
		if (caller == null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			return;
		}
		if (!ApiTokenReplies.mayIntrospect(caller, this.introspectionAuthority)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
			response.setStatus(HttpStatus.FORBIDDEN.value());
			return;
		}
		String token = request.getParameter("token");
		if (token == null) {
			error(response, "invalid_request", "token is required");
			return;
		}
		write(response, HttpStatus.OK, ApiTokenReplies.introspection(this.families.introspect(token)));
	}

	private static @Nullable Authentication caller(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Object context = (session != null)
				? session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) : null;
		if (context instanceof SecurityContext securityContext && securityContext.getAuthentication() != null
				&& securityContext.getAuthentication().isAuthenticated()) {
			return securityContext.getAuthentication();
		}
		return null;
	}

	private static void error(HttpServletResponse response, String code, String description) throws IOException {
		write(response, HttpStatus.BAD_REQUEST, ApiTokenReplies.error(code, description));
	}

	private static void write(HttpServletResponse response, HttpStatus status, Map<String, Object> body)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), body);
	}

}
