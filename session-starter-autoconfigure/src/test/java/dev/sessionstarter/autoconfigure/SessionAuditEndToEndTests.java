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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.RealRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

import static dev.sessionstarter.autoconfigure.SessionEventsEndToEndTests.CHROME;
import static dev.sessionstarter.autoconfigure.SessionEventsEndToEndTests.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log and the metrics of a scripted run of every flow: the log has one line per
 * event and not one of the tokens the run minted; the counters match the events.
 */
@SpringBootTest(classes = { EndToEndApplication.class, SessionAuditEndToEndTests.Metrics.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRealRedis
@ExtendWith(OutputCaptureExtension.class)
public class SessionAuditEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	RecordedEvents events;

	@Autowired
	MeterRegistry registry;

	Http http;

	final List<String> tokens = new ArrayList<>();

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
		this.events.clear();
	}

	@Test
	void auditLogOfEveryFlowHoldsNoToken(CapturedOutput output, RealRedis redis) {
		Session user = track(track(Session.start(this.http)).login("alice", "password"));
		Session other = track(track(Session.start(this.http)).login("alice", "password"));
		String elevated = track(
				this.http.post("/step-up", Map.of("_csrf", user.csrf), "Cookie", Http.cookie(user.token)));
		this.http.get("/me", "Cookie", Http.cookie(elevated), "User-Agent", CHROME);
		String renewed = track(
				this.http.post("/password", Map.of("_csrf", user.csrf), "Cookie", Http.cookie(elevated)));
		this.http.post("/logout", Map.of("_csrf", this.http.get("/public/csrf", "Cookie", Http.cookie(renewed)).body()),
				"Cookie", Http.cookie(renewed));
		Session expiring = track(track(Session.start(this.http)).login("bob", "password"));
		redis.command("HSET", key(expiring.token), "lastAccess", "1");
		this.http.get("/me", "Cookie", Http.cookie(expiring.token));
		// created, rotated, authenticated (twice), rotated, binding-mismatch, revoked,
		// rotated, logged-out, created, rotated, authenticated, expired
		List<SessionEvent> events = this.events.await(15);
		assertThat(events).hasSize(15);
		assertThat(this.tokens).hasSize(8).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(other.token).isIn(this.tokens);
		List<String> auditLines = output.getAll()
			.lines()
			.filter((line) -> line.contains("dev.sessionstarter.audit") && line.contains("event="))
			.toList();
		assertThat(auditLines).hasSize(events.size());
		assertThat(auditLines).anySatisfy((line) -> assertThat(line).contains("event=binding-mismatch"))
			.anySatisfy((line) -> assertThat(line).contains("event=expired").contains("deadline=IDLE"))
			.anySatisfy((line) -> assertThat(line).contains("event=revoked").contains("reason=CREDENTIALS_CHANGED"))
			.anySatisfy((line) -> assertThat(line).contains("event=logged-out").contains("principal=alice"));
		for (String token : this.tokens) {
			assertThat(output.getAll()).as("log output of the run").doesNotContain(token);
		}
	}

	@Test
	void countersMatchTheEventsOfAScriptedFlow() {
		Map<String, Double> before = counters();
		// change-id, or move-in where a Cluster cannot rename across slots
		long rotationsBefore = storeCalls("change-id") + storeCalls("move-in");
		Session user = Session.start(this.http).login("alice", "password");
		String elevated = Http
			.sessionToken(this.http.post("/step-up", Map.of("_csrf", user.csrf), "Cookie", Http.cookie(user.token)));
		this.http.post("/logout",
				Map.of("_csrf", this.http.get("/public/csrf", "Cookie", Http.cookie(elevated)).body()), "Cookie",
				Http.cookie(elevated));
		List<SessionEvent> events = this.events.await(5);
		Map<String, Long> expected = events.stream()
			.collect(Collectors.groupingBy(SessionEvent::getType, Collectors.counting()));
		assertThat(expected).containsExactlyInAnyOrderEntriesOf(
				Map.of("created", 1L, "rotated", 2L, "authenticated", 1L, "logged-out", 1L));
		Map<String, Double> after = counters();
		Map<String, Long> counted = new HashMap<>();
		after.forEach((type, value) -> {
			long delta = (long) (value - before.getOrDefault(type, 0.0));
			if (delta != 0) {
				counted.put(type, delta);
			}
		});
		assertThat(counted).isEqualTo(expected);
		assertThat(before).containsKeys("reuse-detected", "binding-mismatch", "store-unavailable");
		assertThat(storeCalls("change-id") + storeCalls("move-in") - rotationsBefore).isEqualTo(2);
	}

	@Test
	void refusedTokensAreCountedByReasonWithoutAStoreCall(RealRedis redis) {
		Map<String, Double> before = rejections();
		assertThat(before).containsOnlyKeys("malformed", "ambiguous", "duplicate-authorization");
		Map<String, Long> commandsBefore = redis.commandStats();
		String wellFormed = SessionTokens.mint();
		this.http.get("/me", "Cookie", "__Host-SID=" + wellFormed.substring(1));
		this.http.get("/me", "Cookie", "__Host-SID=" + wellFormed + "%00");
		this.http.get("/me", "Cookie", "__Host-SID=" + wellFormed + "; __Host-SID=" + SessionTokens.mint());
		CookieSessionEndToEndTests.settle();
		assertThat(HostileInputEndToEndTests.withoutHandshake(redis.commandStatsDelta(commandsBefore))).isEmpty();
		// A request that gets a new session resolves its token twice (once more when the
		// session is committed); it still counts once.
		HttpResponse<String> withNewSession = this.http.get("/public/csrf", "Cookie", "__Host-SID=" + wellFormed + "!");
		assertThat(Http.sessionToken(withNewSession)).isNotNull();
		Map<String, Double> after = rejections();
		assertThat(after.get("malformed") - before.get("malformed")).isEqualTo(3.0);
		assertThat(after.get("ambiguous") - before.get("ambiguous")).isEqualTo(1.0);
		assertThat(after.get("duplicate-authorization")).isEqualTo(before.get("duplicate-authorization"));
	}

	private Map<String, Double> rejections() {
		return this.registry.find(SessionTokenRejectionMetrics.REJECTED)
			.counters()
			.stream()
			.collect(Collectors.toMap((counter) -> counter.getId().getTag("reason"), Counter::count));
	}

	private Map<String, Double> counters() {
		return this.registry.find(SessionEventMetrics.EVENTS)
			.counters()
			.stream()
			.collect(Collectors.toMap((counter) -> counter.getId().getTag("type"), Counter::count));
	}

	private long storeCalls(String operation) {
		Timer timer = this.registry.find("session.starter.store").tag("operation", operation).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private Session track(Session session) {
		this.tokens.add(session.token);
		return session;
	}

	private String track(HttpResponse<String> response) {
		String token = Http.sessionToken(response);
		this.tokens.add(token);
		assertThat(token).isNotNull();
		return token;
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Metrics {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
