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

import java.util.Map;

import dev.sessionstarter.autoconfigure.SessionSignalsEndToEndTests;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.autoconfigure.reactive.app.ReactiveApplication;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SessionSignalsEndToEndTests} against the reactive end-to-end application, with
 * one difference: failed form logins are not counted there, since Spring Security's
 * reactive side publishes no authentication events (spring-security#4961). Failed
 * password grants of the API token endpoint are, as the starter's reactive endpoint
 * publishes them itself.
 */
@SpringBootTest(classes = ReactiveApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "server.forward-headers-strategy=native",
				"session-starter.anomaly.max-networks=2", "session-starter.anomaly.max-failures=3",
				"session-starter.api-tokens.enabled=true", "session-starter.transport=both" })
@Import(RecordedEvents.class)
@AutoConfigureRealRedis
@ExtendWith(ReactiveBlockingChecks.class)
class ReactiveSessionSignalsEndToEndTests extends SessionSignalsEndToEndTests {

	@LocalServerPort
	int reactivePort;

	@Autowired
	RecordedEvents recorded;

	/**
	 * Not run here: failed form logins of a reactive application are not counted (see the
	 * class comment).
	 */
	@Override
	public void burstOfFailedLoginsIsReportedOnce() {
	}

	@Test
	void burstOfFailedPasswordGrantsIsReportedOnce() {
		WebClientHttp http = new WebClientHttp(this.reactivePort);
		this.recorded.clear();
		for (int i = 0; i < 4; i++) {
			assertThat(WebClientHttp.status(http.post("/oauth2/token",
					Map.of("grant_type", "password", "username", "bob", "password", "wrong"))))
				.isEqualTo(400);
		}
		assertOneBurstOfFailedLogins(this.recorded, "bob");
	}

}
