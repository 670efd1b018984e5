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

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.RealRedis;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated corpus of hostile cookies and {@code Authorization} headers, driven through
 * the application's real servlet filter chain (see {@link FilterChainMvc}) with a real
 * Redis behind it: every request gets "no session", none gets a 5xx or lets an exception
 * escape, and the whole corpus costs Redis nothing at all.
 * <p>
 * The corpus is seeded; the seed is printed, and
 * {@code -Dsession-starter.hostile.seed=...} replays a run.
 * {@code -Dsession-starter.hostile.corpus=...} changes its size (default 100,000).
 */
// standalone-only: malformed input never reaches Redis, so the topology cannot change the
// outcome; running the 100,000-case corpus twice would only double its time
@Tag("standalone-only")
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.transport=both" })
@AutoConfigureRealRedis
class HostileInputEndToEndTests {

	static final long SEED = Long.getLong("session-starter.hostile.seed", System.nanoTime());

	private static final int CORPUS_SIZE = Integer.getInteger("session-starter.hostile.corpus", 100_000);

	private static final int THREADS = 2;

	private static final int BATCH = 1_000;

	/**
	 * Mostly a protected page, which the security filter chain answers without the
	 * dispatcher servlet; some pages that read the session or create one in memory.
	 */
	private static final String[] PATHS = { "/me", "/me", "/me", "/me", "/me", "/me", "/me", "/me", "/public/cart",
			"/public/touch" };

	@Autowired
	WebApplicationContext context;

	MockMvc mvc;

	private final Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();

	@BeforeEach
	void mvc() {
		this.mvc = FilterChainMvc.of(this.context);
	}

	@Test
	void hostileCookiesAndHeadersGetNoSessionNoServerErrorAndNoRedisCall(RealRedis redis) throws Exception {
		System.out.println("[hostile] corpus of " + CORPUS_SIZE + " with seed " + SEED
				+ " (replay with -Dsession-starter.hostile.seed=" + SEED + ")");
		HostileCorpus corpus = new HostileCorpus(SEED);
		Map<String, Long> before = redis.commandStats();
		Map<String, Integer> kinds = new TreeMap<>();
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger failed = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		long start = System.nanoTime();
		try {
			for (int batchStart = 0; batchStart < CORPUS_SIZE; batchStart += BATCH) {
				// Generated in order on this thread, so that the seed alone fixes the
				// corpus.
				List<HostileCorpus.Case> batch = new ArrayList<>(BATCH);
				for (int i = batchStart; i < Math.min(CORPUS_SIZE, batchStart + BATCH); i++) {
					batch.add(corpus.next());
					kinds.merge(batch.get(batch.size() - 1).kind(), 1, Integer::sum);
				}
				int offset = batchStart;
				List<Callable<Void>> slices = new ArrayList<>();
				for (int thread = 0; thread < THREADS; thread++) {
					int first = thread;
					slices.add(() -> {
						for (int j = first; j < batch.size(); j += THREADS) {
							int number = offset + j;
							String path = PATHS[number % PATHS.length];
							String problem = problem(path, batch.get(j));
							if (problem != null && failed.incrementAndGet() <= 20) {
								failures.add("#" + number + " " + path + " " + batch.get(j) + ": " + problem);
							}
						}
						return null;
					});
				}
				for (Future<Void> slice : pool.invokeAll(slices)) {
					slice.get();
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
		System.out.println("[hostile] " + CORPUS_SIZE + " requests in " + (System.nanoTime() - start) / 1_000_000
				+ " ms, by kind " + kinds + ", by status " + this.statuses);
		assertThat(failures).as("%d of %d requests misbehaved (seed %d)", failed, CORPUS_SIZE, SEED).isEmpty();
		CookieSessionEndToEndTests.settle();
		assertThat(redis.commandStatsDelta(before)).as("Redis commands for the whole corpus (seed %d)", SEED).isEmpty();
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
		assertThat(kinds.keySet()).hasSize(11);
	}

	@Test
	void wellFormedUnknownTokensCostOneLookupEachAndStoreNothing(RealRedis redis) throws Exception {
		int count = 1_000;
		Map<String, Long> before = redis.commandStats();
		for (int i = 0; i < count; i++) {
			String token = SessionTokens.mint();
			MockHttpServletRequestBuilder request = MockMvcRequestBuilders.get("/me");
			switch (i % 3) {
				case 0 -> request.cookie(new Cookie("__Host-SID", token));
				case 1 -> request.header("Authorization", "Bearer " + token);
				// The same token twice is not ambiguous: it is one session, looked up
				// once.
				default -> request.cookie(new Cookie("__Host-SID", token), new Cookie("__Host-SID", token))
					.header("Authorization", "Bearer " + token);
			}
			int status = this.mvc.perform(request).andReturn().getResponse().getStatus();
			assertThat(status).isIn(302, 401);
		}
		CookieSessionEndToEndTests.settle();
		Map<String, Long> delta = redis.commandStatsDelta(before);
		// One load-and-touch script per request, which runs one HGETALL and writes
		// nothing.
		assertThat(delta).containsEntry("hgetall", (long) count);
		assertThat(withoutHandshake(delta).keySet()).isSubsetOf("evalsha", "eval", "hgetall");
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	/**
	 * The commands a new client connection sends first, which are not about sessions (a
	 * Cluster connection also asks for its node's id whenever it connects).
	 */
	static Map<String, Long> withoutHandshake(Map<String, Long> delta) {
		Map<String, Long> rest = new TreeMap<>(delta);
		rest.keySet()
			.removeIf((command) -> command.equals("hello") || command.startsWith("client")
					|| command.equals("cluster|myid"));
		return rest;
	}

	/**
	 * What is wrong with the answer to one hostile request, or {@code null}.
	 */
	private String problem(String path, HostileCorpus.Case hostile) {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.get(path);
		hostile.cookies().forEach((value) -> request.cookie(new Cookie("__Host-SID", value)));
		hostile.authorizations().forEach((value) -> request.header("Authorization", value));
		MockHttpServletResponse response;
		try {
			response = this.mvc.perform(request).andReturn().getResponse();
		}
		catch (Exception ex) {
			return "exception escaped: " + ex;
		}
		int status = response.getStatus();
		this.statuses.merge(status, 1, Integer::sum);
		if (status >= 500) {
			return "status " + status;
		}
		for (String setCookie : response.getHeaders("Set-Cookie")) {
			if (setCookie.startsWith("__Host-SID=") && !setCookie.startsWith("__Host-SID=;")) {
				return "a session cookie was issued: " + setCookie;
			}
		}
		if (status == 400) {
			// Spring Security's firewall rejects some header values outright: no session
			// either.
			return null;
		}
		try {
			return switch (path) {
				case "/me" -> (status == 302 || status == 401) ? null : "status " + status + " on a protected page";
				case "/public/cart" -> (status == 200 && response.getContentAsString().equals("[]")) ? null
						: "status " + status + " body " + response.getContentAsString();
				default -> (status == 200) ? null : "status " + status;
			};
		}
		catch (UnsupportedEncodingException ex) {
			return ex.toString();
		}
	}

}
