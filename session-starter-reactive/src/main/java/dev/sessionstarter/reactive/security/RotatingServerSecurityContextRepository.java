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

package dev.sessionstarter.reactive.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.freshness.AuthenticationProofs;
import dev.sessionstarter.core.freshness.Reauthentication;
import dev.sessionstarter.core.security.IdentityProviders;
import dev.sessionstarter.core.security.PrivilegeChange;
import dev.sessionstarter.reactive.ServerClientDevice;
import dev.sessionstarter.reactive.ServerRotationReason;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.authentication.switchuser.SwitchUserGrantedAuthority;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * Keeps the security context in the session, under the attribute the servlet side uses,
 * and gives the session a new token when a login or a privilege change is saved: the
 * session keeps its data and its absolute deadline, the pre-login token names nothing
 * afterwards, and a login also retires the session's CSRF token (a new one is made when
 * next needed), as Spring Security's servlet CSRF strategy does.
 *
 * <p>
 * Spring Security's {@link WebSessionServerSecurityContextRepository} changes the session
 * id on every save, also when the context is cleared at logout and without telling a
 * login from a re-save; each change costs a write. This one rotates only when the
 * authentication changes the session's privileges ({@link PrivilegeChange}), and a logout
 * only clears the context: the logout then ends the session in the store.
 *
 * <p>
 * Credentials are erased from an authentication before it is stored, as the servlet
 * {@code ProviderManager} does after a login: no password or password hash reaches Redis.
 * When a login's factors were proven is recorded for recent-authentication rules
 * ({@link AuthenticationProofs}).
 *
 * <p>
 * Applications that change the authentication of a running session (a step-up, a granted
 * role) save the new context through this repository.
 *
 * @author session-starter
 */
public class RotatingServerSecurityContextRepository implements ServerSecurityContextRepository {

	/** The session attribute of the context, the same on the servlet side. */
	public static final String ATTRIBUTE = WebSessionServerSecurityContextRepository.DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME;

	private static final String BASIC = "Basic ";

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final boolean rotateOnLogin;

	private final boolean rotateOnPrivilegeChange;

	private Clock clock = Clock.systemUTC();

	private @Nullable Duration providerClockSkew;

	private final List<ServerLoginStep> loginSteps = new ArrayList<>();

	private @Nullable ServerSessionLimitCheck sessionLimitCheck;

	/**
	 * Create a repository that rotates at login and on privilege change.
	 */
	public RotatingServerSecurityContextRepository() {
		this(true, true);
	}

	/**
	 * Create a new repository.
	 * @param rotateOnLogin whether a login gives the session a new token
	 * @param rotateOnPrivilegeChange whether a privilege change does
	 */
	public RotatingServerSecurityContextRepository(boolean rotateOnLogin, boolean rotateOnPrivilegeChange) {
		this.rotateOnLogin = rotateOnLogin;
		this.rotateOnPrivilegeChange = rotateOnPrivilegeChange;
	}

	/**
	 * Set the clock that proofs of authentication are recorded by (the store's).
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Treat a login into a signed-in session as a re-authentication of the same user:
	 * another user's login, and an OpenID Connect login whose provider did not ask for
	 * the user's credentials again, are refused ({@link Reauthentication}) and the
	 * session stays as it was; an accepted one gives the session a new token and is
	 * announced as {@code re-authenticated}.
	 * @param providerClockSkew how far an identity provider's {@code auth_time} may lie
	 * behind this application's clock
	 */
	public void setReauthentication(Duration providerClockSkew) {
		this.providerClockSkew = providerClockSkew;
	}

	/**
	 * Add a step to every login, after those added before it; remembered devices and the
	 * offer of device binding take part in logins this way.
	 * @param step the step
	 */
	public void addLoginStep(ServerLoginStep step) {
		this.loginSteps.add(step);
	}

	/**
	 * Refuse a login beyond the concurrent-session limit as a failed login, before the
	 * session changes, rather than let the store refuse to save its session.
	 * @param sessionLimitCheck the check
	 */
	public void setSessionLimitCheck(ServerSessionLimitCheck sessionLimitCheck) {
		this.sessionLimitCheck = sessionLimitCheck;
	}

	@Override
	public Mono<Void> save(ServerWebExchange exchange, @Nullable SecurityContext context) {
		if (context != null && isBasic(exchange)) {
			// A client that authenticates every request itself (HTTP Basic) needs no
			// session: storing one per request would let such clients fill the store.
			// Spring Security keeps Basic stateless the same way unless told otherwise.
			return Mono.empty();
		}
		return isLogin(context)
			.flatMap((login) -> exchange.getSession().flatMap((session) -> save(exchange, session, context, login)));
	}

	/**
	 * Whether a save is a login's. Spring Security's authentication filters save the new
	 * context while their Reactor context already holds it; an application that saves a
	 * changed context (a step-up) runs in the context of the request's current one.
	 */
	private static Mono<Boolean> isLogin(@Nullable SecurityContext context) {
		if (context == null) {
			return Mono.just(false);
		}
		return ReactiveSecurityContextHolder.getContext().map((current) -> current == context).defaultIfEmpty(false);
	}

	private Mono<Void> save(ServerWebExchange exchange, WebSession session, @Nullable SecurityContext context,
			boolean login) {
		if (context == null) {
			session.getAttributes().remove(ATTRIBUTE);
			return Mono.empty();
		}
		Authentication before = authentication(session.getAttributes().get(ATTRIBUTE));
		SecurityContext stored = CredentialsFreeContext.of(context, login);
		Authentication after = stored.getAuthentication();
		boolean reauthentication = login && this.providerClockSkew != null && isAuthenticated(before)
				&& isAuthenticated(after) && !isSwitchUser(before) && !isSwitchUser(after);
		if (reauthentication) {
			String refusal = Reauthentication.refusal(before, after, this.providerClockSkew);
			if (refusal != null) {
				// Before anything about the session changes: the login's failure handler
				// answers, as for a wrong password.
				return Mono.error(new SessionAuthenticationException(refusal));
			}
		}
		Mono<Void> limit = (login && this.sessionLimitCheck != null) ? this.sessionLimitCheck.check(before, after)
				: Mono.empty();
		// A login the limit refuses fails before anything about the session changes.
		return limit.then(Mono.defer(() -> store(exchange, session, login, before, stored, reauthentication)));
	}

	private Mono<Void> store(ServerWebExchange exchange, WebSession session, boolean login,
			@Nullable Authentication before, SecurityContext stored, boolean reauthentication) {
		Authentication after = stored.getAuthentication();
		session.getAttributes().put(ATTRIBUTE, stored);
		if (after != null && after.isAuthenticated()) {
			ServerClientDevice.record(exchange, session);
			IdentityProviders.attributes(after).forEach((name, value) -> setIfChanged(session, name, value));
			setIfChanged(session, AuthenticationProofs.ATTRIBUTE, AuthenticationProofs.recorded(before, after,
					session.getAttributes().get(AuthenticationProofs.ATTRIBUTE), this.clock));
		}
		boolean rotate;
		SessionRotatedEvent.Reason reason;
		if (reauthentication) {
			// As at any login, the CSRF token is retired too (the servlet side's CSRF
			// strategy renews it at every authentication).
			SessionServerCsrfTokenRepository.remove(session);
			rotate = true;
			reason = SessionRotatedEvent.Reason.REAUTHENTICATION;
		}
		else if (PrivilegeChange.isLogin(before, after)) {
			SessionServerCsrfTokenRepository.remove(session);
			rotate = this.rotateOnLogin;
			reason = SessionRotatedEvent.Reason.LOGIN;
		}
		else {
			rotate = this.rotateOnPrivilegeChange && PrivilegeChange.isPrivilegeChange(before, after);
			reason = SessionRotatedEvent.Reason.PRIVILEGE_CHANGE;
		}
		Mono<Void> steps = login ? Flux.fromIterable(this.loginSteps)
			.concatMap((step) -> step.onLogin(exchange, session, before, stored))
			.then() : Mono.empty();
		// The new context and the new token are written together, in one script call.
		return rotate ? steps.then(ServerRotationReason.rotating(reason)).then(session.changeSessionId()) : steps;
	}

	private static void setIfChanged(WebSession session, String name, @Nullable String value) {
		if (value == null) {
			session.getAttributes().remove(name);
		}
		else if (!value.equals(session.getAttributes().get(name))) {
			session.getAttributes().put(name, value);
		}
	}

	private static boolean isAuthenticated(@Nullable Authentication authentication) {
		return trustResolver.isAuthenticated(authentication);
	}

	/**
	 * Spring Security's switch-user filter saves its context the way a login does, to
	 * switch and to switch back; it is an administrator's deliberate change of principal,
	 * not a login into the session.
	 */
	private static boolean isSwitchUser(@Nullable Authentication authentication) {
		if (authentication == null) {
			return false;
		}
		return authentication.getAuthorities().stream().anyMatch(SwitchUserGrantedAuthority.class::isInstance);
	}

	@Override
	public Mono<SecurityContext> load(ServerWebExchange exchange) {
		return exchange.getSession()
			.mapNotNull((session) -> (session.getAttributes().get(ATTRIBUTE) instanceof SecurityContext context)
					? context : null);
	}

	private static boolean isBasic(ServerWebExchange exchange) {
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
	}

	private static @Nullable Authentication authentication(@Nullable Object stored) {
		return (stored instanceof SecurityContext context) ? context.getAuthentication() : null;
	}

}
