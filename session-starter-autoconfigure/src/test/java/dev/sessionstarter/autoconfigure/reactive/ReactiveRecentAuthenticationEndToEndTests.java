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
package dev.sessionstarter.autoconfigure.reactive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionstarter.autoconfigure.MovableClockConfiguration;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionReauthenticatedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.cookie;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.header;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.setCookies;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes of a reactive application that require a recent authentication
 * ({@code /sensitive/**}: a login within the last 5 minutes), the reactive mirror of the
 * servlet {@code RecentAuthenticationEndToEndTests}, over real HTTP with a real Redis.
 * The store's clock is moved by the test, so a login becomes too old without waiting.
 */
@ReactiveEndToEndTest
@Import({ MovableClockConfiguration.class, RecordedEvents.class })
class ReactiveRecentAuthenticationEndToEndTests {

	private static final Pattern SAVED_REQUEST = Pattern.compile("REDIRECT_URI=([^;]*)");

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RecordedEvents events;

	@Autowired
	RedisSessionStore store;

	WebClientHttp http;

	@BeforeEach
	void setUp() {
		this.http = new WebClientHttp(this.port);
	}

	@Test
	void aFreshLoginOpensTheSensitivePageAndAStaleOneIsSentToReauthenticate() {
		BrowserSession alice = BrowserSession.start(this.http).login("alice", "password");
		assertThat(status(page("/sensitive/page", alice.token))).as("a login just now").isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(status(page("/sensitive/page", alice.token))).as("4 minutes after it").isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(1));

		EntityExchangeResult<String> stale = page("/sensitive/page", alice.token);
		assertThat(status(stale)).as("5 minutes after it").isEqualTo(302);
		assertThat(header(stale, "Location")).isEqualTo("/login?factor.type=password&factor.reason=expired");
		assertThat(savedRequest(stale)).as("the page to come back to").isEqualTo("/sensitive/page");
		assertThat(status(alice.get("/me"))).as("ordinary pages stay open").isEqualTo(200);
	}

	@Test
	void reauthenticationKeepsTheDataGivesANewTokenKeepsTheDeadlineAndReturnsToThePage() {
		BrowserSession visitor = BrowserSession.start(this.http);
		visitor.addToCart("book");
		BrowserSession alice = visitor.login("alice", "password");
		StoredSession before = this.store.findById(alice.token);
		assertThat(before).isNotNull();
		this.clock.advance(Duration.ofMinutes(6));
		String saved = savedRequest(page("/sensitive/page", alice.token));
		this.events.clear();

		EntityExchangeResult<String> login = reauthenticate(alice, "alice", saved);
		assertThat(status(login)).isEqualTo(302);
		assertThat(header(login, "Location")).as("back to the page asked for").isEqualTo("/sensitive/page");
		String token = WebClientHttp.sessionToken(login);
		assertThat(token).as("a new token").isNotNull().isNotEqualTo(alice.token);
		assertThat(status(page("/sensitive/page", token))).isEqualTo(200);
		assertThat(status(alice.get("/me"))).as("the previous token is dead").isEqualTo(302);
		assertThat(status(this.http.post("/step-up", Map.of("_csrf", alice.csrf), "Cookie", cookie(token))))
			.as("the CSRF token from before the re-authentication is retired")
			.isEqualTo(403);
		assertThat(this.http.get("/public/cart", "Cookie", cookie(token)).getResponseBody()).contains("book");
		StoredSession after = this.store.findById(token);
		assertThat(after).isNotNull();
		assertThat(after.getCreationTime()).as("the absolute deadline stays").isEqualTo(before.getCreationTime());

		List<SessionEvent> published = this.events.await(2);
		assertThat(published).extracting(SessionEvent::getType).containsExactly("rotated", "re-authenticated");
		assertThat(published.get(0)).isInstanceOfSatisfying(SessionRotatedEvent.class, (rotated) -> {
			assertThat(rotated.getReason()).isEqualTo(SessionRotatedEvent.Reason.REAUTHENTICATION);
			assertThat(rotated.getPreviousSessionId()).isEqualTo(SessionTokens.storageId(alice.token));
		});
		assertThat(published.get(1)).isInstanceOfSatisfying(SessionReauthenticatedEvent.class, (event) -> {
			assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(token));
			assertThat(event.getPrincipal()).isEqualTo("alice");
		});
	}

	@Test
	void aFormPostIsShownAgainAfterReauthenticationNotReplayed() {
		BrowserSession alice = BrowserSession.start(this.http).login("alice", "password");
		this.clock.advance(Duration.ofMinutes(6));
		int actions = sensitiveActions();
		EntityExchangeResult<String> post = this.http.post("/sensitive/action", Map.of("_csrf", alice.csrf), "Cookie",
				cookie(alice.token), "Referer", "http://localhost:" + this.port + "/sensitive/form?step=2");
		assertThat(status(post)).isEqualTo(302);
		String saved = savedRequest(post);
		assertThat(saved).as("the page of the form").isEqualTo("/sensitive/form?step=2");

		EntityExchangeResult<String> login = reauthenticate(alice, "alice", saved);
		assertThat(header(login, "Location")).isEqualTo("/sensitive/form?step=2");
		assertThat(sensitiveActions()).as("the post never ran").isEqualTo(actions);
	}

	@Test
	void aPostWithAForeignRefererComesBackToTheRootNotThere() {
		BrowserSession alice = BrowserSession.start(this.http).login("alice", "password");
		this.clock.advance(Duration.ofMinutes(6));
		EntityExchangeResult<String> post = this.http.post("/sensitive/action", Map.of("_csrf", alice.csrf), "Cookie",
				cookie(alice.token), "Referer", "https://elsewhere.example/phish");
		assertThat(status(post)).isEqualTo(302);
		assertThat(savedRequest(post)).isEqualTo("/");
	}

	@Test
	void apiCallsGet401WithAChallengeThatSaysWhy() {
		BrowserSession alice = BrowserSession.start(this.http).login("alice", "password");
		this.clock.advance(Duration.ofMinutes(6));
		for (String[] headers : new String[][] { { "Accept", "application/json" },
				{ "X-Requested-With", "XMLHttpRequest" } }) {
			EntityExchangeResult<String> response = this.http.get("/sensitive/page", "Cookie", cookie(alice.token),
					headers[0], headers[1]);
			assertThat(status(response)).isEqualTo(401);
			assertThat(header(response, "WWW-Authenticate")).startsWith("Session ")
				.contains("error=\"insufficient_user_authentication\"", "max_age=300", "factor=\"password\"");
			assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
			assertThat(response.getResponseBody()).contains("\"max_age\":300");
			assertThat(setCookies(response)).as("nothing to come back to").isEmpty();
		}
	}

	@Test
	void anotherUserIsRefusedAndTheSessionStaysAsItWas() {
		BrowserSession alice = BrowserSession.start(this.http);
		alice.addToCart("book");
		alice = alice.login("alice", "password");
		this.clock.advance(Duration.ofMinutes(6));
		this.events.clear();

		EntityExchangeResult<String> bob = reauthenticate(alice, "bob", null);
		assertThat(status(bob)).isEqualTo(302);
		assertThat(header(bob, "Location")).isEqualTo("/login?error");
		assertThat(WebClientHttp.sessionToken(bob)).as("no new session cookie").isNull();
		assertThat(alice.get("/me").getResponseBody()).as("still alice's session").contains("\"name\":\"alice\"");
		assertThat(this.http.get("/public/cart", "Cookie", cookie(alice.token)).getResponseBody()).contains("book");
		assertThat(status(page("/sensitive/page", alice.token))).as("and no fresher than before").isEqualTo(302);
		assertThat(this.events.sessionEvents()).as("nothing happened to the session").isEmpty();
	}

	@Test
	void eachNamedFactorMustBeRecent() {
		BrowserSession alice = BrowserSession.start(this.http).login("alice", "password");
		EntityExchangeResult<String> response = page("/password-sensitive/page", alice.token);
		assertThat(status(response)).as("a password login has no one-time-token factor").isEqualTo(302);
		assertThat(header(response, "Location")).isEqualTo("/login?factor.type=ott&factor.reason=missing");
	}

	/**
	 * A page as a browser asks for it.
	 */
	private EntityExchangeResult<String> page(String path, @Nullable String token) {
		return this.http.get(path, "Cookie", cookie(String.valueOf(token)), "Accept", "text/html");
	}

	private EntityExchangeResult<String> reauthenticate(BrowserSession session, String username,
			@Nullable String savedRequest) {
		String cookies = cookie(session.token);
		if (savedRequest != null) {
			cookies += "; REDIRECT_URI="
					+ Base64.getEncoder().encodeToString(savedRequest.getBytes(StandardCharsets.UTF_8));
		}
		return this.http.post("/login", Map.of("username", username, "password", "password", "_csrf", session.csrf),
				"Cookie", cookies);
	}

	private static String savedRequest(EntityExchangeResult<String> response) {
		for (String header : setCookies(response)) {
			Matcher matcher = SAVED_REQUEST.matcher(header);
			if (matcher.find() && !matcher.group(1).isEmpty()) {
				return new String(Base64.getDecoder().decode(matcher.group(1)), StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("no saved request in " + setCookies(response));
	}

	private int sensitiveActions() {
		return Integer.parseInt(String.valueOf(this.http.get("/public/sensitive-actions").getResponseBody()));
	}

}
