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

import java.util.List;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionBindingMismatchEvent;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionLimitExceededEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static dev.sessionstarter.autoconfigure.SessionEventsEndToEndTests.CHROME;
import static dev.sessionstarter.autoconfigure.SessionEventsEndToEndTests.FIREFOX;
import static dev.sessionstarter.autoconfigure.SessionEventsEndToEndTests.id;
import static dev.sessionstarter.autoconfigure.SessionEventsEndToEndTests.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Strict binding ({@code revoke}) ends a session on the request from another client, and
 * the per-user limit announces the sessions it evicts.
 */
// standalone-only: uses a concurrent-session limit, which a Cluster refuses at start-up
@Tag("standalone-only")
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.forward-headers-strategy=native", "session-starter.binding.ip=revoke",
				"session-starter.binding.user-agent=revoke", "session-starter.max-sessions-per-user=1" })
@AutoConfigureRealRedis
public class SessionBindingRevokeEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	RecordedEvents events;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
		this.events.clear();
	}

	@Test
	void anotherNetworkEndsTheSessionOnThatRequest() {
		String token = login(this.http, "alice", FIREFOX, "X-Forwarded-For", "198.51.100.7");
		this.events.clear();
		assertThat(me(token, FIREFOX, "198.51.100.8")).as("same /24").isEqualTo(200);
		assertThat(me(token, FIREFOX, "203.0.113.5")).isEqualTo(302);
		assertThat(me(token, FIREFOX, "198.51.100.7")).as("ended for good").isEqualTo(302);
		List<SessionEvent> events = this.events.await(2);
		assertThat(events).extracting(SessionEvent::getType, SessionEvent::getSessionId)
			.containsExactly(tuple("binding-mismatch", id(token)), tuple("revoked", id(token)));
		assertThat(((SessionBindingMismatchEvent) events.get(0)).getRevoked()).isTrue();
		assertThat(((SessionRevokedEvent) events.get(1)).getReason())
			.isEqualTo(SessionRevokedEvent.Reason.BINDING_MISMATCH);
	}

	@Test
	void anotherUserAgentEndsTheSessionOnThatRequest() {
		String token = login(this.http, "alice", FIREFOX, "X-Forwarded-For", "198.51.100.7");
		this.events.clear();
		assertThat(me(token, CHROME, "198.51.100.7")).isEqualTo(302);
		assertThat(this.events.await(2)).extracting(SessionEvent::getType, SessionEvent::getSessionId)
			.containsExactly(tuple("binding-mismatch", id(token)), tuple("revoked", id(token)));
	}

	@Test
	void loginOverTheLimitAnnouncesTheEvictedSession() {
		String first = login(this.http, "alice", FIREFOX, "X-Forwarded-For", "198.51.100.7");
		this.events.clear();
		String second = login(this.http, "alice", FIREFOX, "X-Forwarded-For", "198.51.100.7");
		List<SessionEvent> events = this.events.await(5);
		assertThat(events).extracting(SessionEvent::getType)
			.containsExactly("created", "rotated", "limit-exceeded", "revoked", "authenticated");
		assertThat(events.get(2)).isInstanceOfSatisfying(SessionLimitExceededEvent.class, (limit) -> {
			assertThat(limit.getSessionId()).isEqualTo(id(second));
			assertThat(limit.getLimit()).isEqualTo(1);
			assertThat(limit.getRejected()).isFalse();
		});
		assertThat(events.get(3)).isInstanceOfSatisfying(SessionRevokedEvent.class, (revoked) -> {
			assertThat(revoked.getSessionId()).isEqualTo(id(first));
			assertThat(revoked.getReason()).isEqualTo(SessionRevokedEvent.Reason.SESSION_LIMIT);
			assertThat(revoked.getRevokedBy()).isNull();
		});
	}

	private int me(String token, String userAgent, String clientIp) {
		return this.http.get("/me", "Cookie", Http.cookie(token), "User-Agent", userAgent, "X-Forwarded-For", clientIp)
			.statusCode();
	}

}
