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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import java.util.concurrent.TimeUnit;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.app.RecordedEvents;
import dev.sessionstarter.core.event.SessionStoreUnavailableEvent;
import dev.sessionstarter.core.store.NearCache;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure behaviour promised in the README, against a real Redis that really goes
 * away: while it is down, a request that needs its session gets 503 with Retry-After
 * (never a redirect to the login page, never a fresh session), a request that needs no
 * session is served, health is DOWN; once it is back, the very same session works again
 * without anyone intervening.
 * <p>
 * The dedicated server persists its writes, so after the restart the session is the one
 * stored before the outage (same creation time), as with a production Redis with AOF. Its
 * Lua script cache is empty after the restart, as after any real restart.
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoint.health.show-components=always",
				"management.endpoint.health.show-details=always" })
// Starts its own standalone server (the outage is its subject), so the cluster run leaves
// it out.
@Tag("own-redis")
class StoreOutageEndToEndTests {

	private static final RealRedis redis = RealRedis.startDedicated();

	private static final Duration NO_HANG = Duration.ofSeconds(10);

	private static final Duration RECOVERY = Duration.ofSeconds(15);

	private static final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

	@Value("${local.server.port}")
	int port;

	@Autowired
	RecordedEvents events;

	@Autowired
	ServletWebServerApplicationContext context;

	@Autowired
	RedisSessionStore store;

	@Test
	void outageFailsClosedWith503AndTheSameSessionWorksAgainAfterwards() throws Exception {
		Http http = new Http(this.port);
		String token = CookieSessionEndToEndTests.Session.start(http).login("alice", "password").token;
		assertThat(me(http, token).body()).contains("alice");
		String key = "session-starter:s:{" + SessionTokens.storageId(token) + "}";
		String created = redis.command("HGET", key, "created");
		assertThat(created).isNotNull();
		assertThat(status(http)).isEqualTo(200);

		redis.stop();
		awaitNearCacheNoticed();

		// (a) A request that needs its session: 503 + Retry-After, fast, no cookie
		// change.
		long start = System.nanoTime();
		HttpResponse<String> during = me(http, token);
		Duration took = since(start);
		log("(a) GET /me during outage: " + during.statusCode() + " Retry-After="
				+ during.headers().firstValue("Retry-After").orElse("-") + " in " + took.toMillis() + " ms");
		assertThat(during.statusCode()).as("not a redirect to the login page, not served").isEqualTo(503);
		assertThat(during.headers().firstValue("Retry-After"))
			.hasValueSatisfying((retryAfter) -> assertThat(Long.parseLong(retryAfter)).isPositive());
		assertThat(Http.sessionToken(during)).as("the session cookie is neither cleared nor replaced").isNull();
		assertThat(took).isLessThan(NO_HANG);

		// (b) A request that never touches a session is not affected, and never waits for
		// Redis (faster than its 2 s timeout).
		start = System.nanoTime();
		HttpResponse<String> hello = http.get("/public/hello");
		took = since(start);
		log("(b) GET /public/hello during outage: " + hello.statusCode() + " in " + took.toMillis() + " ms");
		assertThat(hello.statusCode()).isEqualTo(200);
		assertThat(hello.body()).isEqualTo("hello");
		assertThat(Http.setCookies(hello)).isEmpty();
		assertThat(took).isLessThan(Duration.ofSeconds(2));

		// (c) Health is DOWN, and so is the session store in it.
		start = System.nanoTime();
		HttpResponse<String> health = http.get("/actuator/health");
		took = since(start);
		log("(c) GET /actuator/health during outage: " + health.statusCode() + " in " + took.toMillis() + " ms: "
				+ health.body());
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(sessionStoreStatus(health)).isEqualTo("DOWN");
		assertThat(took).isLessThan(NO_HANG);

		// (d) Many at once: every one is a 503, none hangs.
		start = System.nanoTime();
		List<Integer> statuses = concurrently(20, () -> me(http, token).statusCode());
		took = since(start);
		log("(d) 20 concurrent GET /me during outage: " + statuses + " in " + took.toMillis() + " ms");
		assertThat(statuses).hasSize(20).containsOnly(503);
		assertThat(took).isLessThan(NO_HANG);

		// Every 503 was announced once, with its client; health checks are not session
		// requests.
		assertThat(this.events.all()).filteredOn(SessionStoreUnavailableEvent.class::isInstance)
			.hasSize(21)
			.allSatisfy((event) -> assertThat(((SessionStoreUnavailableEvent) event).getContext().clientIp())
				.isEqualTo("127.0.0.1"));
		// (d') Threads do not pile up: once the answers are in, no request thread is
		// still waiting for Redis, and a second burst reuses the request threads of the
		// first instead of adding more.
		int requestThreadsAfterFirstBurst = awaitNoBusyRequestThreads();
		assertThat(concurrently(20, () -> me(http, token).statusCode())).hasSize(20).containsOnly(503);
		int requestThreadsAfterSecondBurst = awaitNoBusyRequestThreads();
		log("(d') request threads after the first burst " + requestThreadsAfterFirstBurst + ", after the second "
				+ requestThreadsAfterSecondBurst);
		assertThat(requestThreadsAfterSecondBurst).as("request threads after a second burst")
			.isLessThanOrEqualTo(requestThreadsAfterFirstBurst);

		redis.restart();

		// (e) The same cookie works again by itself; until it does, every answer is a
		// 503.
		start = System.nanoTime();
		List<Integer> seen = new ArrayList<>();
		HttpResponse<String> after = me(http, token);
		while (after.statusCode() != 200 && since(start).compareTo(RECOVERY) < 0) {
			seen.add(after.statusCode());
			Thread.sleep(250);
			after = me(http, token);
		}
		took = since(start);
		log("(e) GET /me after restart: " + after.statusCode() + " after " + took.toMillis() + " ms, before that "
				+ seen);
		assertThat(seen).as("answers while reconnecting").allMatch((status) -> status == 503);
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.body()).contains("\"name\":\"alice\"");
		assertThat(Http.sessionToken(after)).as("no new session was issued").isNull();
		// Health may lag by a reconnect: with a near cache the session above was read on
		// the cache's own connection, which reconnects on its own schedule, while the
		// shared connection can still be waiting for Lettuce's next attempt.
		HttpResponse<String> healthAfter = http.get("/actuator/health");
		while (healthAfter.statusCode() != 200 && since(start).compareTo(RECOVERY) < 0) {
			assertThat(healthAfter.statusCode()).as("health while reconnecting").isEqualTo(503);
			Thread.sleep(250);
			healthAfter = http.get("/actuator/health");
		}
		log("(e) GET /actuator/health after restart: " + healthAfter.statusCode() + ": " + healthAfter.body());
		assertThat(healthAfter.statusCode()).isEqualTo(200);
		assertThat(sessionStoreStatus(healthAfter)).isEqualTo("UP");

		// (f) It is the session from before the outage, not a new one.
		assertThat(redis.command("HGET", key, "created")).isEqualTo(created);
		assertThat(redis.command("KEYS", "session-starter:s:*")).isEqualTo(key);
	}

	/**
	 * With a near cache, waits (bounded) until this node has noticed that its tracking
	 * connection closed. Until then the copy in memory may still answer: Redis is gone,
	 * so no invalidation can be on its way that the copy would miss; what the README
	 * promises is a 503 from the moment the client sees the connection close.
	 */
	private void awaitNearCacheNoticed() throws InterruptedException {
		NearCache nearCache = this.store.nearCache();
		if (nearCache == null) {
			return;
		}
		long start = System.nanoTime();
		while (nearCache.isServing() && since(start).compareTo(NO_HANG) < 0) {
			Thread.sleep(1);
		}
		log("near cache bypassed " + since(start).toMillis() + " ms after the server stopped");
		assertThat(nearCache.isServing()).as("near cache serving after the server stopped").isFalse();
	}

	/**
	 * Waits until Tomcat reports no busy request thread. A thread that wrote its response
	 * may take a moment to return to the pool, hence the bounded wait; a thread blocked
	 * on Redis would not return within it.
	 * @return the number of request threads in Tomcat's pool
	 */
	private int awaitNoBusyRequestThreads() throws InterruptedException {
		ThreadPoolExecutor executor = (ThreadPoolExecutor) ((TomcatWebServer) this.context.getWebServer()).getTomcat()
			.getConnector()
			.getProtocolHandler()
			.getExecutor();
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (executor.getActiveCount() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(executor.getActiveCount()).as("busy request threads").isZero();
		return executor.getPoolSize();
	}

	private static HttpResponse<String> me(Http http, String token) {
		return http.get("/me", "Cookie", Http.cookie(token));
	}

	private static int status(Http http) {
		return http.get("/actuator/health").statusCode();
	}

	private static String sessionStoreStatus(HttpResponse<String> health) {
		JsonNode node = json.readTree(health.body()).path("components").path("sessionStore").path("status");
		return node.asString();
	}

	private static List<Integer> concurrently(int count, Callable<Integer> request) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<Future<Integer>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(pool.submit(request));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> future : futures) {
				statuses.add(future.get(NO_HANG.toSeconds(), TimeUnit.SECONDS));
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	private static void log(String message) {
		System.out.println("[store-outage] " + message);
	}

}
