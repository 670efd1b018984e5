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

import java.net.URI;
import java.util.List;

import dev.sessionstarter.autoconfigure.MovableClockConfiguration;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionDeviceBindingEvent;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static dev.sessionstarter.autoconfigure.dbsc.DeviceBindingEndToEndTests.PAST_BOUND_COOKIE;
import static dev.sessionstarter.autoconfigure.dbsc.DeviceBindingEndToEndTests.login;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mode: revoke}: a bound session presented without proof of its key ends, for the
 * copy and for the device alike.
 */
@SpringBootTest(classes = { EndToEndApplication.class, MovableClockConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.device-binding.enabled=true", "session-starter.device-binding.mode=revoke" })
@AutoConfigureRealRedis
class DeviceBindingRevokeEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RecordedEvents events;

	DbscClient browser;

	@BeforeEach
	void browser() {
		this.browser = new DbscClient(URI.create("http://127.0.0.1:" + this.port), this.clock);
		this.events.clear();
	}

	@Test
	void aCopiedCookieWithoutABoundCookieEndsTheSession() {
		login(this.browser, "alice");
		DbscClient thief = this.browser.cookieThief();
		this.clock.advance(PAST_BOUND_COOKIE);
		this.events.clear();
		assertThat(thief.get("/me").statusCode()).isEqualTo(302);
		List<SessionEvent> ended = this.events.await(2);
		assertThat(ended).extracting(SessionEvent::getType).containsExactly("device-unproven", "revoked");
		assertThat(((SessionDeviceBindingEvent) ended.get(0)).getRevoked()).isTrue();
		assertThat(((SessionRevokedEvent) ended.get(1)).getReason())
			.isEqualTo(SessionRevokedEvent.Reason.DEVICE_BINDING);
		assertThat(this.browser.get("/me").statusCode()).as("the device must sign in again").isEqualTo(302);
		assertThat(this.browser.sessions).as("told to end its binding").isEmpty();
	}

	@Test
	void aRefreshSignedByAnotherKeyEndsTheSession() {
		login(this.browser, "alice");
		DbscClient thief = this.browser.keyThief();
		this.clock.advance(PAST_BOUND_COOKIE);
		this.events.clear();
		assertThat(thief.get("/me").statusCode()).isEqualTo(302);
		assertThat(thief.protocolLog).containsExactly("refresh 403", "refresh 200");
		assertThat(this.events.await(2)).extracting(SessionEvent::getType)
			.containsSubsequence("device-unproven", "revoked");
		assertThat(this.browser.get("/me").statusCode()).isEqualTo(302);
	}

}
