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

import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.sessionstarter.core.store.RememberedDeviceInfo;
import dev.sessionstarter.core.store.SessionInfo;
import dev.sessionstarter.core.store.UserSessions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The self-service API of {@link UserSessionsController} for reactive (WebFlux)
 * applications, with the same paths, answers and rules: a user can only ever reach their
 * own sessions and devices, the principal comes from the authentication, never from the
 * request, and a reference that is not in the user's own list is answered with 403.
 *
 * <p>
 * The calls to {@link UserSessions} run on Reactor's bounded elastic scheduler, never on
 * an event-loop thread: they are management calls, not part of every request.
 *
 * @author session-starter
 */
@RestController
@RequestMapping("${session-starter.self-service.path:/sessions}")
public class ServerUserSessionsController {

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final UserSessions userSessions;

	/**
	 * Create a new controller.
	 * @param userSessions the user sessions
	 */
	public ServerUserSessionsController(UserSessions userSessions) {
		this.userSessions = userSessions;
	}

	/**
	 * The caller's live sessions.
	 * @param exchange the exchange
	 * @return the sessions
	 */
	@GetMapping
	public Mono<ResponseEntity<List<SessionInfo>>> list(ServerWebExchange exchange) {
		return asCaller(exchange,
				(principal) -> currentToken(exchange)
					.flatMap((current) -> managed(() -> this.userSessions.list(principal, current.orElse(null))))
					.map(ResponseEntity::ok));
	}

	/**
	 * The caller's remembered devices (none when remembered devices are off).
	 * @param exchange the exchange
	 * @return the devices
	 */
	@GetMapping("/devices")
	public Mono<ResponseEntity<List<RememberedDeviceInfo>>> devices(ServerWebExchange exchange) {
		// The asking session's device, read from its attribute: "this device" in the
		// list.
		return exchange.getSession()
			.map((session) -> (session.getAttributes()
				.get(UserSessions.REMEMBERED_DEVICE_ATTRIBUTE) instanceof String reference) ? reference : "")
			.flatMap((current) -> asCaller(exchange,
					(principal) -> managed(
							() -> this.userSessions.rememberedDevices(principal, current.isEmpty() ? null : current))
						.map(ResponseEntity::ok)));
	}

	/**
	 * End one of the caller's sessions, or revoke one of their remembered devices.
	 * @param reference the session's or the device's reference
	 * @param exchange the exchange
	 * @return 204, or 403 when the reference is not one of the caller's sessions or
	 * devices
	 */
	@DeleteMapping("/{reference}")
	public Mono<ResponseEntity<Void>> revoke(@PathVariable String reference, ServerWebExchange exchange) {
		// The revoke script ends the session (the device script forgets the device) only
		// if it belongs to the caller.
		return asCaller(exchange,
				(principal) -> managed(() -> this.userSessions.revoke(principal, reference))
					.map((revoked) -> revoked ? ResponseEntity.noContent().<Void>build()
							: ResponseEntity.status(HttpStatus.FORBIDDEN).<Void>build()));
	}

	/**
	 * End all other sessions of the caller ({@code scope=others}, the default) or all of
	 * them ({@code scope=all}).
	 * @param scope {@code others} or {@code all}
	 * @param exchange the exchange
	 * @return 204, or 400 for an unknown scope
	 */
	@DeleteMapping
	public Mono<ResponseEntity<Void>> revokeMany(@RequestParam(defaultValue = "others") String scope,
			ServerWebExchange exchange) {
		if (!"all".equals(scope) && !"others".equals(scope)) {
			return Mono.just(ResponseEntity.badRequest().build());
		}
		return asCaller(exchange, (principal) -> currentToken(exchange).flatMap((current) -> managed(() -> {
			if ("all".equals(scope) || current.isEmpty()) {
				return this.userSessions.revokeAll(principal);
			}
			return this.userSessions.revokeOthers(principal, current.get());
		})).thenReturn(ResponseEntity.noContent().<Void>build()));
	}

	private static <T> Mono<ResponseEntity<T>> asCaller(ServerWebExchange exchange,
			Function<String, Mono<ResponseEntity<T>>> action) {
		return exchange.getPrincipal()
			.filter((principal) -> principal instanceof Authentication authentication
					&& trustResolver.isAuthenticated(authentication))
			.map(Principal::getName)
			.flatMap(action)
			.switchIfEmpty(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED).build()));
	}

	private static Mono<Optional<String>> currentToken(ServerWebExchange exchange) {
		return exchange.getSession()
			.map((session) -> session.isStarted() ? Optional.of(session.getId()) : Optional.<String>empty());
	}

	private static <T> Mono<T> managed(Supplier<T> call) {
		return Mono.fromSupplier(call).subscribeOn(Schedulers.boundedElastic());
	}

}
