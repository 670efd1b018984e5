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
import java.util.List;
import java.util.Map;

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionBindingMismatchEvent;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionExpiredEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Each real flow publishes exactly the expected session events, once, in order, naming
 * sessions by storage id and the client of the request.
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRealRedis
public class SessionEventsEndToEndTests {

	static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

	static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
			+ "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

	@Value("${local.server.port}")
	int port;

	@Autowired
	RecordedEvents events;

	@Autowired
	UserSessions userSessions;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
		this.events.clear();
	}

	@Test
	void loginPublishesCreatedRotatedAndAuthenticated() {
		Session anonymous = Session.start(this.http);
		Session user = anonymous.login("alice", "password");
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).statusCode()).isEqualTo(200);
		List<SessionEvent> events = this.events.await(3);
		assertThat(events).extracting(SessionEvent::getType, SessionEvent::getSessionId, SessionEvent::getPrincipal)
			.containsExactly(tuple("created", id(anonymous.token), null), tuple("rotated", id(user.token), "alice"),
					tuple("authenticated", id(user.token), "alice"));
		SessionRotatedEvent rotated = (SessionRotatedEvent) events.get(1);
		assertThat(rotated.getReason()).isEqualTo(SessionRotatedEvent.Reason.LOGIN);
		assertThat(rotated.getPreviousSessionId()).isEqualTo(id(anonymous.token));
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.getContext().clientIp()).isEqualTo("127.0.0.1");
			assertThat(event.getContext().userAgent()).startsWith("Java-http-client");
		});
	}

	@Test
	void ordinaryRequestsPublishNothing() {
		Session user = Session.start(this.http).login("alice", "password");
		this.events.clear();
		for (int i = 0; i < 5; i++) {
			assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).statusCode()).isEqualTo(200);
		}
		assertThat(this.events.await(0)).isEmpty();
	}

	@Test
	void privilegeChangePublishesOneRotation() {
		Session user = Session.start(this.http).login("alice", "password");
		this.events.clear();
		HttpResponse<String> stepUp = this.http.post("/step-up", Map.of("_csrf", user.csrf), "Cookie",
				Http.cookie(user.token));
		String elevated = Http.sessionToken(stepUp);
		assertThat(elevated).isNotNull();
		List<SessionEvent> events = this.events.await(1);
		assertThat(events).singleElement().isInstanceOfSatisfying(SessionRotatedEvent.class, (rotated) -> {
			assertThat(rotated.getReason()).isEqualTo(SessionRotatedEvent.Reason.PRIVILEGE_CHANGE);
			assertThat(rotated.getSessionId()).isEqualTo(id(elevated));
			assertThat(rotated.getPreviousSessionId()).isEqualTo(id(user.token));
			assertThat(rotated.getPrincipal()).isEqualTo("alice");
		});
	}

	@Test
	void logoutPublishesLoggedOut() {
		Session user = Session.start(this.http).login("alice", "password");
		this.events.clear();
		this.http.post("/logout", Map.of("_csrf", user.csrf), "Cookie", Http.cookie(user.token));
		assertThat(this.events.await(1))
			.extracting(SessionEvent::getType, SessionEvent::getSessionId, SessionEvent::getPrincipal)
			.containsExactly(tuple("logged-out", id(user.token), "alice"));
	}

	@Test
	void passwordChangeRevokesTheOtherSessionsAndRotatesThisOne() {
		Session other = Session.start(this.http).login("alice", "password");
		Session current = Session.start(this.http).login("alice", "password");
		this.events.clear();
		HttpResponse<String> changed = this.http.post("/password", Map.of("_csrf", current.csrf), "Cookie",
				Http.cookie(current.token));
		String renewed = Http.sessionToken(changed);
		assertThat(renewed).isNotNull();
		List<SessionEvent> events = this.events.await(2);
		assertThat(events).extracting(SessionEvent::getType, SessionEvent::getSessionId)
			.containsExactly(tuple("revoked", id(other.token)), tuple("rotated", id(renewed)));
		SessionRevokedEvent revoked = (SessionRevokedEvent) events.get(0);
		assertThat(revoked.getReason()).isEqualTo(SessionRevokedEvent.Reason.CREDENTIALS_CHANGED);
		assertThat(revoked.getRevokedBy()).isEqualTo("alice");
		assertThat(((SessionRotatedEvent) events.get(1)).getReason())
			.isEqualTo(SessionRotatedEvent.Reason.PASSWORD_CHANGE);
	}

	@Test
	void revocationsNameWhoAndWhy() {
		Session first = Session.start(this.http).login("alice", "password");
		Session second = Session.start(this.http).login("alice", "password");
		this.events.clear();
		assertThat(this.userSessions.revoke("alice", StoredSession.REFERENCE_PREFIX + id(first.token))).isTrue();
		this.userSessions.revokeAll("alice", "ops", SessionRevokedEvent.Reason.ADMINISTRATOR);
		assertThat(this.events.await(2)).map(SessionRevokedEvent.class::cast)
			.extracting(SessionEvent::getSessionId, SessionRevokedEvent::getRevokedBy, SessionRevokedEvent::getReason)
			.containsExactly(tuple(id(first.token), "alice", SessionRevokedEvent.Reason.USER),
					tuple(id(second.token), "ops", SessionRevokedEvent.Reason.ADMINISTRATOR));
	}

	@Test
	void idleExpiryIsPublishedWhenTheExpiredSessionIsPresented(RealRedis redis) {
		Session user = Session.start(this.http).login("alice", "password");
		this.events.clear();
		redis.command("HSET", key(user.token), "lastAccess", "1");
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).statusCode()).isEqualTo(302);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).statusCode()).isEqualTo(302);
		assertThat(this.events.await(1)).singleElement()
			.isInstanceOfSatisfying(SessionExpiredEvent.class, (expired) -> {
				assertThat(expired.getDeadline()).isEqualTo(SessionExpiredEvent.Deadline.IDLE);
				assertThat(expired.getSessionId()).isEqualTo(id(user.token));
				assertThat(expired.getPrincipal()).isEqualTo("alice");
			});
	}

	@Test
	void absoluteExpiryIsPublishedWhenTheExpiredSessionIsPresented(RealRedis redis) {
		Session user = Session.start(this.http).login("alice", "password");
		this.events.clear();
		redis.command("HSET", key(user.token), "absolute", "1");
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).statusCode()).isEqualTo(302);
		assertThat(this.events.await(1)).singleElement()
			.isInstanceOfSatisfying(SessionExpiredEvent.class,
					(expired) -> assertThat(expired.getDeadline()).isEqualTo(SessionExpiredEvent.Deadline.ABSOLUTE));
	}

	@Test
	void unreadableSessionIsRevokedAsInvalid(RealRedis redis) {
		Session user = Session.start(this.http).login("alice", "password");
		this.events.clear();
		redis.command("HSET", key(user.token), "v", "0");
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).statusCode()).isEqualTo(302);
		assertThat(this.events.await(1)).singleElement()
			.isInstanceOfSatisfying(SessionRevokedEvent.class, (revoked) -> {
				assertThat(revoked.getReason()).isEqualTo(SessionRevokedEvent.Reason.INVALID);
				assertThat(revoked.getRevokedBy()).isNull();
				assertThat(revoked.getPrincipal()).isEqualTo("alice");
			});
	}

	@Test
	void anotherUserAgentIsReportedOnceAndKeepsTheSession() {
		String token = login(this.http, "alice", FIREFOX);
		this.events.clear();
		assertThat(this.http.get("/me", "Cookie", Http.cookie(token), "User-Agent", CHROME).statusCode())
			.isEqualTo(200);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(token), "User-Agent", CHROME).statusCode())
			.isEqualTo(200);
		// A browser update is no mismatch.
		assertThat(this.http.get("/me", "Cookie", Http.cookie(token), "User-Agent", FIREFOX.replace("128", "129"))
			.statusCode()).isEqualTo(200);
		assertThat(this.events.await(1)).singleElement()
			.isInstanceOfSatisfying(SessionBindingMismatchEvent.class, (mismatch) -> {
				assertThat(mismatch.getBinding()).isEqualTo(SessionBindingMismatchEvent.Binding.USER_AGENT);
				assertThat(mismatch.getRevoked()).isFalse();
				assertThat(mismatch.getContext().userAgent()).isEqualTo("Chrome 120 on Windows");
			});
	}

	/**
	 * Log in as a browser would, sending the given headers with every request.
	 * @return the session token after login
	 */
	static String login(Http http, String username, String userAgent, String... headers) {
		String[] all = new String[headers.length + 2];
		all[0] = "User-Agent";
		all[1] = userAgent;
		System.arraycopy(headers, 0, all, 2, headers.length);
		HttpResponse<String> start = http.get("/public/csrf", all);
		String anonymous = Http.sessionToken(start);
		assertThat(anonymous).isNotNull();
		HttpResponse<String> login = http.post("/login",
				Map.of("username", username, "password", "password", "_csrf", start.body()),
				concat(all, "Cookie", Http.cookie(anonymous)));
		assertThat(login.statusCode()).isEqualTo(302);
		String token = Http.sessionToken(login);
		assertThat(token).isNotNull();
		return token;
	}

	static String[] concat(String[] headers, String... more) {
		String[] all = new String[headers.length + more.length];
		System.arraycopy(headers, 0, all, 0, headers.length);
		System.arraycopy(more, 0, all, headers.length, more.length);
		return all;
	}

	static String id(String token) {
		return SessionTokens.storageId(token);
	}

	static String key(String token) {
		return "session-starter:s:{" + id(token) + "}";
	}

}
