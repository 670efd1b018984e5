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

package dev.sessionstarter.autoconfigure;

import dev.sessionstarter.core.token.TokenTransport;
import java.time.Duration;

import dev.sessionstarter.autoconfigure.SessionStarterProperties.Cookie;
import dev.sessionstarter.autoconfigure.SessionStarterProperties.SameSite;
import dev.sessionstarter.autoconfigure.SessionStarterProperties.Timeout;

import dev.sessionstarter.core.store.SessionTimeouts;
import dev.sessionstarter.servlet.SessionTokenResolver;

import org.springframework.util.StringUtils;

/**
 * Refuses configurations that browsers would silently reject or that weaken sessions.
 *
 * @author session-starter
 */
final class SessionStarterPropertiesValidator {

	private static final String PREFIX = "session-starter.";

	private SessionStarterPropertiesValidator() {
	}

	static void validate(SessionStarterProperties properties) {
		validateTimeouts(properties.getTimeout());
		validateCookie(properties.getCookie());
		validateRotation(properties.getRotation());
		validateLogout(properties.getLogout());
		validateApiTokens(properties);
		validateTouchInterval(properties);
		String namespace = properties.getRedis().getNamespace();
		if (!StringUtils.hasText(namespace) || namespace.contains("{") || namespace.contains("}")) {
			fail("redis.namespace", namespace, "it must be non-empty and free of '{' and '}' (Cluster hash tags)",
					"Set session-starter.redis.namespace to a plain prefix such as 'session-starter'.");
		}
		if (properties.getMaxSessionsPerUser() < 0) {
			fail("max-sessions-per-user", properties.getMaxSessionsPerUser(), "it must not be negative",
					"Set session-starter.max-sessions-per-user to 0 (no limit) or a positive number.");
		}
		String selfServicePath = properties.getSelfService().getPath();
		if (!selfServicePath.startsWith("/") || selfServicePath.endsWith("/")) {
			fail("self-service.path", selfServicePath, "it must start with '/' and not end with '/'",
					"Set session-starter.self-service.path to a path such as /sessions.");
		}
		validateRecentAuthentication(properties.getRecentAuthentication());
		if (properties.getAttributes().isJavaSerialization()
				&& properties.getAttributes().getAllowedTypes().isEmpty()) {
			fail("attributes.allowed-types", "[]", "Java serialization needs an allowlist of the classes it may read",
					"List your session attribute classes in session-starter.attributes.allowed-types, "
							+ "or turn session-starter.attributes.java-serialization off to store JSON.");
		}
	}

	private static void validateRecentAuthentication(SessionStarterProperties.RecentAuthentication recent) {
		String loginPage = recent.getLoginPage();
		// A page of this application only: "//host" would send users elsewhere to log in.
		if (!loginPage.startsWith("/") || loginPage.startsWith("//") || loginPage.contains("\\")
				|| loginPage.contains("?")) {
			fail("recent-authentication.login-page", loginPage,
					"it must be a path of this application, without a query",
					"Set session-starter.recent-authentication.login-page to your login page, such as /login.");
		}
		if (recent.getProviderClockSkew().isNegative()) {
			fail("recent-authentication.provider-clock-skew", recent.getProviderClockSkew(), "it must not be negative",
					"Set session-starter.recent-authentication.provider-clock-skew to a small duration such as 1m.");
		}
	}

	private static void validateApiTokens(SessionStarterProperties properties) {
		SessionStarterProperties.ApiTokens apiTokens = properties.getApiTokens();
		if (!apiTokens.isEnabled()) {
			return;
		}
		if (properties.getTransport() == TokenTransport.COOKIE) {
			fail("transport", "cookie", "API tokens are sent as 'Authorization: Bearer', which it does not read",
					"Set session-starter.transport to 'both' (browsers and API clients) or 'header'.");
		}
		String basePath = apiTokens.getBasePath();
		if (!basePath.startsWith("/") || basePath.endsWith("/")) {
			fail("api-tokens.base-path", basePath, "it must start with '/' and not end with '/'",
					"Set session-starter.api-tokens.base-path to a path such as /oauth2.");
		}
		if (apiTokens.getAccessTokenIdle().toMillis() <= 0
				|| apiTokens.getAccessTokenLifetime().compareTo(apiTokens.getAccessTokenIdle()) < 0) {
			fail("api-tokens.access-token-lifetime", describe(apiTokens.getAccessTokenLifetime()),
					"it must be at least session-starter.api-tokens.access-token-idle ("
							+ describe(apiTokens.getAccessTokenIdle()) + "), which must be positive",
					"Set session-starter.api-tokens.access-token-idle to e.g. 15m and the lifetime to e.g. 1h.");
		}
		if (apiTokens.getRefreshTokenLifetime().compareTo(apiTokens.getAccessTokenLifetime()) < 0) {
			fail("api-tokens.refresh-token-lifetime", describe(apiTokens.getRefreshTokenLifetime()),
					"it is shorter than session-starter.api-tokens.access-token-lifetime ("
							+ describe(apiTokens.getAccessTokenLifetime()) + ")",
					"Set session-starter.api-tokens.refresh-token-lifetime to days, e.g. 14d.");
		}
	}

	private static void validateRotation(SessionStarterProperties.Rotation rotation) {
		if (rotation.getGrace().isNegative()) {
			fail("rotation.grace", describe(rotation.getGrace()), "it must not be negative",
					"Set session-starter.rotation.grace to a few seconds, e.g. 5s.");
		}
		Duration interval = rotation.getInterval();
		if (interval != null && rotation.getGrace().compareTo(interval) >= 0) {
			fail("rotation.interval", describe(interval),
					"it must be longer than session-starter.rotation.grace (" + describe(rotation.getGrace()) + ")",
					"Set session-starter.rotation.interval to minutes or hours, e.g. 15m, or leave it unset.");
		}
	}

	private static void validateTimeouts(Timeout timeout) {
		if (timeout.getIdle().toMillis() <= 0) {
			fail("timeout.idle", describe(timeout.getIdle()), "it must be positive",
					"Set session-starter.timeout.idle to a positive duration such as 30m.");
		}
		if (timeout.getAbsolute().compareTo(timeout.getIdle()) < 0) {
			fail("timeout.absolute", describe(timeout.getAbsolute()),
					"it is shorter than session-starter.timeout.idle (" + describe(timeout.getIdle()) + ")",
					"Set session-starter.timeout.absolute to at least session-starter.timeout.idle, "
							+ "or lower the idle timeout.");
		}
	}

	private static void validateLogout(SessionStarterProperties.Logout logout) {
		SessionStarterProperties.ClearSiteData clearSiteData = logout.getClearSiteData();
		if (clearSiteData.isEnabled() && clearSiteData.getDirectives().isEmpty()) {
			fail("logout.clear-site-data.directives", "[]", "a Clear-Site-Data header needs at least one directive",
					"List directives such as cache, cookies, storage, or set "
							+ "session-starter.logout.clear-site-data.enabled=false to send no header.");
		}
	}

	private static void validateTouchInterval(SessionStarterProperties properties) {
		Duration touchInterval = properties.getTimeout().getTouchInterval();
		Duration shortestIdle = properties.shortestIdle();
		if (touchInterval != null && (touchInterval.isNegative() || touchInterval.compareTo(shortestIdle) >= 0)) {
			String derived = describe(SessionTimeouts.defaultTouchInterval(shortestIdle));
			String idle = (shortestIdle.equals(properties.getTimeout().getIdle())) ? "timeout.idle"
					: "api-tokens.access-token-idle";
			fail("timeout.touch-interval", describe(touchInterval),
					"it must be at least zero and shorter than session-starter." + idle + " (" + describe(shortestIdle)
							+ ")",
					"Set session-starter.timeout.touch-interval to a small fraction of the idle timeout, e.g. "
							+ derived + ", or remove it: unset, it is the smaller of 1m and a tenth of the idle "
							+ "timeout (" + derived + " here).");
		}
	}

	private static void validateCookie(Cookie cookie) {
		String name = cookie.getName();
		if (!StringUtils.hasText(name)) {
			fail("cookie.name", name, "it must not be empty", "Set session-starter.cookie.name, e.g. __Host-SID.");
		}
		boolean hostPrefix = name.startsWith("__Host-");
		if ((hostPrefix || name.startsWith("__Secure-")) && !cookie.isSecure()) {
			fail("cookie.secure", false, "browsers reject a '" + name + "' cookie that is not Secure",
					"Keep session-starter.cookie.secure=true (browsers treat http://localhost as secure), "
							+ "or choose a cookie name without the __Host-/__Secure- prefix.");
		}
		if (hostPrefix && StringUtils.hasText(cookie.getDomain())) {
			fail("cookie.domain", cookie.getDomain(), "browsers reject a '__Host-' cookie that has a Domain",
					"Remove session-starter.cookie.domain (host-only cookies are safer), "
							+ "or choose a cookie name without the __Host- prefix.");
		}
		if (hostPrefix && !"/".equals(cookie.getPath())) {
			fail("cookie.path", cookie.getPath(), "browsers reject a '__Host-' cookie whose Path is not /",
					"Set session-starter.cookie.path=/ or choose a cookie name without the __Host- prefix.");
		}
		if (cookie.getSameSite() == SameSite.NONE && !cookie.isSecure()) {
			fail("cookie.same-site", "none", "browsers reject SameSite=None on a cookie that is not Secure",
					"Set session-starter.cookie.secure=true, or use same-site lax or strict.");
		}
	}

	/**
	 * Writes a duration the way it is usually configured ({@code 30m}, {@code 8h}).
	 */
	static String describe(Duration duration) {
		long millis = duration.toMillis();
		if (millis != 0 && millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis != 0 && millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

	private static void fail(String property, Object value, String reason, String action) {
		throw new InvalidSessionConfigurationException(PREFIX + property, value, reason, action);
	}

}
