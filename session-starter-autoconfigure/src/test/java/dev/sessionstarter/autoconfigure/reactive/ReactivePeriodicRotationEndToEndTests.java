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

import java.time.Duration;

import dev.sessionstarter.autoconfigure.MovableClockConfiguration;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionReuseDetectedEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Periodic rotation on a reactive application, mirroring the servlet side's
 * {@code RotationEndToEndTests}: after the interval a request gets a new cookie, the old
 * one still works within the grace period, and its replay afterwards is reuse that ends
 * the session. The store's clock is moved, so nothing sleeps.
 */
@ReactiveEndToEndTest
@Import({ MovableClockConfiguration.class, RecordedEvents.class })
@TestPropertySource(properties = { "session-starter.rotation.interval=10m", "session-starter.rotation.grace=5s" })
class ReactivePeriodicRotationEndToEndTests {

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RecordedEvents events;

	WebClientHttp http;

	@BeforeEach
	void client() {
		this.http = new WebClientHttp(this.port);
		this.events.clear();
	}

	@Test
	void oldCookieWorksWithinGraceAndItsReplayAfterwardsRevokesTheSession() {
		String first = BrowserSession.start(this.http).login("alice", "password").token;
		this.clock.advance(Duration.ofMinutes(10));
		this.events.clear();
		EntityExchangeResult<String> rotating = this.http.get("/me", "Cookie", WebClientHttp.cookie(first));
		assertThat(status(rotating)).isEqualTo(200);
		String second = WebClientHttp.sessionToken(rotating);
		assertThat(second).as("a new cookie after the interval").isNotNull().isNotEqualTo(first);
		assertThat(this.events.await(1)).singleElement().isInstanceOfSatisfying(SessionRotatedEvent.class, (event) -> {
			assertThat(event.getReason()).isEqualTo(SessionRotatedEvent.Reason.INTERVAL);
			assertThat(event.getPreviousSessionId()).isEqualTo(SessionTokens.storageId(first));
			assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(second));
			assertThat(event.getPrincipal()).isEqualTo("alice");
		});
		this.events.clear();

		EntityExchangeResult<String> inFlight = this.http.get("/me", "Cookie", WebClientHttp.cookie(first));
		assertThat(status(inFlight)).as("the previous cookie within the grace period").isEqualTo(200);
		assertThat(inFlight.getResponseBody()).contains("alice");
		assertThat(WebClientHttp.sessionToken(inFlight)).as("no cookie for a request within the grace period").isNull();
		assertThat(status(this.http.get("/me", "Cookie", WebClientHttp.cookie(second)))).isEqualTo(200);
		assertThat(this.events.sessionEvents()).as("requests within the grace period").isEmpty();

		this.clock.advance(Duration.ofSeconds(5));
		assertThat(status(this.http.get("/me", "Cookie", WebClientHttp.cookie(first))))
			.as("the previous cookie after the grace period")
			.isEqualTo(302);
		assertThat(status(this.http.get("/me", "Cookie", WebClientHttp.cookie(second)))).as("the session was revoked")
			.isEqualTo(302);
		assertThat(this.events.sessionEvents()).extracting(SessionEvent::getClass)
			.containsExactly(SessionReuseDetectedEvent.class, SessionRevokedEvent.class);
		assertThat(this.events.sessionEvents().get(1)).isInstanceOfSatisfying(SessionRevokedEvent.class,
				(event) -> assertThat(event.getReason()).isEqualTo(SessionRevokedEvent.Reason.REUSE_DETECTED));
	}

}
