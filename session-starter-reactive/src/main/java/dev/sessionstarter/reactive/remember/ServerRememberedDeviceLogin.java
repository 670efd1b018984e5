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

import dev.sessionstarter.core.store.RememberedDevices;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.web.ClientDevice;
import dev.sessionstarter.core.web.CredentialCookie;
import dev.sessionstarter.reactive.ServerClientDevice;
import dev.sessionstarter.reactive.security.ServerLoginStep;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * The login and logout steps of remembered devices on a reactive application, the
 * counterpart of the servlet {@code RememberedDeviceLogin}: a password login whose form
 * asked for it (a parameter such as {@code remember-device=on}) gets a credential, and
 * its session is marked as the device's
 * ({@link UserSessions#REMEMBERED_DEVICE_ATTRIBUTE}); a login of the same user in a
 * session that already belongs to a device keeps that device; a logout forgets the device
 * of its browser. The chains' Redis work runs on a worker scheduler, never on an event
 * loop.
 *
 * @author session-starter
 */
public class ServerRememberedDeviceLogin implements ServerLoginStep, ServerLogoutHandler {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final RememberedDevices devices;

	private final CredentialCookie cookie;

	private final String parameter;

	private final Clock clock;

	private final Scheduler scheduler = Schedulers.boundedElastic();

	/**
	 * Create the login and logout steps.
	 * @param devices the remembered devices
	 * @param cookie the device cookie
	 * @param parameter the login form's parameter that asks to remember the device
	 * @param clock the store's clock
	 */
	public ServerRememberedDeviceLogin(RememberedDevices devices, CredentialCookie cookie, String parameter,
			Clock clock) {
		this.devices = devices;
		this.cookie = cookie;
		this.parameter = parameter;
		this.clock = clock;
	}

	/**
	 * Remember the device of a login that asked for it. Called with the login's context
	 * as it is stored, before the session gets its new token.
	 * @param exchange the login's exchange
	 * @param session its session
	 * @param before the authentication the session held, if any
	 * @param stored the login's context, as the session stores it
	 * @return completes when the credential is handed out, or at once
	 */
	@Override
	public Mono<Void> onLogin(ServerWebExchange exchange, WebSession session, @Nullable Authentication before,
			SecurityContext stored) {
		Authentication authentication = stored.getAuthentication();
		if (authentication == null || authentication.getClass() != UsernamePasswordAuthenticationToken.class
				|| isReauthenticationOnTheDevice(session, before, authentication)) {
			return Mono.empty();
		}
		// The login's converter read the form already: its data is cached.
		return exchange.getFormData()
			.filter((form) -> asked(form.getFirst(this.parameter)))
			.flatMap((form) -> Mono.fromCallable(() -> this.devices.remember(stored,
					ClientDevice.summarize(exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT)),
					ServerClientDevice.eventContext(exchange).clientIp()))
				.subscribeOn(this.scheduler))
			.doOnNext((credential) -> {
				// The login's own session belongs to the device too: revoking the device
				// ends it. It keeps the attribute when its token changes.
				session.getAttributes()
					.put(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE, RememberedDevices.reference(credential));
				exchange.getResponse()
					.getHeaders()
					.add(HttpHeaders.SET_COOKIE, this.cookie.write(credential,
							this.clock.instant().plus(this.devices.getLifetime()), this.clock.instant()));
			})
			.then();
	}

	@Override
	public Mono<Void> logout(WebFilterExchange exchange, Authentication authentication) {
		ServerWebExchange web = exchange.getExchange();
		String credential = ServerRememberedDeviceWebFilter.credential(web, this.cookie);
		web.getResponse().getHeaders().add(HttpHeaders.SET_COOKIE, this.cookie.clear());
		if (credential == null) {
			return Mono.empty();
		}
		return Mono.fromRunnable(() -> this.devices.forget(credential)).subscribeOn(this.scheduler).then();
	}

	/**
	 * Whether the user signs in again in a session that already belongs to a device: the
	 * device stays remembered as it is, rather than a second chain for one browser.
	 */
	private boolean isReauthenticationOnTheDevice(WebSession session, @Nullable Authentication before,
			Authentication authentication) {
		return session.getAttributes().get(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE) != null
				&& this.trustResolver.isAuthenticated(before) && before.getName().equals(authentication.getName());
	}

	private static boolean asked(@Nullable String value) {
		return value != null && List.of("on", "true", "yes").contains(value);
	}

}
