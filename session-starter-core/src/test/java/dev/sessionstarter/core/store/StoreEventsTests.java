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

package dev.sessionstarter.core.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.core.event.SessionAnomalyEvent;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionLimitExceededEvent;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.event.SessionRotatedEvent;
import dev.sessionstarter.core.signal.BindingPolicy;
import dev.sessionstarter.core.signal.ClientBindingCheck;
import dev.sessionstarter.core.signal.IpPrefixes;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import dev.sessionstarter.test.RedisMonitor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.sessionstarter.core.store.UserSessionsTests.context;
import static dev.sessionstarter.core.store.UserSessionsTests.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the store publishes, and that publishing and checks cost no round trip.
 */
@RealRedisTest
class StoreEventsTests extends StoreTestSupport {

	private static final SessionEventContext CLIENT = new SessionEventContext("198.51.100.7", "Firefox 128 on Linux");

	private final List<Object> events = new ArrayList<>();

	@Test
	void eventsNameTheClientBoundToTheRequest() {
		RedisSessionStore store = publishing(store());
		try (SessionEventContext.Binding binding = SessionEventContext.bind(() -> CLIENT)) {
			storedSession(store, Map.of("cart", "1"));
		}
		storedSession(store, Map.of("cart", "2"));
		assertThat(sessionEvents()).extracting(SessionEvent::getContext)
			.containsExactly(CLIENT, SessionEventContext.NONE);
	}

	@Test
	void aRotationNamesTheReasonGivenBeforeItOnlyOnce() {
		RedisSessionStore store = publishing(store());
		String token = login(store, "kim", Map.of());
		this.events.clear();
		try (SessionEventContext.Binding binding = SessionEventContext.bind(() -> CLIENT)) {
			SessionEventContext.rotating(SessionRotatedEvent.Reason.INTERVAL);
			token = rotate(store, token);
			token = rotate(store, token);
		}
		assertThat(sessionEvents()).map(SessionRotatedEvent.class::cast)
			.extracting(SessionRotatedEvent::getReason)
			.containsExactly(SessionRotatedEvent.Reason.INTERVAL, SessionRotatedEvent.Reason.PRIVILEGE_CHANGE);
	}

	// standalone-only: a Cluster has no concurrent-session limit (refused at start-up)
	@Tag("standalone-only")
	@Test
	void rejectedLoginAtTheLimitIsPublished() {
		RedisSessionStore store = publishing(store());
		store.setSessionLimit(1, SessionLimitPolicy.REJECT);
		login(store, "lou", Map.of());
		String anonymous = storedSession(store, Map.of("cart", "1"));
		this.events.clear();
		StoredSession session = store.findById(anonymous);
		String rejected = session.changeSessionId();
		session.setAttribute("SPRING_SECURITY_CONTEXT", context("lou"));
		store.save(session);
		assertThat(sessionEvents()).singleElement().isInstanceOfSatisfying(SessionLimitExceededEvent.class, (limit) -> {
			assertThat(limit.getRejected()).isTrue();
			assertThat(limit.getLimit()).isEqualTo(1);
			assertThat(limit.getSessionId()).isEqualTo(SessionTokens.storageId(rejected));
			assertThat(limit.getPrincipal()).isEqualTo("lou");
		});
	}

	@Test
	void anAccessCheckThatRefusesEndsTheSessionAndSaysWhy(RealRedis redis) {
		RedisSessionStore store = publishing(store());
		String token = login(store, "max", Map.of());
		this.events.clear();
		store.setAccessCheck((session, client) -> SessionRevokedEvent.Reason.BINDING_MISMATCH);
		assertThat(store.findById(token)).isNull();
		store.setAccessCheck(null);
		assertThat(store.findById(token)).as("deleted, not only hidden").isNull();
		assertThat(sessionEvents()).extracting(SessionEvent::getType, SessionEvent::getPrincipal)
			.containsExactly(tuple("revoked", "max"));
	}

	// standalone-only: counts round trips with MONITOR, which sees one node of a Cluster
	@Tag("standalone-only")
	// uncached: counts the round trips of a store without a near cache (NearCacheTests
	// counts those of one with it).
	@Tag("uncached")
	@Test
	void anAuthenticatedLoadWithBindingChecksIsStillOneRoundTrip(RealRedis redis) {
		RedisSessionStore store = publishing(store());
		store.setAccessCheck(new ClientBindingCheck(this.events::add, BindingPolicy.REPORT, BindingPolicy.REPORT,
				new IpPrefixes(24, 48)));
		String token = login(store, "ned", Map.of(UserSessions.USER_AGENT_ATTRIBUTE, "Firefox 128 on Linux",
				UserSessions.CLIENT_IP_ATTRIBUTE, "198.51.100.7"));
		// Caches the load script, as any earlier request would have.
		store.findById(token);
		this.events.clear();
		try (RedisMonitor monitor = RedisMonitor.start(redis);
				SessionEventContext.Binding binding = SessionEventContext.bind(() -> CLIENT)) {
			StoredSession session = store.findById(token);
			assertThat(session).isNotNull();
			store.save(session);
			assertThat(monitor.roundTrips()).isEqualTo(Map.of("evalsha", 1L));
		}
		assertThat(this.events).isEmpty();
	}

	@Test
	void networksAreCountedWithinTheWindowOnly() {
		RedisSessionStore store = publishing(store());
		ClientBindingCheck check = new ClientBindingCheck(this.events::add, BindingPolicy.OFF, BindingPolicy.OFF,
				new IpPrefixes(24, 48));
		check.setNetworkLimit(2, Duration.ofHours(1));
		Instant start = Instant.parse("2026-01-01T00:00:00Z");
		check.setClock(Clock.fixed(start, ZoneOffset.UTC));
		store.setAccessCheck(check);
		String token = login(store, "ola", Map.of(UserSessions.USER_AGENT_ATTRIBUTE, "Firefox 128 on Linux",
				UserSessions.CLIENT_IP_ATTRIBUTE, "198.51.100.7"));
		this.events.clear();
		visit(store, token, "203.0.113.5");
		check.setClock(Clock.fixed(start.plus(Duration.ofHours(2)), ZoneOffset.UTC));
		visit(store, token, "192.0.2.1");
		assertThat(this.events).as("the first other network is out of the window").isEmpty();
		visit(store, token, "192.0.2.200");
		visit(store, token, "203.0.113.9");
		assertThat(sessionEvents()).singleElement().isInstanceOfSatisfying(SessionAnomalyEvent.class, (anomaly) -> {
			assertThat(anomaly.getKind()).isEqualTo(SessionAnomalyEvent.Kind.MANY_NETWORKS);
			assertThat(anomaly.getContext().clientIp()).isEqualTo("203.0.113.9");
		});
	}

	private void visit(RedisSessionStore store, String token, String clientIp) {
		SessionEventContext client = new SessionEventContext(clientIp, "Firefox 128 on Linux");
		try (SessionEventContext.Binding binding = SessionEventContext.bind(() -> client)) {
			StoredSession session = store.findById(token);
			assertThat(session).isNotNull();
			store.save(session);
		}
	}

	private String rotate(RedisSessionStore store, String token) {
		StoredSession session = store.findById(token);
		assertThat(session).isNotNull();
		String rotated = session.changeSessionId();
		store.save(session);
		return rotated;
	}

	private RedisSessionStore publishing(RedisSessionStore store) {
		store.setApplicationEventPublisher(this.events::add);
		return store;
	}

	private List<SessionEvent> sessionEvents() {
		return this.events.stream().map(SessionEvent.class::cast).toList();
	}

}
