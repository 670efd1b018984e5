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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
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

/**
 * Many requests of one session at once, over real HTTP: writes of different attributes
 * never lose each other, and a logout or revocation in the middle of a stream of writes
 * stays final (no resurrection by a late save, the Rails CVE-2025-46336 class of bug).
 * <p>
 * The default is the full 50 threads × 1,000 requests;
 * {@code -Dsession-starter.concurrency.requests=} changes the requests per thread (the
 * Cluster run of the build uses 100).
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.transport=both" })
@AutoConfigureRealRedis
public class ConcurrentSessionWritesEndToEndTests {

	private static final int WRITERS = 50;

	private static final int REQUESTS_PER_WRITER = Integer.getInteger("session-starter.concurrency.requests", 1000);

	private static final int RACERS = 20;

	private static final int ROUNDS = 6;

	@Value("${local.server.port}")
	int port;

	@Autowired
	UserSessions userSessions;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	/**
	 * How many requests each writer sends.
	 * @return the requests per writer
	 */
	protected int requestsPerWriter() {
		return REQUESTS_PER_WRITER;
	}

	@Test
	void concurrentWritesOfDifferentAttributesAreAllKept(RealRedis redis) throws Exception {
		Session session = Session.start(this.http);
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		long start = System.nanoTime();
		int requests = requestsPerWriter();
		runAll(WRITERS, (writer) -> {
			Http client = new Http(this.port);
			for (int i = 1; i <= requests; i++) {
				// Each request first checks that the attribute still holds this writer's
				// previous value, so a write lost to another thread's save fails the very
				// next request, not just the final count.
				Map<String, String> form = new HashMap<>(
						Map.of("name", "w" + writer, "value", Integer.toString(i), "_csrf", session.csrf));
				if (i > 1) {
					form.put("expected", Integer.toString(i - 1));
				}
				HttpResponse<String> response = client.post("/public/attr", form, "Cookie", Http.cookie(session.token));
				if (response.statusCode() != 200) {
					failures.add("writer " + writer + " request " + i + ": " + response.statusCode() + " "
							+ response.body());
					return;
				}
			}
		});
		System.out.println("[concurrency] " + WRITERS + " x " + requests + " writes in "
				+ (System.nanoTime() - start) / 1_000_000 + " ms");
		assertThat(failures).isEmpty();
		String key = "session-starter:s:{" + SessionTokens.storageId(session.token) + "}";
		for (int writer = 0; writer < WRITERS; writer++) {
			assertThat(redis.command("HGET", key, "a:w" + writer)).as("writer " + writer)
				.isEqualTo(Integer.toString(requests));
		}
	}

	@Test
	void logoutWhileTwentyThreadsKeepWritingStaysFinal(RealRedis redis) throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			String ending = switch (round % 3) {
				case 0 -> "logout";
				case 1 -> "revoke-all";
				default -> "revoke-one";
			};
			raceAgainst(redis, ending, round);
		}
	}

	private void raceAgainst(RealRedis redis, String ending, int round) throws Exception {
		Session user = Session.start(this.http).login("alice", "password");
		String storageId = SessionTokens.storageId(user.token);
		String key = "session-starter:s:{" + storageId + "}";
		String index = "session-starter:u:{" + SessionTokens.sha256("alice") + "}";
		assertThat(redis.command("ZRANGE", index, "0", "-1")).contains(storageId);
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger written = new AtomicInteger();
		AtomicBoolean ended = new AtomicBoolean();
		ConcurrentLinkedQueue<String> afterEnd = new ConcurrentLinkedQueue<>();
		AtomicInteger requestsAfterEnd = new AtomicInteger();
		ExecutorService racers = Executors.newFixedThreadPool(RACERS);
		List<Future<?>> running = new ArrayList<>();
		for (int racer = 0; racer < RACERS; racer++) {
			int id = racer;
			running.add(racers.submit(() -> {
				Http client = new Http(this.port);
				Map<String, String> form = new HashMap<>(Map.of("name", "r" + id, "_csrf", user.csrf));
				for (int i = 0; !stop.get(); i++) {
					boolean startedAfterEnd = ended.get();
					form.put("value", Integer.toString(i));
					HttpResponse<String> response = client.post("/public/attr", form, "Cookie",
							Http.cookie(user.token));
					if (response.statusCode() == 200) {
						written.incrementAndGet();
						form.put("expected", Integer.toString(i));
					}
					if (startedAfterEnd) {
						requestsAfterEnd.incrementAndGet();
						if (response.statusCode() == 200) {
							afterEnd.add("racer " + id + " wrote after the session ended");
						}
					}
				}
				return null;
			}));
		}
		waitUntil(() -> written.get() >= 100);
		end(ending, user);
		ended.set(true);
		waitUntil(() -> requestsAfterEnd.get() >= 100);
		stop.set(true);
		for (Future<?> future : running) {
			future.get(60, TimeUnit.SECONDS);
		}
		racers.shutdown();
		CookieSessionEndToEndTests.settle();
		System.out.println("[concurrency] round " + round + " (" + ending + "): " + written.get()
				+ " writes before the end, " + requestsAfterEnd.get() + " requests after it");
		assertThat(afterEnd).as(ending).isEmpty();
		assertThat(redis.command("EXISTS", key).trim()).as(ending + ": the session key").isEqualTo("0");
		assertThat(redis.command("ZRANGE", index, "0", "-1")).as(ending + ": the user index").doesNotContain(storageId);
		HttpResponse<String> replay = this.http.get("/me", "Cookie", Http.cookie(user.token));
		assertThat(replay.statusCode()).as(ending).isEqualTo(302);
	}

	private void end(String ending, Session user) {
		switch (ending) {
			case "logout" -> {
				HttpResponse<String> logout = this.http.post("/logout", Map.of("_csrf", user.csrf), "Cookie",
						Http.cookie(user.token));
				assertThat(logout.statusCode()).isEqualTo(302);
			}
			case "revoke-all" -> assertThat(this.userSessions.revokeAll("alice")).isNotEmpty();
			default -> assertThat(this.userSessions.revoke("alice",
					StoredSession.REFERENCE_PREFIX + SessionTokens.storageId(user.token)))
				.isTrue();
		}
	}

	private static void runAll(int threads, Worker worker) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int id = i;
				futures.add(pool.submit(() -> {
					worker.run(id);
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(10, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 60 s for the writers").isLessThan(deadline);
			Thread.sleep(5);
		}
	}

	@FunctionalInterface
	private interface Worker {

		void run(int id) throws Exception;

	}

}
