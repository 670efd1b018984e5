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

package dev.sessionstarter.core.freshness;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * A denial for want of a recent enough authentication: Spring Security's
 * {@link FactorAuthorizationDecision} (so its own handlers read the factors that are
 * missing or expired), with the age that was asked for.
 *
 * @author session-starter
 */
public class RecentAuthenticationDecision extends FactorAuthorizationDecision {

	/** The error code of RFC 9470 (OAuth 2.0 Step Up Authentication Challenge). */
	public static final String ERROR = "insufficient_user_authentication";

	private static final long serialVersionUID = 1L;

	private static final String FACTOR_PREFIX = "FACTOR_";

	private final Duration maxAge;

	/**
	 * Create a new decision.
	 * @param factorErrors the factors that are missing or were proven too long ago; empty
	 * to grant
	 * @param maxAge how recent a proof had to be
	 */
	public RecentAuthenticationDecision(List<RequiredFactorError> factorErrors, Duration maxAge) {
		super(factorErrors);
		this.maxAge = maxAge;
	}

	/**
	 * The denial for want of a recent authentication behind a failure, if there is one.
	 * @param failure a failure, e.g. Spring Security's
	 * {@link AuthorizationDeniedException}
	 * @return the decision, or {@code null} when the failure is not such a denial
	 */
	public static @Nullable RecentAuthenticationDecision causeOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof AuthorizationDeniedException denied
					&& denied.getAuthorizationResult() instanceof RecentAuthenticationDecision decision) {
				return decision;
			}
		}
		return null;
	}

	/**
	 * How recent a proof had to be.
	 * @return the age
	 */
	public Duration getMaxAge() {
		return this.maxAge;
	}

	/**
	 * The {@code WWW-Authenticate} value of the 401 an API call gets: RFC 9470's
	 * {@code error="insufficient_user_authentication"}, with {@code max_age} and the
	 * factors asked for.
	 * @param scheme the authentication scheme, {@code Bearer} or {@code Session}
	 * @return the header value
	 */
	public String challenge(String scheme) {
		long maxAge = this.maxAge.toSeconds();
		return scheme + " error=\"" + ERROR + "\", error_description=\"" + description() + "\", max_age=" + maxAge
				+ ", factor=\""
				+ String.join(" ", getFactorErrors().stream().map(RecentAuthenticationDecision::type).toList()) + "\"";
	}

	/**
	 * The JSON body of the 401 an API call gets.
	 * @return the body
	 */
	public String errorBody() {
		return "{\"error\":\"" + ERROR + "\",\"error_description\":\"" + description() + "\",\"max_age\":"
				+ this.maxAge.toSeconds() + "}";
	}

	/**
	 * Where a page request goes to re-authenticate: the identity provider of an OAuth 2.0
	 * login ({@code /oauth2/authorization/{registrationId}}) when that factor is asked
	 * for, otherwise the login page with Spring Security's {@code factor.type} and
	 * {@code factor.reason} parameters.
	 * @param contextPath the application's context path ({@code ""} at the root)
	 * @param loginPage the form login's page, e.g. {@code /login}
	 * @param provider the registration id of the session's OAuth 2.0 login, if any
	 * @return the path to redirect to
	 */
	public String reauthenticationPath(String contextPath, String loginPage, @Nullable String provider) {
		boolean viaProvider = provider != null && getFactorErrors().stream()
			.anyMatch((error) -> FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY
				.equals(error.getRequiredFactor().getAuthority()));
		if (viaProvider) {
			return contextPath + "/oauth2/authorization/" + provider;
		}
		StringBuilder target = new StringBuilder(contextPath).append(loginPage);
		char separator = loginPage.contains("?") ? '&' : '?';
		for (RequiredFactorError error : getFactorErrors()) {
			target.append(separator).append("factor.type=").append(encode(type(error)));
			target.append("&factor.reason=").append(error.isExpired() ? "expired" : "missing");
			separator = '&';
		}
		return target.toString();
	}

	private String description() {
		return "A login within the last " + this.maxAge.toSeconds() + " seconds is required";
	}

	private static String type(RequiredFactorError error) {
		String authority = error.getRequiredFactor().getAuthority();
		String type = authority.startsWith(FACTOR_PREFIX) ? authority.substring(FACTOR_PREFIX.length()) : authority;
		return type.toLowerCase(Locale.ROOT);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
