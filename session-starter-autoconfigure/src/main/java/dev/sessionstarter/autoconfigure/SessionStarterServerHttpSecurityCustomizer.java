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

import dev.sessionstarter.reactive.freshness.ServerRecentAuthentication;
import dev.sessionstarter.reactive.freshness.ServerRecentAuthenticationWebFilter;
import dev.sessionstarter.reactive.oauth2.ServerRefusedRefreshWebFilter;
import dev.sessionstarter.reactive.remember.ServerRememberedDeviceLogin;
import dev.sessionstarter.reactive.remember.ServerRememberedDeviceWebFilter;
import dev.sessionstarter.reactive.security.QuietCookieServerRequestCache;
import dev.sessionstarter.reactive.security.ServerBearerChallengeWebFilter;
import dev.sessionstarter.reactive.security.SessionServerCsrfTokenRepository;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.authentication.logout.HeaderWriterServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.header.StaticServerHttpHeadersWriter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Applies session-starter's session rules to a {@link ServerHttpSecurity}, as
 * {@link SessionStarterHttpSecurityCustomizer} does on the servlet side: a new token at
 * login and on privilege change (keeping the session's data and absolute deadline), the
 * CSRF token in the session and replaced at login, and a logout that deletes the session
 * in the store, clears the cookie and, when configured, sends {@code Clear-Site-Data};
 * with the OAuth 2.0 client, a token refresh the provider refuses ends the session; with
 * recent authentication, a login into a signed-in session is a re-authentication of the
 * same user, and a refusal by a recent-authentication rule sends the user to
 * re-authenticate.
 *
 * <p>
 * Spring Security applies this bean to every {@code ServerHttpSecurity} built from its
 * {@code ServerHttpSecurityConfiguration}. Where a filter chain is built some other way,
 * one line applies it:
 * {@code sessionStarterServerHttpSecurityCustomizer.customize(http);}
 *
 * @author session-starter
 */
public class SessionStarterServerHttpSecurityCustomizer implements Customizer<ServerHttpSecurity> {

	private static final String CLEAR_SITE_DATA = "Clear-Site-Data";

	private static final boolean OAUTH2_CLIENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.core.OAuth2AuthorizationException",
			SessionStarterServerHttpSecurityCustomizer.class.getClassLoader());

	private final ServerSecurityContextRepository securityContextRepository;

	private final boolean bearer;

	private @Nullable String clearSiteData;

	private @Nullable String reauthenticationPage;

	private @Nullable ServerRememberedDeviceWebFilter rememberedDeviceFilter;

	private @Nullable ServerRememberedDeviceLogin rememberedDeviceLogin;

	/**
	 * Create a new customizer.
	 * @param securityContextRepository the repository that rotates at login and on
	 * privilege change
	 * @param bearer whether tokens may arrive in an {@code Authorization: Bearer} header
	 */
	public SessionStarterServerHttpSecurityCustomizer(ServerSecurityContextRepository securityContextRepository,
			boolean bearer) {
		this.securityContextRepository = securityContextRepository;
		this.bearer = bearer;
	}

	/**
	 * Send a {@code Clear-Site-Data} header with every successful logout.
	 * @param directives the header value, e.g. {@code "cache", "cookies", "storage"}
	 */
	public void setClearSiteData(String directives) {
		this.clearSiteData = directives;
	}

	/**
	 * Send users whom a {@link ServerRecentAuthentication} rule refused to
	 * re-authenticate ({@link ServerRecentAuthenticationWebFilter}).
	 * @param loginPage where a form-login user proves their identity again
	 */
	public void setRecentAuthentication(String loginPage) {
		this.reauthenticationPage = loginPage;
	}

	/**
	 * Sign remembered devices in again when their session has ended, and forget the
	 * device at logout. (Logins ask to remember it through the security context
	 * repository.)
	 * @param filter the filter that signs devices in again
	 * @param login the login and logout steps
	 */
	public void setRememberedDevices(ServerRememberedDeviceWebFilter filter, ServerRememberedDeviceLogin login) {
		this.rememberedDeviceFilter = filter;
		this.rememberedDeviceLogin = login;
	}

	@Override
	public void customize(ServerHttpSecurity http) {
		http.securityContextRepository(this.securityContextRepository);
		// The session request cache stores a session for every anonymous hit on a
		// protected page (the flood of Django's CVE-2015-5143); the cookie keeps the
		// post-login redirect in the browser instead.
		http.requestCache((cache) -> cache.requestCache(new QuietCookieServerRequestCache()));
		http.csrf((csrf) -> {
			csrf.csrfTokenRepository(new SessionServerCsrfTokenRepository());
			if (this.bearer) {
				// Browsers never attach an Authorization header on their own, so a
				// cross-site request cannot ride on it.
				csrf.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(CsrfWebFilter.DEFAULT_CSRF_MATCHER,
						new NegatedServerWebExchangeMatcher(SessionStarterServerHttpSecurityCustomizer::bearer)));
			}
		});
		if (this.bearer) {
			// A bearer client with a missing, wrong or dead token gets RFC 6750's 401,
			// not
			// a redirect to a login page.
			http.addFilterAfter(new ServerBearerChallengeWebFilter(), SecurityWebFiltersOrder.EXCEPTION_TRANSLATION);
		}
		if (this.rememberedDeviceFilter != null) {
			// Ahead of the filter that loads the security context from the session.
			http.addFilterBefore(this.rememberedDeviceFilter, SecurityWebFiltersOrder.REACTOR_CONTEXT);
		}
		if (this.reauthenticationPage != null) {
			http.addFilterAfter(new ServerRecentAuthenticationWebFilter(this.reauthenticationPage),
					SecurityWebFiltersOrder.EXCEPTION_TRANSLATION);
		}
		if (OAUTH2_CLIENT) {
			// A refresh the provider refuses ends the session instead of answering 500 on
			// every request.
			http.addFilterBefore(new ServerRefusedRefreshWebFilter(), SecurityWebFiltersOrder.EXCEPTION_TRANSLATION);
		}
		http.logout((logout) -> logout.logoutHandler((handlers) -> {
			// Spring Security's default only clears the context; the session must end.
			handlers.add(new WebSessionServerLogoutHandler());
			if (this.rememberedDeviceLogin != null) {
				handlers.add(this.rememberedDeviceLogin);
			}
			if (this.clearSiteData != null) {
				// Not ClearSiteDataServerHttpHeadersWriter: it writes only on requests it
				// sees as HTTPS, so it stays silent behind a TLS proxy without forwarded
				// headers, where browsers do obey the header.
				handlers.add(new HeaderWriterServerLogoutHandler(
						StaticServerHttpHeadersWriter.builder().header(CLEAR_SITE_DATA, this.clearSiteData).build()));
			}
		}));
	}

	private static Mono<ServerWebExchangeMatcher.MatchResult> bearer(ServerWebExchange exchange) {
		return ServerBearerChallengeWebFilter.isBearer(exchange) ? ServerWebExchangeMatcher.MatchResult.match()
				: ServerWebExchangeMatcher.MatchResult.notMatch();
	}

}
