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

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionAnomalyEvent;
import dev.sessionstarter.core.event.SessionBindingMismatchEvent;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static dev.sessionstarter.autoconfigure.SessionEventsEndToEndTests.FIREFOX;
import static dev.sessionstarter.autoconfigure.SessionEventsEndToEndTests.id;
import static dev.sessionstarter.autoconfigure.SessionEventsEndToEndTests.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Hijack signals with the default binding policy ({@code report}): a request from another
 * network keeps its session and is reported once per network; a session hopping across
 * networks and a burst of failed logins are reported as anomalies. Client addresses come
 * from {@code X-Forwarded-For}, trusted from the loopback proxy as in production behind a
 * load balancer.
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.forward-headers-strategy=native", "session-starter.anomaly.max-networks=2",
				"session-starter.anomaly.max-failures=3" })
@AutoConfigureRealRedis
public class SessionSignalsEndToEndTests {

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
	void anotherNetworkIsReportedOnceAndKeepsTheSession() {
		String token = login(this.http, "alice", FIREFOX, "X-Forwarded-For", "198.51.100.7");
		this.events.clear();
		assertThat(me(token, "198.51.100.99")).as("same /24").isEqualTo(200);
		assertThat(me(token, "203.0.113.5")).isEqualTo(200);
		assertThat(me(token, "203.0.113.6")).isEqualTo(200);
		assertThat(me(token, "198.51.100.7")).isEqualTo(200);
		assertThat(this.events.await(1)).singleElement()
			.isInstanceOfSatisfying(SessionBindingMismatchEvent.class, (mismatch) -> {
				assertThat(mismatch.getBinding()).isEqualTo(SessionBindingMismatchEvent.Binding.IP);
				assertThat(mismatch.getRevoked()).isFalse();
				assertThat(mismatch.getSessionId()).isEqualTo(id(token));
				assertThat(mismatch.getContext().clientIp()).isEqualTo("203.0.113.5");
			});
	}

	@Test
	void sessionUsedFromMoreNetworksThanAllowedIsAnAnomaly() {
		String token = login(this.http, "alice", FIREFOX, "X-Forwarded-For", "198.51.100.7");
		this.events.clear();
		assertThat(me(token, "203.0.113.5")).isEqualTo(200);
		assertThat(me(token, "192.0.2.1")).isEqualTo(200);
		List<SessionEvent> events = this.events.await(3);
		assertThat(events).extracting(SessionEvent::getType, (event) -> event.getContext().clientIp())
			.containsExactly(tuple("binding-mismatch", "203.0.113.5"), tuple("anomaly", "192.0.2.1"),
					tuple("binding-mismatch", "192.0.2.1"));
		assertThat(((SessionAnomalyEvent) events.get(1)).getKind()).isEqualTo(SessionAnomalyEvent.Kind.MANY_NETWORKS);
	}

	@Test
	public void burstOfFailedLoginsIsReportedOnce() {
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> start = this.http.get("/public/csrf");
			String token = Http.sessionToken(start);
			assertThat(token).isNotNull();
			String csrf = start.body();
			assertThat(this.http
				.post("/login", Map.of("username", "bob", "password", "wrong", "_csrf", csrf), "Cookie",
						Http.cookie(token))
				.headers()
				.firstValue("Location")).hasValueSatisfying((location) -> assertThat(location).contains("error"));
		}
		assertOneBurstOfFailedLogins(this.events, "bob");
	}

	/**
	 * Assert that the recorded events hold exactly one anomaly, a burst of failed logins
	 * of the user, tied to no session.
	 * @param events the recorded events
	 * @param user the user
	 */
	protected static void assertOneBurstOfFailedLogins(RecordedEvents events, String user) {
		List<SessionEvent> anomalies = events.await(1).stream().filter(SessionAnomalyEvent.class::isInstance).toList();
		assertThat(anomalies).singleElement().isInstanceOfSatisfying(SessionAnomalyEvent.class, (anomaly) -> {
			assertThat(anomaly.getKind()).isEqualTo(SessionAnomalyEvent.Kind.FAILED_LOGINS);
			assertThat(anomaly.getPrincipal()).isEqualTo(user);
			assertThat(anomaly.getSessionId()).isEmpty();
		});
	}

	private int me(String token, String clientIp) {
		return this.http.get("/me", "Cookie", Http.cookie(token), "User-Agent", FIREFOX, "X-Forwarded-For", clientIp)
			.statusCode();
	}

}
