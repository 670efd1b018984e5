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

import java.util.List;

import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each new token of a reactive request says why it was given, as on the servlet side
 * ({@code SessionEventsEndToEndTests}): a login, a privilege change, a password change;
 * and it names the client.
 */
@ReactiveEndToEndTest
@Import(RecordedEvents.class)
class ReactiveRotationEventsEndToEndTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordedEvents events;

	WebClientHttp http;

	@BeforeEach
	void client() {
		this.http = new WebClientHttp(this.port);
		this.events.clear();
	}

	@Test
	void loginStepUpAndPasswordChangeEachSayWhyTheTokenChanged() {
		BrowserSession alice = BrowserSession.start(this.http).login("alice", "password");
		assertThat(rotations()).containsExactly(Reason.LOGIN);

		EntityExchangeResult<String> stepUp = alice.post("/step-up");
		assertThat(status(stepUp)).isEqualTo(200);
		assertThat(rotations()).containsExactly(Reason.LOGIN, Reason.PRIVILEGE_CHANGE);

		BrowserSession elevated = BrowserSession.of(this.http, WebClientHttp.sessionToken(stepUp));
		assertThat(status(elevated.post("/password"))).isEqualTo(200);
		assertThat(rotations()).containsExactly(Reason.LOGIN, Reason.PRIVILEGE_CHANGE, Reason.PASSWORD_CHANGE);

		assertThat(this.events.sessionEvents()).filteredOn(SessionRotatedEvent.class::isInstance)
			.allSatisfy((event) -> assertThat(event.getContext().clientIp()).isEqualTo("127.0.0.1"));
	}

	private List<Reason> rotations() {
		return this.events.sessionEvents()
			.stream()
			.filter(SessionRotatedEvent.class::isInstance)
			.map((event) -> ((SessionRotatedEvent) event).getReason())
			.toList();
	}

}
