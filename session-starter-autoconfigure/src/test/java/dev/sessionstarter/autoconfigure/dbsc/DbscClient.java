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

package dev.sessionstarter.autoconfigure.dbsc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sessionstarter.autoconfigure.dbsc.StructuredFieldList.Member;
import dev.sessionstarter.autoconfigure.dbsc.StructuredFieldList.Token;
import org.jspecify.annotations.Nullable;

/**
 * A user agent that speaks Device Bound Session Credentials as the W3C draft specifies
 * it, written from the specification's algorithms: it processes
 * {@code Secure-Session-Registration} on every response (a fresh P-256 key per session,
 * an ES256 proof with the key as {@code jwk}), creates the session from the JSON session
 * instructions, caches challenges from {@code Secure-Session-Challenge}, and before each
 * request in a session's scope that lacks a bound cookie it refreshes first
 * ({@code Sec-Secure-Session-Id}, a proof of the cached challenge, a 403 restarts once
 * with the new challenge, any other 4xx ends the session, 5xx and 3xx leave it). Cookies
 * live in a {@link CookieJar} that expires them by the test's clock.
 */
final class DbscClient {

	static final String REGISTRATION = "Secure-Session-Registration";

	static final String CHALLENGE = "Secure-Session-Challenge";

	static final String RESPONSE = "Secure-Session-Response";

	static final String SESSION_ID = "Sec-Secure-Session-Id";

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final URI origin;

	final CookieJar cookies;

	final List<BoundSession> sessions = new ArrayList<>();

	/** Every registration and refresh request this client sent: kind and status. */
	final List<String> protocolLog = new ArrayList<>();

	/**
	 * Whether the client answers registration offers (a browser without DBSC does not).
	 */
	boolean registers = true;

	DbscClient(URI origin, Clock clock) {
		this(origin, new CookieJar(clock));
	}

	private DbscClient(URI origin, CookieJar cookies) {
		this.origin = origin;
		this.cookies = cookies;
	}

	URI sessionsBase() {
		return this.origin;
	}

	/** Another device with a copy of this one's cookies and nothing else. */
	DbscClient cookieThief() {
		return new DbscClient(this.origin, this.cookies.copy());
	}

	/** Another device with the cookies and the session state, but keys of its own. */
	DbscClient keyThief() {
		DbscClient thief = new DbscClient(this.origin, this.cookies.copy());
		this.sessions.forEach((s) -> thief.sessions.add(s.withKey(DbscProofs.newKey())));
		return thief;
	}

	HttpResponse<String> get(String path) {
		return fetch(HttpRequest.newBuilder().GET(), this.origin.resolve(path));
	}

	HttpResponse<String> postForm(String path, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		return fetch(HttpRequest.newBuilder()
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)), this.origin.resolve(path));
	}

	/** HTTP-network-or-cache fetch with the specification's changes. */
	HttpResponse<String> fetch(HttpRequest.Builder request, URI uri) {
		Set<String> deferred = new HashSet<>();
		BoundSession needing;
		while ((needing = needingRefresh(uri, deferred)) != null) {
			deferred.add(needing.id);
			sessionRequest(needing.refreshUrl, needing.key, needing.id, needing.challenge, false);
		}
		return send(request.uri(uri), uri);
	}

	/**
	 * A POST to a protocol endpoint with exactly the given headers and this client's
	 * cookies.
	 */
	HttpResponse<String> rawPost(URI uri, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody());
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.uri(uri), uri);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, URI uri) {
		String cookie = this.cookies.header(uri);
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		this.cookies.store(uri, response.headers().allValues("Set-Cookie"));
		clearSiteData(response);
		processRegistration(uri, response);
		processChallenges(response);
		return response;
	}

	private @Nullable BoundSession needingRefresh(URI uri, Set<String> deferred) {
		for (BoundSession session : this.sessions) {
			if (!deferred.contains(session.id) && session.includes(uri) && sameOrigin(uri, session.origin)
					&& session.credentials.stream()
						.anyMatch((c) -> !this.cookies.satisfies(uri, c.name(), c.attributes()))) {
				return session;
			}
		}
		return null;
	}

	/** Clear-Site-Data "cookies" also removes the site's device bound sessions. */
	private void clearSiteData(HttpResponse<String> response) {
		String directives = String.join(",", response.headers().allValues("Clear-Site-Data"));
		if (directives.contains("\"cookies\"") || directives.contains("\"*\"")) {
			this.cookies.clear();
			this.sessions.clear();
		}
	}

	private void processRegistration(URI uri, HttpResponse<String> response) {
		if (!this.registers) {
			return;
		}
		List<Member> entries = StructuredFieldList.parse(response.headers().allValues(REGISTRATION));
		if (entries == null) {
			return;
		}
		for (Member entry : entries) {
			if (!entry.isInnerList() || !(entry.parameters().get("path") instanceof String path)) {
				continue;
			}
			Object challenge = entry.parameters().get("challenge");
			if (challenge != null && !(challenge instanceof String)) {
				continue;
			}
			boolean es256 = ((List<?>) entry.value()).contains(new Token("ES256"));
			if (!es256) {
				return;
			}
			sessionRequest(uri.resolve(path), DbscProofs.newKey(), null, (String) challenge, false);
		}
	}

	private void processChallenges(HttpResponse<String> response) {
		List<Member> challenges = StructuredFieldList.parse(response.headers().allValues(CHALLENGE));
		if (challenges == null) {
			return;
		}
		for (Member challenge : challenges) {
			if (challenge.value() instanceof String value && challenge.parameters().get("id") instanceof String id) {
				this.sessions.stream().filter((s) -> s.id.equals(id)).forEach((s) -> s.challenge = value);
			}
		}
	}

	/** The specification's "send a request" for registration or refresh. */
	private void sessionRequest(URI destination, KeyPair key, @Nullable String id, @Nullable String challenge,
			boolean restarted) {
		HttpRequest.Builder request = HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody());
		if (challenge != null) {
			request.header(RESPONSE, DbscProofs.sfString(DbscProofs.proof(key, challenge, id == null)));
		}
		if (id != null) {
			request.header(SESSION_ID, DbscProofs.sfString(id));
		}
		HttpResponse<String> response = send(request.uri(destination), destination);
		int status = response.statusCode();
		this.protocolLog.add(((id == null) ? "registration " : "refresh ") + status);
		if (status == 407 || status == 429 || (status >= 300 && status < 400) || status >= 500) {
			return;
		}
		if (status == 403) {
			BoundSession session = (id != null) ? find(id) : null;
			if (session != null && !restarted) {
				sessionRequest(destination, key, id, session.challenge, true);
			}
			return;
		}
		if (status >= 400) {
			terminate(id);
			return;
		}
		if (id != null && response.body().isEmpty()) {
			return;
		}
		BoundSession created = BoundSession.fromInstructions(response.body(), destination, id, key);
		terminate(id);
		if (created != null) {
			this.sessions.add(created);
			processChallenges(response);
		}
	}

	private void terminate(@Nullable String id) {
		if (id != null) {
			this.sessions.removeIf((s) -> s.id.equals(id));
		}
	}

	@Nullable BoundSession find(String id) {
		return this.sessions.stream().filter((s) -> s.id.equals(id)).findFirst().orElse(null);
	}

	static boolean sameOrigin(URI a, URI b) {
		return a.getScheme().equals(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
				&& a.getPort() == b.getPort();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
