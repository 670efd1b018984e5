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

import java.time.Clock;
import java.time.Duration;

import dev.sessionstarter.servlet.freshness.ReauthenticationStrategy;
import dev.sessionstarter.servlet.freshness.RecentAuthenticationFilter;
import dev.sessionstarter.servlet.remember.RememberedDeviceCookie;
import dev.sessionstarter.servlet.remember.RememberedDeviceFilter;
import dev.sessionstarter.servlet.remember.RememberedDeviceLogin;
import dev.sessionstarter.servlet.security.BearerChallengeFilter;
import dev.sessionstarter.servlet.security.RefusedRefreshFilter;
import dev.sessionstarter.servlet.security.SessionCsrfTokenRepository;
import dev.sessionstarter.core.store.RememberedDevices;
import org.jspecify.annotations.Nullable;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.logout.HeaderWriterLogoutHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.util.ClassUtils;

/**
 * Applies session-starter's session rules to an {@link HttpSecurity}: a new token on
 * login (keeping the session's attributes and absolute deadline), a new token when the
 * principal's authorities change, and a logout that deletes the session in the store,
 * clears the cookie and, when configured, tells the browser to clear what it holds for
 * the site ({@code Clear-Site-Data}). CSRF tokens stay bound to the session and are
 * replaced at login by Spring Security's CSRF authentication strategy. With Spring
 * Security's OAuth 2.0 client, a session whose identity provider refuses to refresh its
 * tokens ends ({@link RefusedRefreshFilter}).
 *
 * <p>
 * Spring Security applies this bean automatically to every {@code HttpSecurity} built
 * from its {@code HttpSecurityConfiguration} (the usual {@code SecurityFilterChain} bean
 * methods). Where a filter chain is built some other way, one line applies it:
 * {@code sessionStarterHttpSecurityCustomizer.customize(http);}
 *
 * @author session-starter
 */
public class SessionStarterHttpSecurityCustomizer implements Customizer<HttpSecurity> {

	private static final String CLEAR_SITE_DATA = "Clear-Site-Data";

	private static final boolean OAUTH2_CLIENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.core.OAuth2AuthorizationException",
			SessionStarterHttpSecurityCustomizer.class.getClassLoader());

	private final SecurityContextRepository securityContextRepository;

	private final boolean rotateOnLogin;

	private final boolean bearer;

	private @Nullable SessionAuthenticationStrategy sessionLimitCheck;

	private @Nullable String clearSiteData;

	private @Nullable SessionAuthenticationStrategy deviceBindingOffer;

	private @Nullable String reauthenticationPage;

	private Duration providerClockSkew = Duration.ofMinutes(1);

	private @Nullable RememberedDevices rememberedDevices;

	private @Nullable RememberedDeviceLogin rememberedDeviceLogin;

	private @Nullable RememberedDeviceCookie rememberedDeviceCookie;

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a new customizer.
	 * @param securityContextRepository the repository that rotates on privilege change
	 * @param rotateOnLogin whether login gives the session a new token
	 * @param bearer whether tokens may arrive in an {@code Authorization: Bearer} header
	 */
	public SessionStarterHttpSecurityCustomizer(SecurityContextRepository securityContextRepository,
			boolean rotateOnLogin, boolean bearer) {
		this.securityContextRepository = securityContextRepository;
		this.rotateOnLogin = rotateOnLogin;
		this.bearer = bearer;
	}

	/**
	 * Set a check that refuses logins of users at their session limit with a normal login
	 * failure (the store enforces the limit in any case).
	 * @param sessionLimitCheck the check
	 */
	public void setSessionLimitCheck(SessionAuthenticationStrategy sessionLimitCheck) {
		this.sessionLimitCheck = sessionLimitCheck;
	}

	/**
	 * Offer device binding (Device Bound Session Credentials) at every login.
	 * @param deviceBindingOffer the strategy that adds the offer to the login's response
	 */
	public void setDeviceBindingOffer(SessionAuthenticationStrategy deviceBindingOffer) {
		this.deviceBindingOffer = deviceBindingOffer;
	}

	/**
	 * Treat a login into a signed-in session as a re-authentication of the same user
	 * ({@link ReauthenticationStrategy}) and send users whom a
	 * {@link dev.sessionstarter.servlet.freshness.RecentAuthentication} rule refused to
	 * re-authenticate ({@link RecentAuthenticationFilter}).
	 * @param loginPage where a form-login user proves their identity again
	 * @param providerClockSkew how far an identity provider's {@code auth_time} may lie
	 * behind this application's clock
	 */
	public void setRecentAuthentication(String loginPage, Duration providerClockSkew) {
		this.reauthenticationPage = loginPage;
		this.providerClockSkew = providerClockSkew;
	}

	/**
	 * Let logins ask to remember the device, sign remembered devices in again when their
	 * session has ended, and forget the device at logout.
	 * @param devices the remembered devices
	 * @param cookie the device cookie
	 * @param parameter the login form's parameter that asks to remember the device
	 * @param clock the store's clock
	 */
	public void setRememberedDevices(RememberedDevices devices, RememberedDeviceCookie cookie, String parameter,
			Clock clock) {
		this.rememberedDevices = devices;
		this.rememberedDeviceCookie = cookie;
		this.clock = clock;
		this.rememberedDeviceLogin = new RememberedDeviceLogin(devices, cookie, parameter, clock);
	}

	/**
	 * Send a {@code Clear-Site-Data} header with every successful logout.
	 * @param directives the header value, e.g. {@code "cache", "cookies", "storage"}
	 */
	public void setClearSiteData(String directives) {
		this.clearSiteData = directives;
	}

	/**
	 * Not Spring Security's {@code ClearSiteDataHeaderWriter}: it writes only on requests
	 * it sees as HTTPS, so it stays silent on {@code http://localhost} and behind a TLS
	 * proxy without forwarded headers, where browsers do obey the header. Browsers ignore
	 * it on insecure origins by themselves.
	 */
	private static LogoutHandler clearSiteDataHandler(String directives) {
		return new HeaderWriterLogoutHandler(new StaticHeadersWriter(CLEAR_SITE_DATA, directives));
	}

	/**
	 * Requests that carry a bearer token get RFC 6750 answers (see
	 * {@link BearerChallengeFilter}) and need no CSRF token: browsers never attach an
	 * Authorization header on their own, so a cross-site request cannot ride on it.
	 */
	private static void applyBearerRules(HttpSecurity http) {
		http.addFilterAfter(new BearerChallengeFilter(), ExceptionTranslationFilter.class);
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(BearerChallengeFilter::isBearer));
	}

	@Override
	public void customize(HttpSecurity http) {
		try {
			http.securityContext((context) -> context.securityContextRepository(this.securityContextRepository));
			http.sessionManagement((sessions) -> {
				sessions.sessionFixation((fixation) -> {
					if (this.rotateOnLogin) {
						fixation.changeSessionId();
					}
					else {
						fixation.none();
					}
				});
				if (this.reauthenticationPage != null) {
					// Ahead of the session-fixation strategy: a refusal changes nothing.
					sessions.addSessionAuthenticationStrategy(
							new ReauthenticationStrategy(this.rotateOnLogin, this.providerClockSkew));
				}
				if (this.sessionLimitCheck != null) {
					// Before any strategy hands something out: a login it refuses must
					// leave no device credential behind.
					sessions.addSessionAuthenticationStrategy(this.sessionLimitCheck);
				}
				if (this.rememberedDeviceLogin != null) {
					sessions.addSessionAuthenticationStrategy(this.rememberedDeviceLogin);
				}
				if (this.deviceBindingOffer != null) {
					sessions.addSessionAuthenticationStrategy(this.deviceBindingOffer);
				}
			});
			http.logout((logout) -> {
				logout.invalidateHttpSession(true).clearAuthentication(true);
				if (this.clearSiteData != null) {
					logout.addLogoutHandler(clearSiteDataHandler(this.clearSiteData));
				}
				if (this.rememberedDeviceLogin != null) {
					logout.addLogoutHandler(this.rememberedDeviceLogin);
				}
			});
			// The default request cache stores a session for every anonymous hit on a
			// protected page, which lets anyone fill the store (Django's CVE-2015-5143 is
			// that flood). The cookie cache keeps the post-login redirect in the browser
			// instead.
			http.requestCache((cache) -> cache.requestCache(new CookieRequestCache()));
			// The same flood through CSRF: Spring Security stores a fresh token, and so a
			// session, for each forged POST it refuses.
			http.csrf((csrf) -> csrf.csrfTokenRepository(new SessionCsrfTokenRepository()));
			if (this.bearer) {
				applyBearerRules(http);
			}
			if (OAUTH2_CLIENT) {
				http.addFilterBefore(new RefusedRefreshFilter(), ExceptionTranslationFilter.class);
			}
			if (this.reauthenticationPage != null) {
				http.addFilterAfter(new RecentAuthenticationFilter(this.reauthenticationPage),
						ExceptionTranslationFilter.class);
			}
			if (this.rememberedDevices != null && this.rememberedDeviceCookie != null) {
				http.addFilterAfter(new RememberedDeviceFilter(this.rememberedDevices, this.rememberedDeviceCookie,
						this.securityContextRepository, this.clock), SecurityContextHolderFilter.class);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot apply session-starter's session rules", ex);
		}
	}

}
