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
package dev.sessionstarter.reactive.remember;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.sessionstarter.core.freshness.AuthenticationProofs;
import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.core.web.CredentialCookie;
import dev.sessionstarter.reactive.ServerClientDevice;
import dev.sessionstarter.reactive.security.RotatingServerSecurityContextRepository;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;

/**
 * Signs a remembered device in again when a request has no live session, the reactive
 * counterpart of the servlet {@code RememberedDeviceFilter}: the device's credential is
 * used up ({@link RememberedDevices#use}, on a worker scheduler), the request gets a new
 * session (a new token; an anonymous session it had is rotated first, keeping its data)
 * with the login's security context, and the browser gets the next credential. A
 * credential that does not work is cleared from the browser.
 *
 * <p>
 * Such a session is not freshly authenticated: it records no proof of any factor, so
 * routes that ask for a recent authentication ask again. It carries the device's
 * reference ({@link UserSessions#REMEMBERED_DEVICE_ATTRIBUTE}), so that revoking the
 * device ends it. It belongs ahead of Spring Security's Reactor context filter, which
 * then loads the restored context from the session.
 *
 * @author session-starter
 */
public class ServerRememberedDeviceWebFilter implements WebFilter {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final RememberedDevices devices;

	private final CredentialCookie cookie;

	private final Clock clock;

	private final Scheduler scheduler = Schedulers.boundedElastic();

	/**
	 * Create a new filter.
	 * @param devices the remembered devices
	 * @param cookie the device cookie
	 * @param clock the store's clock
	 */
	public ServerRememberedDeviceWebFilter(RememberedDevices devices, CredentialCookie cookie, Clock clock) {
		this.devices = devices;
		this.cookie = cookie;
		this.clock = clock;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String credential = credential(exchange, this.cookie);
		if (credential == null) {
			return chain.filter(exchange);
		}
		return exchange.getSession()
			.flatMap((session) -> isSignedIn(session) ? Mono.<Void>empty() : restore(credential, exchange, session))
			.then(Mono.defer(() -> chain.filter(exchange)));
	}

	private boolean isSignedIn(WebSession session) {
		Object stored = session.getAttributes().get(RotatingServerSecurityContextRepository.ATTRIBUTE);
		return stored instanceof SecurityContext context
				&& this.trustResolver.isAuthenticated(context.getAuthentication());
	}

	private Mono<Void> restore(String credential, ServerWebExchange exchange, WebSession session) {
		// A session that existed before the sign-in gets a new token, as at any login.
		Mono<Void> rotated = session.isStarted() ? session.changeSessionId() : Mono.empty();
		return rotated.then(Mono
			.fromCallable(
					() -> Optional.ofNullable(this.devices.use(credential, SessionTokens.storageId(session.getId()))))
			.subscribeOn(this.scheduler)).doOnNext((found) -> {
				HttpHeaders headers = exchange.getResponse().getHeaders();
				if (found.isEmpty()) {
					headers.add(HttpHeaders.SET_COOKIE, this.cookie.clear());
					return;
				}
				RememberedDevices.Restored restored = found.get();
				session.getAttributes().put(RotatingServerSecurityContextRepository.ATTRIBUTE, restored.context());
				session.getAttributes().remove(AuthenticationProofs.ATTRIBUTE);
				session.getAttributes().put(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE, restored.reference());
				ServerClientDevice.record(exchange, session);
				headers.add(HttpHeaders.SET_COOKIE,
						this.cookie.write(restored.credential(), restored.forgottenAt(), this.clock.instant()));
			}).then();
	}

	/**
	 * The credential an exchange carries in the device cookie, if any.
	 * @param exchange the exchange
	 * @param cookie the device cookie
	 * @return the credential, or {@code null}
	 */
	static @Nullable String credential(ServerWebExchange exchange, CredentialCookie cookie) {
		List<HttpCookie> cookies = exchange.getRequest().getCookies().get(cookie.getName());
		return (cookies != null) ? cookie.credential(cookies.stream().map(HttpCookie::getValue).toList()) : null;
	}

}
