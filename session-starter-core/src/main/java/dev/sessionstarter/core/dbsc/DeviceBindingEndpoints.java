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

package dev.sessionstarter.core.dbsc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.sessionstarter.core.event.SessionDeviceBindingEvent;
import dev.sessionstarter.core.event.SessionDeviceBindingEvent.Outcome;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.token.SessionTokens;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseCookie;

/**
 * The registration and refresh endpoints of Device Bound Session Credentials, what the
 * servlet and the reactive adapters answer with: the registration binds a session to the
 * key its {@link RegistrationOffer} asked for, the refresh hands out a new short-lived
 * bound cookie for a proof of that key.
 *
 * <p>
 * Both need no CSRF token: nothing happens there without a proof signed by the device key
 * over a challenge the server gave this session, which a cross-site page can neither read
 * nor sign. Answers follow the specification's status rules: 403 with
 * {@value #CHALLENGE_HEADER} asks the browser to sign a fresh challenge (a refresh
 * without a proof, or with one for an unknown, used or stale challenge); 200 with session
 * instructions delivers a bound cookie; 200 with {@code {"continue": false}} ends the
 * browser's binding (no such bound session for this request, a proof that does not
 * verify). 401 is never sent: browsers end the binding on it. A refused registration is
 * 400.
 *
 * <p>
 * The methods block on Redis (a script per answer that changes the binding); a reactive
 * adapter calls them on a worker thread.
 *
 * @author session-starter
 */
public class DeviceBindingEndpoints {

	/** The response header with a challenge to sign. */
	public static final String CHALLENGE_HEADER = "Secure-Session-Challenge";

	/** The request header with the browser's signed proof. */
	public static final String RESPONSE_HEADER = "Secure-Session-Response";

	/** The request header naming the DBSC session a refresh is for. */
	public static final String SESSION_ID_HEADER = "Sec-Secure-Session-Id";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DeviceBindings bindings;

	private final DeviceBindingSettings settings;

	private final Supplier<Clock> clock;

	/**
	 * Create the endpoints.
	 * @param bindings the store of bindings
	 * @param settings paths, cookie and mode
	 * @param clock the clock that cookies and challenges expire by, usually the store's
	 */
	public DeviceBindingEndpoints(DeviceBindings bindings, DeviceBindingSettings settings, Supplier<Clock> clock) {
		this.bindings = bindings;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Whether a request is for one of the endpoints: exactly {@code POST} to one of the
	 * two paths.
	 * @param method the request's method
	 * @param path its path within the application
	 * @return whether the endpoints answer it
	 */
	public boolean isEndpoint(String method, String path) {
		return "POST".equals(method)
				&& (path.equals(this.settings.registrationPath()) || path.equals(this.settings.refreshPath()));
	}

	/**
	 * The bound cookie of a request.
	 * @param values the values of every cookie of the request named as the bound cookie
	 * @return the value, or {@code null} when there is none or two different ones (as
	 * ambiguous as two session tokens)
	 */
	public static @Nullable String boundCookie(List<String> values) {
		String found = null;
		for (String value : values) {
			if (found != null && !found.equals(value)) {
				return null;
			}
			found = value;
		}
		return found;
	}

	/**
	 * Answer a request for one of the endpoints.
	 * @param path the request's path within the application, one of the endpoints'
	 * @param request what it carries
	 * @return the answer to send
	 */
	public Answer answer(String path, EndpointRequest request) {
		return path.equals(this.settings.registrationPath()) ? register(request) : refresh(request);
	}

	private Answer register(EndpointRequest request) {
		StoredSession session = request.session();
		long now = this.clock.get().millis();
		String challenge = (session != null) ? RegistrationOffer
			.openChallenge(session.getAttribute(RegistrationOffer.ATTRIBUTE), now, challengeLifetime()) : null;
		if (session == null || challenge == null || DeviceBinding.of(session) != null) {
			return Answer.REFUSED;
		}
		DbscProof proof = DbscProof.parse(StructuredFields.readString(request.response()));
		ECPublicKey key = (proof != null) ? proof.headerKey() : null;
		if (proof == null || key == null || !same(proof.challenge(), challenge) || !proof.isSignedBy(key)) {
			publish(session, Outcome.INVALID_PROOF, false, request.client());
			return Answer.REFUSED;
		}
		String identifier = RegistrationOffer.newChallenge();
		String cookie = SessionTokens.mint();
		if (!this.bindings.bind(session.getStorageId(), StoredSession.attributeField(RegistrationOffer.ATTRIBUTE),
				DeviceKeys.compressed(key), identifier, cookieRecord(cookie, now))) {
			return Answer.REFUSED;
		}
		publish(session, Outcome.BOUND, false, request.client());
		return instructions(request, identifier, cookie);
	}

	private Answer refresh(EndpointRequest request) {
		StoredSession session = request.session();
		DeviceBinding binding = (session != null) ? DeviceBinding.of(session) : null;
		String identifier = StructuredFields.readString(request.sessionId());
		if (session == null || binding == null || identifier == null || !same(identifier, binding.identifier())) {
			return Answer.TERMINATE;
		}
		String header = StructuredFields.readString(request.response());
		DbscProof proof = DbscProof.parse(header);
		long now = this.clock.get().millis();
		if (header == null
				|| (proof != null && !binding.isRecentChallenge(proof.challenge(), now, challengeLifetime()))) {
			return challenge(session, identifier, now);
		}
		ECPublicKey key = binding.key();
		if (proof == null || key == null || !proof.isSignedBy(key)) {
			return invalidProof(session, request.client());
		}
		String cookie = SessionTokens.mint();
		if (!this.bindings.refresh(session.getStorageId(), identifier, binding.storedKey(), proof.challenge(),
				cookieRecord(cookie, now))) {
			// Used up by a racing refresh with the same proof, or the session changed.
			return challenge(session, identifier, now);
		}
		publish(session, Outcome.REFRESHED, false, request.client());
		return instructions(request, identifier, cookie);
	}

	private Answer invalidProof(StoredSession session, SessionEventContext client) {
		boolean revoke = this.settings.mode() == DeviceBindingMode.REVOKE;
		publish(session, Outcome.INVALID_PROOF, revoke, client);
		if (revoke) {
			try (SessionEventContext.Binding binding = SessionEventContext.bind(() -> client)) {
				this.bindings.store().revoke(session, SessionRevokedEvent.Reason.DEVICE_BINDING);
			}
		}
		return Answer.TERMINATE;
	}

	private Answer challenge(StoredSession session, String identifier, long now) {
		String challenge = RegistrationOffer.newChallenge();
		if (!this.bindings.challenge(session.getStorageId(), identifier, challenge, now)) {
			return Answer.TERMINATE;
		}
		return new Answer(403, StructuredFields.challenge(challenge, identifier), null, null);
	}

	private Answer instructions(EndpointRequest request, String identifier, String cookie) {
		String setCookie = ResponseCookie.from(this.settings.cookieName(), cookie)
			.path("/")
			.secure(this.settings.secure())
			.httpOnly(true)
			.sameSite(this.settings.sameSite())
			.maxAge(this.settings.cookieLifetime())
			.build()
			.toString();
		Map<String, Object> instructions = new LinkedHashMap<>();
		instructions.put("session_identifier", identifier);
		instructions.put("refresh_url", request.contextPath() + this.settings.refreshPath());
		instructions.put("scope", Map.of("include_site", false));
		instructions.put("credentials", List.of(Map.of("type", "cookie", "name", this.settings.cookieName(),
				"attributes", this.settings.cookieAttributes())));
		return new Answer(200, null, setCookie, JSON.writeValueAsBytes(instructions));
	}

	private String cookieRecord(String cookie, long now) {
		return DeviceBinding.cookieRecord(cookie, now + this.settings.cookieLifetime().toMillis());
	}

	private long challengeLifetime() {
		return this.settings.challengeLifetime().toMillis();
	}

	private void publish(StoredSession session, Outcome outcome, boolean revoked, SessionEventContext client) {
		this.bindings.store()
			.publishEvent(new SessionDeviceBindingEvent(this, session.getStorageId(), session.getPrincipalName(),
					client, outcome, revoked));
	}

	private static boolean same(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * What a request for the endpoints carries.
	 *
	 * @param session the session of the request's cookie, as this request loaded it, or
	 * {@code null}
	 * @param sessionId the {@value #SESSION_ID_HEADER} header, or {@code null}
	 * @param response the {@value #RESPONSE_HEADER} header, or {@code null}
	 * @param contextPath the application's context path, {@code ""} for none
	 * @param client the client, named in events
	 */
	public record EndpointRequest(@Nullable StoredSession session, @Nullable String sessionId,
			@Nullable String response, String contextPath, SessionEventContext client) {

	}

	/**
	 * What the endpoints answer; every answer also carries {@code Cache-Control:
	 * no-store}.
	 *
	 * @param status the status code
	 * @param challenge the {@value #CHALLENGE_HEADER} header, or {@code null}
	 * @param setCookie the {@code Set-Cookie} header with a bound cookie, or {@code null}
	 * @param json the JSON body, or {@code null} for none
	 */
	public record Answer(int status, @Nullable String challenge, @Nullable String setCookie, byte @Nullable [] json) {

		static final Answer REFUSED = new Answer(400, null, null, null);

		static final Answer TERMINATE = new Answer(200, null, null,
				"{\"continue\":false}".getBytes(StandardCharsets.US_ASCII));

	}

}
