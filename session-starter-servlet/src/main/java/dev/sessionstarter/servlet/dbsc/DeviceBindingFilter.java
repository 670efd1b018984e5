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

package dev.sessionstarter.servlet.dbsc;

import dev.sessionstarter.core.dbsc.BoundRequest;
import dev.sessionstarter.core.dbsc.DbscProof;
import dev.sessionstarter.core.dbsc.DeviceBinding;
import dev.sessionstarter.core.dbsc.DeviceBindingCheck;
import dev.sessionstarter.core.dbsc.DeviceBindingMode;
import dev.sessionstarter.core.dbsc.DeviceBindingSettings;
import dev.sessionstarter.core.dbsc.DeviceBindings;
import dev.sessionstarter.core.dbsc.DeviceKeys;
import dev.sessionstarter.core.dbsc.StructuredFields;
import java.io.IOException;
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
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves Device Bound Session Credentials for the sessions of the store: the registration
 * endpoint (binds a session to the key a {@link DeviceBindingOffer} asked for) and the
 * refresh endpoint (a new short-lived bound cookie for a proof of that key), and tells
 * {@link DeviceBindingCheck} which bound cookie each request carries.
 *
 * <p>
 * It runs after Spring Session's filter and ahead of Spring Security, and answers exactly
 * {@code POST} to the two paths itself. They need no CSRF token and get none: nothing
 * happens there without a proof signed by the device key over a challenge the server gave
 * this session, which a cross-site page can neither read nor sign. Every other request,
 * and CSRF protection for it, is left as it is.
 *
 * <p>
 * Answers follow the specification's status rules: 403 with
 * {@code Secure-Session-Challenge} asks the browser to sign a fresh challenge (a refresh
 * without a proof, or with one for an unknown, used or stale challenge); 200 with session
 * instructions delivers a bound cookie; 200 with {@code {"continue": false}} ends the
 * browser's binding (no such bound session for this request, a proof that does not
 * verify). 401 is never sent: browsers end the binding on it. A refused registration is
 * 400.
 *
 * @author session-starter
 */
public class DeviceBindingFilter extends OncePerRequestFilter {

	static final String CHALLENGE_HEADER = "Secure-Session-Challenge";

	static final String RESPONSE_HEADER = "Secure-Session-Response";

	static final String SESSION_ID_HEADER = "Sec-Secure-Session-Id";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DeviceBindings bindings;

	private final DeviceBindingSettings settings;

	private Supplier<Clock> clock = Clock::systemUTC;

	/**
	 * Create a new filter.
	 * @param bindings the store of bindings
	 * @param settings paths, cookie and mode
	 */
	public DeviceBindingFilter(DeviceBindings bindings, DeviceBindingSettings settings) {
		this.bindings = bindings;
		this.settings = settings;
	}

	/**
	 * Set the clock that cookies and challenges expire by.
	 * @param clock the clock, usually the store's
	 */
	public void setClock(Supplier<Clock> clock) {
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String endpoint = endpoint(request);
		try (BoundRequest.Scope scope = new BoundRequest(boundCookie(request), endpoint != null).bind()) {
			if (endpoint == null) {
				chain.doFilter(request, response);
			}
			else if (endpoint.equals(this.settings.registrationPath())) {
				register(request, response);
			}
			else {
				refresh(request, response);
			}
		}
	}

	private @Nullable String endpoint(HttpServletRequest request) {
		if (request.getDispatcherType() != DispatcherType.REQUEST || !"POST".equals(request.getMethod())) {
			return null;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return (path.equals(this.settings.registrationPath()) || path.equals(this.settings.refreshPath())) ? path
				: null;
	}

	private @Nullable String boundCookie(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		String found = null;
		for (Cookie cookie : (cookies != null) ? cookies : new Cookie[0]) {
			if (cookie.getName().equals(this.settings.cookieName())) {
				if (found != null && !found.equals(cookie.getValue())) {
					// Two different bound cookies: as ambiguous as two session tokens.
					return null;
				}
				found = cookie.getValue();
			}
		}
		return found;
	}

	private void register(HttpServletRequest request, HttpServletResponse response) throws IOException {
		StoredSession session = session(request);
		long now = this.clock.get().millis();
		String challenge = (session != null)
				? DeviceBindingOffer.openChallenge(session.getAttribute(DeviceBindingOffer.OFFER_ATTRIBUTE), now,
						this.settings.challengeLifetime().toMillis())
				: null;
		if (session == null || challenge == null || DeviceBinding.of(session) != null) {
			refuse(response, HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		DbscProof proof = DbscProof.parse(StructuredFields.readString(request.getHeader(RESPONSE_HEADER)));
		ECPublicKey key = (proof != null) ? proof.headerKey() : null;
		if (proof == null || key == null || !same(proof.challenge(), challenge) || !proof.isSignedBy(key)) {
			publish(session, Outcome.INVALID_PROOF, false);
			refuse(response, HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		String identifier = DeviceBindingOffer.newChallenge();
		String cookie = SessionTokens.mint();
		if (!this.bindings.bind(session.getStorageId(),
				StoredSession.attributeField(DeviceBindingOffer.OFFER_ATTRIBUTE), DeviceKeys.compressed(key),
				identifier, cookieRecord(cookie, now))) {
			refuse(response, HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		publish(session, Outcome.BOUND, false);
		instructions(request, response, identifier, cookie);
	}

	private void refresh(HttpServletRequest request, HttpServletResponse response) throws IOException {
		StoredSession session = session(request);
		DeviceBinding binding = (session != null) ? DeviceBinding.of(session) : null;
		String identifier = StructuredFields.readString(request.getHeader(SESSION_ID_HEADER));
		if (session == null || binding == null || identifier == null || !same(identifier, binding.identifier())) {
			terminate(response);
			return;
		}
		String header = StructuredFields.readString(request.getHeader(RESPONSE_HEADER));
		DbscProof proof = DbscProof.parse(header);
		long now = this.clock.get().millis();
		if (header == null
				|| (proof != null && !binding.isRecentChallenge(proof.challenge(), now, challengeLifetime()))) {
			challenge(response, session, identifier, now);
			return;
		}
		ECPublicKey key = binding.key();
		if (proof == null || key == null || !proof.isSignedBy(key)) {
			invalidProof(response, session);
			return;
		}
		String cookie = SessionTokens.mint();
		if (!this.bindings.refresh(session.getStorageId(), identifier, binding.storedKey(), proof.challenge(),
				cookieRecord(cookie, now))) {
			// Used up by a racing refresh with the same proof, or the session changed.
			challenge(response, session, identifier, now);
			return;
		}
		publish(session, Outcome.REFRESHED, false);
		instructions(request, response, identifier, cookie);
	}

	private void invalidProof(HttpServletResponse response, StoredSession session) throws IOException {
		boolean revoke = this.settings.mode() == DeviceBindingMode.REVOKE;
		publish(session, Outcome.INVALID_PROOF, revoke);
		if (revoke) {
			this.bindings.store().revoke(session, SessionRevokedEvent.Reason.DEVICE_BINDING);
		}
		terminate(response);
	}

	private void challenge(HttpServletResponse response, StoredSession session, String identifier, long now)
			throws IOException {
		String challenge = DeviceBindingOffer.newChallenge();
		if (!this.bindings.challenge(session.getStorageId(), identifier, challenge, now)) {
			terminate(response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(CHALLENGE_HEADER, StructuredFields.challenge(challenge, identifier));
	}

	private void instructions(HttpServletRequest request, HttpServletResponse response, String identifier,
			String cookie) throws IOException {
		response.addHeader(HttpHeaders.SET_COOKIE,
				ResponseCookie.from(this.settings.cookieName(), cookie)
					.path("/")
					.secure(this.settings.secure())
					.httpOnly(true)
					.sameSite(this.settings.sameSite())
					.maxAge(this.settings.cookieLifetime())
					.build()
					.toString());
		Map<String, Object> instructions = new LinkedHashMap<>();
		instructions.put("session_identifier", identifier);
		instructions.put("refresh_url", request.getContextPath() + this.settings.refreshPath());
		instructions.put("scope", Map.of("include_site", false));
		instructions.put("credentials", List.of(Map.of("type", "cookie", "name", this.settings.cookieName(),
				"attributes", this.settings.cookieAttributes())));
		json(response, instructions);
	}

	private void terminate(HttpServletResponse response) throws IOException {
		json(response, Map.of("continue", false));
	}

	private static void refuse(HttpServletResponse response, int status) {
		response.setStatus(status);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
	}

	private static void json(HttpServletResponse response, Map<String, Object> body) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType("application/json");
		response.getOutputStream().write(JSON.writeValueAsBytes(body));
	}

	/** The session of the request's cookie, as this request loaded it. */
	private @Nullable StoredSession session(HttpServletRequest request) {
		HttpSession http = request.getSession(false);
		return (http != null) ? this.bindings.store().findById(http.getId()) : null;
	}

	private String cookieRecord(String cookie, long now) {
		return DeviceBinding.cookieRecord(cookie, now + this.settings.cookieLifetime().toMillis());
	}

	private long challengeLifetime() {
		return this.settings.challengeLifetime().toMillis();
	}

	private void publish(StoredSession session, Outcome outcome, boolean revoked) {
		this.bindings.store()
			.publishEvent(new SessionDeviceBindingEvent(this, session.getStorageId(), session.getPrincipalName(),
					SessionEventContext.current(), outcome, revoked));
	}

	private static boolean same(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

}
