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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.sessionstarter.core.store.SessionLimitPolicy;
import dev.sessionstarter.core.store.SessionRotation;
import dev.sessionstarter.core.store.SessionTimeouts;
import dev.sessionstarter.core.token.TokenTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.session.SaveMode;

/**
 * Configuration properties for session-starter.
 *
 * @author session-starter
 */
@ConfigurationProperties("session-starter")
public class SessionStarterProperties {

	private final Timeout timeout = new Timeout();

	private final Cookie cookie = new Cookie();

	/**
	 * Where session tokens travel: the session cookie, an "Authorization: Bearer" header,
	 * or both. Tokens in URLs are never read.
	 */
	private TokenTransport transport = TokenTransport.COOKIE;

	private final Header header = new Header();

	private final Rotation rotation = new Rotation();

	private final Logout logout = new Logout();

	private final NearCache nearCache = new NearCache();

	private final Redis redis = new Redis();

	private final Attributes attributes = new Attributes();

	/**
	 * Most live sessions one user may hold at once; 0 for no limit. Enforced atomically
	 * at login, so parallel logins cannot exceed it.
	 */
	private int maxSessionsPerUser;

	/**
	 * What happens when a user at the session limit logs in again.
	 */
	private SessionLimitPolicy whenExceeded = SessionLimitPolicy.EVICT_OLDEST;

	private final SelfService selfService = new SelfService();

	private final ApiTokens apiTokens = new ApiTokens();

	private final RecentAuthentication recentAuthentication = new RecentAuthentication();

	private final RememberDevice rememberDevice = new RememberDevice();

	/**
	 * Delay suggested to clients in the Retry-After header of the 503 answered while the
	 * session store is unreachable.
	 */
	private Duration retryAfter = Duration.ofSeconds(5);

	public Timeout getTimeout() {
		return this.timeout;
	}

	/**
	 * The touch interval the store uses: the configured one, or else the smaller of one
	 * minute and a tenth of the shortest idle timeout a session can have (API access
	 * tokens have their own, when they are enabled).
	 * @return the touch interval
	 */
	public Duration effectiveTouchInterval() {
		Duration touchInterval = this.timeout.getTouchInterval();
		return (touchInterval != null) ? touchInterval : SessionTimeouts.defaultTouchInterval(shortestIdle());
	}

	Duration shortestIdle() {
		Duration idle = this.timeout.getIdle();
		Duration accessTokenIdle = this.apiTokens.getAccessTokenIdle();
		return (this.apiTokens.isEnabled() && accessTokenIdle.compareTo(idle) < 0) ? accessTokenIdle : idle;
	}

	public Cookie getCookie() {
		return this.cookie;
	}

	public TokenTransport getTransport() {
		return this.transport;
	}

	public void setTransport(TokenTransport transport) {
		this.transport = transport;
	}

	public Header getHeader() {
		return this.header;
	}

	public Rotation getRotation() {
		return this.rotation;
	}

	public NearCache getNearCache() {
		return this.nearCache;
	}

	public Logout getLogout() {
		return this.logout;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Attributes getAttributes() {
		return this.attributes;
	}

	public int getMaxSessionsPerUser() {
		return this.maxSessionsPerUser;
	}

	public void setMaxSessionsPerUser(int maxSessionsPerUser) {
		this.maxSessionsPerUser = maxSessionsPerUser;
	}

	public SessionLimitPolicy getWhenExceeded() {
		return this.whenExceeded;
	}

	public void setWhenExceeded(SessionLimitPolicy whenExceeded) {
		this.whenExceeded = whenExceeded;
	}

	public ApiTokens getApiTokens() {
		return this.apiTokens;
	}

	public SelfService getSelfService() {
		return this.selfService;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	public RecentAuthentication getRecentAuthentication() {
		return this.recentAuthentication;
	}

	public RememberDevice getRememberDevice() {
		return this.rememberDevice;
	}

	/**
	 * "Remember this device": a long-lived second credential that signs the user in again
	 * when the session has ended.
	 */
	public static class RememberDevice {

		/**
		 * Whether a login may ask to remember the device (off by default).
		 */
		private boolean enabled;

		/**
		 * Name of the cookie that holds the device's credential.
		 */
		private String cookieName = "__Host-Device";

		/**
		 * How long a device is remembered after the login, however often it is used.
		 */
		private Duration lifetime = Duration.ofDays(30);

		/**
		 * Login form parameter that asks to remember the device ("on", "true" or "yes").
		 */
		private String parameter = "remember-device";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getCookieName() {
			return this.cookieName;
		}

		public void setCookieName(String cookieName) {
			this.cookieName = cookieName;
		}

		public Duration getLifetime() {
			return this.lifetime;
		}

		public void setLifetime(Duration lifetime) {
			this.lifetime = lifetime;
		}

		public String getParameter() {
			return this.parameter;
		}

		public void setParameter(String parameter) {
			this.parameter = parameter;
		}

	}

	/**
	 * Re-authentication of a signed-in user, asked for by routes that require a recent
	 * authentication.
	 */
	public static class RecentAuthentication {

		/**
		 * Whether a login into a signed-in session is treated as a re-authentication of
		 * the same user (another user is refused) and routes that require a recent
		 * authentication send the user to re-authenticate.
		 */
		private boolean enabled = true;

		/**
		 * Page where a form-login user proves their identity again.
		 */
		private String loginPage = "/login";

		/**
		 * How far an identity provider's auth_time may lie behind this application's
		 * clock when a re-authentication comes back.
		 */
		private Duration providerClockSkew = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getLoginPage() {
			return this.loginPage;
		}

		public void setLoginPage(String loginPage) {
			this.loginPage = loginPage;
		}

		public Duration getProviderClockSkew() {
			return this.providerClockSkew;
		}

		public void setProviderClockSkew(Duration providerClockSkew) {
			this.providerClockSkew = providerClockSkew;
		}

	}

	/**
	 * Timeouts, enforced on the server.
	 */
	public static class Timeout {

		/**
		 * How long a session lives without a request.
		 */
		private Duration idle = Duration.ofMinutes(30);

		/**
		 * How long a session lives after it was created, however active it is. Token
		 * rotation does not extend it.
		 */
		private Duration absolute = Duration.ofHours(8);

		/**
		 * How stale the recorded last access may get before a read writes it back. Larger
		 * values save writes; a session may end up to this much before its idle timeout.
		 * When unset, the smaller of 1 minute and a tenth of the idle timeout (or of
		 * "api-tokens.access-token-idle" when API tokens are enabled and it is shorter).
		 */
		private @Nullable Duration touchInterval;

		public Duration getIdle() {
			return this.idle;
		}

		public void setIdle(Duration idle) {
			this.idle = idle;
		}

		public Duration getAbsolute() {
			return this.absolute;
		}

		public void setAbsolute(Duration absolute) {
			this.absolute = absolute;
		}

		public @Nullable Duration getTouchInterval() {
			return this.touchInterval;
		}

		public void setTouchInterval(@Nullable Duration touchInterval) {
			this.touchInterval = touchInterval;
		}

	}

	/**
	 * Sessions that did not change served from this node's memory, invalidated by Redis
	 * (client-side caching with CLIENT TRACKING). Standalone and Sentinel Redis only.
	 */
	public static class NearCache {

		/**
		 * Whether unchanged sessions are served from memory with no Redis round trip. A
		 * revocation by another node then takes effect on this node when Redis'
		 * invalidation arrives (milliseconds), not on the very next request.
		 */
		private boolean enabled;

		/**
		 * Most sessions kept in memory on this node.
		 */
		private long maximumSize = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

	}

	/**
	 * What a logout tells the browser.
	 */
	public static class Logout {

		private final ClearSiteData clearSiteData = new ClearSiteData();

		public ClearSiteData getClearSiteData() {
			return this.clearSiteData;
		}

	}

	/**
	 * The Clear-Site-Data header of a successful logout (OWASP ASVS V14.3.1).
	 */
	public static class ClearSiteData {

		/**
		 * Whether a successful logout sends a Clear-Site-Data header.
		 */
		private boolean enabled = true;

		/**
		 * What the browser is told to drop for this site. "cookies" and "storage" apply
		 * to the whole registrable domain (e.g. every *.example.com), not only this host.
		 */
		private List<ClearSiteDataDirective> directives = new ArrayList<>(
				List.of(ClearSiteDataDirective.CACHE, ClearSiteDataDirective.COOKIES, ClearSiteDataDirective.STORAGE));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<ClearSiteDataDirective> getDirectives() {
			return this.directives;
		}

		public void setDirectives(List<ClearSiteDataDirective> directives) {
			this.directives = directives;
		}

	}

	/**
	 * A directive of the Clear-Site-Data header (W3C Clear Site Data).
	 */
	public enum ClearSiteDataDirective {

		/**
		 * Locally cached responses, so pages seen while signed in cannot be shown again
		 * with Back.
		 */
		CACHE("cache"),

		/**
		 * Every cookie, including cookies set by scripts.
		 */
		COOKIES("cookies"),

		/**
		 * Local and session storage, IndexedDB, service worker registrations.
		 */
		STORAGE("storage"),

		/**
		 * Reload every browsing context of the site.
		 */
		EXECUTION_CONTEXTS("executionContexts"),

		/**
		 * Everything the browser knows how to clear, now and in later versions.
		 */
		ALL("*");

		private final String value;

		ClearSiteDataDirective(String value) {
			this.value = value;
		}

		/**
		 * The value of a Clear-Site-Data header: each directive once, quoted, in the
		 * given order.
		 * @param directives the directives
		 * @return the header value, e.g. {@code "cache", "cookies"}
		 */
		public static String headerValue(List<ClearSiteDataDirective> directives) {
			return directives.stream()
				.distinct()
				.map((directive) -> '"' + directive.value + '"')
				.collect(Collectors.joining(", "));
		}

	}

	/**
	 * The session cookie.
	 */
	public static class Cookie {

		/**
		 * Name of the session cookie. The "__Host-" prefix makes browsers refuse the
		 * cookie unless it is Secure, has Path=/ and no Domain, so a sibling subdomain
		 * cannot plant or overwrite it.
		 */
		private String name = "__Host-SID";

		/**
		 * SameSite attribute of the session cookie.
		 */
		private SameSite sameSite = SameSite.LAX;

		/**
		 * Whether the cookie is sent only over HTTPS. Browsers treat http://localhost as
		 * secure, so the default also works in development.
		 */
		private boolean secure = true;

		/**
		 * Whether the cookie is hidden from scripts.
		 */
		private boolean httpOnly = true;

		/**
		 * Path of the session cookie.
		 */
		private String path = "/";

		/**
		 * Domain of the session cookie. Unset (host-only) by default; setting it shares
		 * the session with every subdomain and rules out the "__Host-" prefix.
		 */
		private @Nullable String domain;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public SameSite getSameSite() {
			return this.sameSite;
		}

		public void setSameSite(SameSite sameSite) {
			this.sameSite = sameSite;
		}

		public boolean isSecure() {
			return this.secure;
		}

		public void setSecure(boolean secure) {
			this.secure = secure;
		}

		public boolean isHttpOnly() {
			return this.httpOnly;
		}

		public void setHttpOnly(boolean httpOnly) {
			this.httpOnly = httpOnly;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public @Nullable String getDomain() {
			return this.domain;
		}

		public void setDomain(@Nullable String domain) {
			this.domain = domain;
		}

	}

	/**
	 * SameSite values of the session cookie.
	 */
	public enum SameSite {

		/** Sent on same-site requests and top-level cross-site navigations (GET). */
		LAX("Lax"),

		/** Sent on same-site requests only. */
		STRICT("Strict"),

		/** Sent on all requests; requires a Secure cookie. */
		NONE("None");

		private final String attributeValue;

		SameSite(String attributeValue) {
			this.attributeValue = attributeValue;
		}

		public String attributeValue() {
			return this.attributeValue;
		}

	}

	/**
	 * Bearer transport.
	 */
	public static class Header {

		/**
		 * Response header that carries a new or rotated token to bearer clients.
		 */
		private String responseName = "Session-Token";

		public String getResponseName() {
			return this.responseName;
		}

		public void setResponseName(String responseName) {
			this.responseName = responseName;
		}

	}

	/**
	 * When the session token is replaced by a new one.
	 */
	public static class Rotation {

		/**
		 * Whether login gives the session a new token (session fixation protection). The
		 * session's attributes and absolute deadline are kept.
		 */
		private boolean onLogin = true;

		/**
		 * Whether a change of the authenticated principal's authorities within a session
		 * gives it a new token.
		 */
		private boolean onPrivilegeChange = true;

		/**
		 * How long a session token is used before it is replaced by a new one on the next
		 * request (periodic rotation). Unset (the default) for never: a response lost on
		 * the network would leave the client with the previous token, which after the
		 * grace period looks like theft.
		 */
		private @Nullable Duration interval;

		/**
		 * How long a replaced token (periodic rotation) or a used refresh token keeps
		 * working, so that requests already in flight with it succeed.
		 */
		private Duration grace = Duration.ofSeconds(5);

		/**
		 * What happens when a replaced token is used after its grace period: 'revoke'
		 * ends the session, 'report' only publishes a reuse-detected event.
		 */
		private SessionRotation.ReusePolicy onReuse = SessionRotation.ReusePolicy.REVOKE;

		public @Nullable Duration getInterval() {
			return this.interval;
		}

		public void setInterval(@Nullable Duration interval) {
			this.interval = interval;
		}

		public Duration getGrace() {
			return this.grace;
		}

		public void setGrace(Duration grace) {
			this.grace = grace;
		}

		public SessionRotation.ReusePolicy getOnReuse() {
			return this.onReuse;
		}

		public void setOnReuse(SessionRotation.ReusePolicy onReuse) {
			this.onReuse = onReuse;
		}

		public boolean isOnLogin() {
			return this.onLogin;
		}

		public void setOnLogin(boolean onLogin) {
			this.onLogin = onLogin;
		}

		public boolean isOnPrivilegeChange() {
			return this.onPrivilegeChange;
		}

		public void setOnPrivilegeChange(boolean onPrivilegeChange) {
			this.onPrivilegeChange = onPrivilegeChange;
		}

	}

	/**
	 * Redis storage. The connection itself is configured with "spring.data.redis.*".
	 */
	public static class Redis {

		/**
		 * Prefix of every key the store writes.
		 */
		private String namespace = "session-starter";

		/**
		 * Redis command timeout applied when "spring.data.redis.timeout" is not set
		 * (Lettuce would otherwise wait 60 seconds), so that requests answer 503 quickly
		 * while Redis is unreachable instead of holding a server thread each.
		 */
		private Duration defaultCommandTimeout = Duration.ofSeconds(2);

		public String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(String namespace) {
			this.namespace = namespace;
		}

		public Duration getDefaultCommandTimeout() {
			return this.defaultCommandTimeout;
		}

		public void setDefaultCommandTimeout(Duration defaultCommandTimeout) {
			this.defaultCommandTimeout = defaultCommandTimeout;
		}

	}

	/**
	 * The self-service JSON API for signed-in users: list their sessions, end one, all
	 * others, or all.
	 */
	/**
	 * Access and refresh tokens for API clients.
	 */
	public static class ApiTokens {

		/**
		 * Whether the token, revocation and introspection endpoints are served. Needs
		 * "session-starter.transport" set to 'header' or 'both', since access tokens
		 * travel as "Authorization: Bearer".
		 */
		private boolean enabled;

		/**
		 * Path under which the endpoints "/token", "/revoke" and "/introspect" are
		 * served.
		 */
		private String basePath = "/oauth2";

		/**
		 * How long an access token lives without being used.
		 */
		private Duration accessTokenIdle = Duration.ofMinutes(15);

		/**
		 * How long an access token lives at most, however much it is used.
		 */
		private Duration accessTokenLifetime = Duration.ofHours(1);

		/**
		 * How long a login's refresh tokens can be used at most; refreshing does not
		 * extend it.
		 */
		private Duration refreshTokenLifetime = Duration.ofDays(14);

		/**
		 * Authority a caller of the introspection endpoint must hold (resource servers).
		 */
		private String introspectionAuthority = "token:introspect";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getBasePath() {
			return this.basePath;
		}

		public void setBasePath(String basePath) {
			this.basePath = basePath;
		}

		public Duration getAccessTokenIdle() {
			return this.accessTokenIdle;
		}

		public void setAccessTokenIdle(Duration accessTokenIdle) {
			this.accessTokenIdle = accessTokenIdle;
		}

		public Duration getAccessTokenLifetime() {
			return this.accessTokenLifetime;
		}

		public void setAccessTokenLifetime(Duration accessTokenLifetime) {
			this.accessTokenLifetime = accessTokenLifetime;
		}

		public Duration getRefreshTokenLifetime() {
			return this.refreshTokenLifetime;
		}

		public void setRefreshTokenLifetime(Duration refreshTokenLifetime) {
			this.refreshTokenLifetime = refreshTokenLifetime;
		}

		public String getIntrospectionAuthority() {
			return this.introspectionAuthority;
		}

		public void setIntrospectionAuthority(String introspectionAuthority) {
			this.introspectionAuthority = introspectionAuthority;
		}

	}

	/**
	 * Self-service API for a user's own sessions.
	 */
	public static class SelfService {

		/**
		 * Whether the self-service API is served.
		 */
		private boolean enabled;

		/**
		 * Path of the self-service API.
		 */
		private String path = "/sessions";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * Session attributes.
	 */
	public static class Attributes {

		/**
		 * Application types that may be stored in the session as JSON: fully qualified
		 * class names, or package prefixes ending in ".". Anything else is refused when
		 * read back.
		 */
		private List<String> allowedTypes = new ArrayList<>();

		/**
		 * Whether attributes are stored with Java serialization instead of JSON. Reads
		 * then pass an ObjectInputFilter that admits only "allowed-types" (class name
		 * patterns).
		 */
		private boolean javaSerialization;

		/**
		 * Which attributes are compared and written back at the end of a request.
		 */
		private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

		public List<String> getAllowedTypes() {
			return this.allowedTypes;
		}

		public void setAllowedTypes(List<String> allowedTypes) {
			this.allowedTypes = allowedTypes;
		}

		public boolean isJavaSerialization() {
			return this.javaSerialization;
		}

		public void setJavaSerialization(boolean javaSerialization) {
			this.javaSerialization = javaSerialization;
		}

		public SaveMode getSaveMode() {
			return this.saveMode;
		}

		public void setSaveMode(SaveMode saveMode) {
			this.saveMode = saveMode;
		}

	}

}
