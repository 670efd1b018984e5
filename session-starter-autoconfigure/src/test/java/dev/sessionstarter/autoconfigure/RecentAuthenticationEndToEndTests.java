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

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionReauthenticatedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.MovableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes that require a recent authentication ({@code /sensitive/**}: a login within the
 * last 5 minutes), over real HTTP with a real Redis. The store's clock is moved by the
 * test, so a login becomes too old without waiting.
 */
@SpringBootTest(
		classes = { EndToEndApplication.class, MovableClockConfiguration.class,
				RecentAuthenticationEndToEndTests.Metrics.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.timeout.idle=30m", "session-starter.timeout.absolute=1h" })
@AutoConfigureRealRedis
class RecentAuthenticationEndToEndTests {

	private static final Pattern SAVED_REQUEST = Pattern.compile("REDIRECT_URI=([^;]*)");

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RecordedEvents events;

	@Autowired
	RedisSessionStore store;

	@Autowired
	MeterRegistry registry;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	@Test
	void aFreshLoginOpensTheSensitivePageAndAStaleOneIsSentToReauthenticate() {
		CookieSessionEndToEndTests.Session alice = CookieSessionEndToEndTests.Session.start(this.http)
			.login("alice", "password");
		assertThat(get("/sensitive/page", alice.token).statusCode()).as("a login just now").isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(get("/sensitive/page", alice.token).statusCode()).as("4 minutes after it").isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(1));

		HttpResponse<String> stale = get("/sensitive/page", alice.token);
		assertThat(stale.statusCode()).as("5 minutes after it").isEqualTo(302);
		assertThat(stale.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?factor.type=password&factor.reason=expired"));
		assertThat(savedRequest(stale)).as("the page to come back to").isEqualTo("/sensitive/page");
		assertThat(get("/me", alice.token).statusCode()).as("ordinary pages stay open").isEqualTo(200);
	}

	@Test
	void reauthenticationKeepsTheDataGivesANewTokenKeepsTheDeadlineAndReturnsToThePage() {
		CookieSessionEndToEndTests.Session visitor = CookieSessionEndToEndTests.Session.start(this.http);
		visitor.addToCart("book");
		CookieSessionEndToEndTests.Session alice = visitor.login("alice", "password");
		StoredSession before = this.store.findById(alice.token);
		assertThat(before).isNotNull();
		this.clock.advance(Duration.ofMinutes(6));
		String saved = savedRequest(get("/sensitive/page", alice.token));
		this.events.clear();
		double reauthenticatedBefore = reauthenticatedCount();

		HttpResponse<String> login = reauthenticate(alice, "alice", saved);
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).as("back to the page asked for")
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/sensitive/page"));
		String token = Http.sessionToken(login);
		assertThat(token).as("a new token").isNotNull().isNotEqualTo(alice.token);
		assertThat(get("/sensitive/page", token).statusCode()).isEqualTo(200);
		assertThat(get("/me", alice.token).statusCode()).as("the previous token is dead").isEqualTo(302);
		assertThat(this.http.get("/public/cart", "Cookie", Http.cookie(token)).body()).contains("book");
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
		assertThat(reauthenticatedCount() - reauthenticatedBefore).isEqualTo(1);
	}

	@Test
	void aReauthenticationNeverMovesTheAbsoluteDeadline() {
		CookieSessionEndToEndTests.Session alice = CookieSessionEndToEndTests.Session.start(this.http)
			.login("alice", "password");
		this.clock.advance(Duration.ofMinutes(25));
		assertThat(get("/me", alice.token).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(25));
		String saved = savedRequest(get("/sensitive/page", alice.token));
		String token = Http.sessionToken(reauthenticate(alice, "alice", saved));
		assertThat(get("/sensitive/page", token).statusCode()).as("50 minutes in, just re-authenticated")
			.isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(get("/me", token).statusCode()).as("one hour after the first login").isEqualTo(302);
	}

	@Test
	void aFormPostIsShownAgainAfterReauthenticationNotReplayed() {
		CookieSessionEndToEndTests.Session alice = CookieSessionEndToEndTests.Session.start(this.http)
			.login("alice", "password");
		this.clock.advance(Duration.ofMinutes(6));
		int actions = sensitiveActions();
		HttpResponse<String> post = this.http.post("/sensitive/action", Map.of("_csrf", alice.csrf), "Cookie",
				Http.cookie(alice.token), "Referer", "http://localhost:" + this.port + "/sensitive/form?step=2");
		assertThat(post.statusCode()).isEqualTo(302);
		String saved = savedRequest(post);
		assertThat(saved).as("the page of the form").isEqualTo("/sensitive/form?step=2");

		HttpResponse<String> login = reauthenticate(alice, "alice", saved);
		assertThat(login.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/sensitive/form?step=2"));
		assertThat(sensitiveActions()).as("the post never ran").isEqualTo(actions);
	}

	@Test
	void aPostWithAForeignRefererComesBackToTheRootNotThere() {
		CookieSessionEndToEndTests.Session alice = CookieSessionEndToEndTests.Session.start(this.http)
			.login("alice", "password");
		this.clock.advance(Duration.ofMinutes(6));
		HttpResponse<String> post = this.http.post("/sensitive/action", Map.of("_csrf", alice.csrf), "Cookie",
				Http.cookie(alice.token), "Referer", "https://elsewhere.example/phish");
		assertThat(post.statusCode()).isEqualTo(302);
		assertThat(savedRequest(post)).isEqualTo("/");
	}

	@Test
	void apiCallsGet401WithAChallengeThatSaysWhy() {
		CookieSessionEndToEndTests.Session alice = CookieSessionEndToEndTests.Session.start(this.http)
			.login("alice", "password");
		this.clock.advance(Duration.ofMinutes(6));
		for (String[] headers : new String[][] { { "Accept", "application/json" },
				{ "X-Requested-With", "XMLHttpRequest" } }) {
			HttpResponse<String> response = this.http.get("/sensitive/page", "Cookie", Http.cookie(alice.token),
					headers[0], headers[1]);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Session ")
					.contains("error=\"insufficient_user_authentication\"", "max_age=300", "factor=\"password\""));
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
			assertThat(response.body()).contains("\"max_age\":300");
			assertThat(Http.setCookies(response)).as("nothing to come back to").isEmpty();
		}
	}

	@Test
	void anotherUserIsRefusedAndTheSessionStaysAsItWas() {
		CookieSessionEndToEndTests.Session alice = CookieSessionEndToEndTests.Session.start(this.http);
		alice.addToCart("book");
		alice = alice.login("alice", "password");
		this.clock.advance(Duration.ofMinutes(6));
		this.events.clear();

		HttpResponse<String> bob = reauthenticate(alice, "bob", null);
		assertThat(bob.statusCode()).isEqualTo(302);
		assertThat(bob.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?error"));
		assertThat(Http.sessionToken(bob)).as("no new session cookie").isNull();
		assertThat(get("/me", alice.token).body()).as("still alice's session").contains("\"name\":\"alice\"");
		assertThat(this.http.get("/public/cart", "Cookie", Http.cookie(alice.token)).body()).contains("book");
		assertThat(get("/sensitive/page", alice.token).statusCode()).as("and no fresher than before").isEqualTo(302);
		assertThat(this.events.sessionEvents()).as("nothing happened to the session").isEmpty();
	}

	@Test
	void eachNamedFactorMustBeRecent() {
		CookieSessionEndToEndTests.Session alice = CookieSessionEndToEndTests.Session.start(this.http)
			.login("alice", "password");
		HttpResponse<String> response = get("/password-sensitive/page", alice.token);
		assertThat(response.statusCode()).as("a password login has no one-time-token factor").isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?factor.type=ott&factor.reason=missing"));
	}

	private HttpResponse<String> get(String path, @Nullable String token) {
		return this.http.get(path, "Cookie", Http.cookie(String.valueOf(token)));
	}

	private HttpResponse<String> reauthenticate(CookieSessionEndToEndTests.Session session, String username,
			@Nullable String savedRequest) {
		String cookies = Http.cookie(session.token);
		if (savedRequest != null) {
			cookies += "; REDIRECT_URI="
					+ Base64.getEncoder().encodeToString(savedRequest.getBytes(StandardCharsets.UTF_8));
		}
		return this.http.post("/login", Map.of("username", username, "password", "password", "_csrf", session.csrf),
				"Cookie", cookies);
	}

	private static String savedRequest(HttpResponse<String> response) {
		for (String header : Http.setCookies(response)) {
			Matcher matcher = SAVED_REQUEST.matcher(header);
			if (matcher.find() && !matcher.group(1).isEmpty()) {
				return new String(Base64.getDecoder().decode(matcher.group(1)), StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("no saved request in " + Http.setCookies(response));
	}

	private int sensitiveActions() {
		return Integer.parseInt(this.http.get("/public/sensitive-actions").body());
	}

	private double reauthenticatedCount() {
		return this.registry.counter("session.starter.events", "type", "re-authenticated").count();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Metrics {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
