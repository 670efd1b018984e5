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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.IntStream;

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input over real HTTP, through the embedded container: what its own parser and
 * limits do with raw bytes, oversized headers and duplicated tokens. The large corpus
 * runs through the filter chain in {@link HostileInputEndToEndTests}; this slice proves
 * the container in front of it answers with 4xx, never 5xx, and never reaches Redis.
 */
// standalone-only: malformed input never reaches Redis, so the topology cannot change the
// outcome
@Tag("standalone-only")
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.transport=both" })
@AutoConfigureRealRedis
class HostileHttpEndToEndTests {

	private static final int SLICE = Integer.getInteger("session-starter.hostile.http", 1_000);

	@Value("${local.server.port}")
	int port;

	Http http;

	RawHttp raw;

	@BeforeEach
	void clients() {
		this.http = new Http(this.port);
		this.raw = new RawHttp(this.port);
	}

	@Test
	void hostileHeadersOverRealHttpGetNoServerErrorAndNoRedisCall(RealRedis redis) {
		long seed = HostileInputEndToEndTests.SEED + 1;
		System.out.println("[hostile-http] " + SLICE + " requests with seed " + seed);
		HostileCorpus corpus = new HostileCorpus(seed);
		Map<String, Long> before = redis.commandStats();
		List<List<String>> requests = new ArrayList<>();
		List<HostileCorpus.Case> cases = new ArrayList<>();
		while (requests.size() < SLICE) {
			HostileCorpus.Case hostile = corpus.next();
			if (!wellFormedOnceParsed(hostile)) {
				cases.add(hostile);
				requests.add(headerLines(hostile));
			}
		}
		Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		long start = System.nanoTime();
		IntStream.range(0, SLICE).parallel().forEach((i) -> {
			int status = this.raw.get((i % 2 == 0) ? "/me" : "/public/cart", requests.get(i));
			statuses.merge(status, 1, Integer::sum);
			if (status >= 500 || (status == 200 && i % 2 == 0)) {
				failures.add(status + " for #" + i + " " + cases.get(i));
			}
		});
		int sent = SLICE;
		System.out.println("[hostile-http] " + sent + " requests in " + (System.nanoTime() - start) / 1_000_000
				+ " ms, by status " + statuses);
		assertThat(failures).as("seed %d", seed).isEmpty();
		CookieSessionEndToEndTests.settle();
		assertThat(redis.commandStatsDelta(before)).isEmpty();
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

	@Test
	void headersBeyondTheContainerLimitsAreRefusedWithAClientError(RealRedis redis) {
		String token = SessionTokens.mint();
		Map<String, List<String>> requests = new TreeMap<>();
		requests.put("cookie of 9 KB", List.of("Cookie: __Host-SID=" + "A".repeat(9_000)));
		requests.put("cookie of 100 KB", List.of("Cookie: __Host-SID=" + "A".repeat(100_000)));
		requests.put("bearer of 100 KB", List.of("Authorization: Bearer " + "A".repeat(100_000)));
		requests.put("500 session cookies", List
			.of("Cookie: " + String.join("; ", java.util.Collections.nCopies(500, Http.cookie(SessionTokens.mint())))));
		requests.put("NUL in the cookie header", List.of("Cookie: __Host-SID=" + token + "\u0000"));
		requests.put("bare line feed in a header",
				List.of("Cookie: __Host-SID=" + token.substring(0, 20) + "\n" + token.substring(20)));
		requests.put("carriage return in a header",
				List.of("Authorization: Bearer " + token.substring(0, 20) + "\r" + token.substring(20)));
		Map<String, Long> before = redis.commandStats();
		requests.forEach((name, lines) -> {
			int status = this.raw.get("/me", lines);
			System.out.println("[hostile-http] " + name + ": " + status);
			assertThat(status).as(name).isNotEqualTo(200).isLessThan(500);
		});
		CookieSessionEndToEndTests.settle();
		assertThat(redis.commandStatsDelta(before)).isEmpty();
	}

	@Test
	void twoDifferentSessionTokensInOneRequestMeanNoSession(RealRedis redis) {
		String alice = Session.start(this.http).login("alice", "password").token;
		String bob = Session.start(this.http).login("bob", "password").token;
		CookieSessionEndToEndTests.settle();
		Map<String, Long> before = redis.commandStats();
		assertNoSession(this.http.get("/me", "Cookie", Http.cookie(alice) + "; " + Http.cookie(bob)));
		assertNoSession(this.http.get("/me", "Cookie", Http.cookie(bob) + "; " + Http.cookie(alice)));
		assertNoSession(this.http.get("/me", "Cookie", Http.cookie(alice), "Cookie", Http.cookie(bob)));
		assertNoSession(this.http.get("/me", "Cookie", Http.cookie(alice), "Authorization", "Bearer " + bob));
		assertNoSession(this.http.get("/me", "Authorization", "Bearer " + alice, "Authorization", "Bearer " + bob));
		assertNoSession(this.http.get("/me", "Authorization", "Bearer " + alice, "Authorization", "Bearer " + alice));
		assertNoSession(this.http.get("/me", "Cookie", Http.cookie(alice) + "; " + Http.cookie(alice + "A")));
		CookieSessionEndToEndTests.settle();
		assertThat(redis.commandStatsDelta(before)).as("no lookup for an ambiguous request").isEmpty();
		// Neither session was harmed, and the same token twice is still one session.
		assertThat(this.http.get("/me", "Cookie", Http.cookie(alice) + "; " + Http.cookie(alice)).body())
			.contains("\"name\":\"alice\"");
		assertThat(this.http.get("/me", "Cookie", Http.cookie(bob), "Authorization", "Bearer " + bob).body())
			.contains("\"name\":\"bob\"");
	}

	private static List<String> headerLines(HostileCorpus.Case hostile) {
		List<String> lines = new ArrayList<>();
		if (!hostile.cookies().isEmpty()) {
			lines.add("Cookie: " + String.join("; ", hostile.cookies().stream().map(Http::cookie).toList()));
		}
		hostile.authorizations().forEach((value) -> lines.add("Authorization: " + value));
		return lines;
	}

	private static void assertNoSession(HttpResponse<String> response) {
		assertThat(response.statusCode()).isIn(302, 400, 401);
		assertThat(response.body()).doesNotContain("alice").doesNotContain("bob");
	}

	/**
	 * Whether any value in the case is a token once the container has trimmed and
	 * unquoted it. Such a case may be a legitimate lookup over HTTP: the container drops
	 * a cookie it cannot parse, so "a token and garbage" can reach the filters as just
	 * the token. Requests with two real tokens are covered by
	 * {@link #twoDifferentSessionTokensInOneRequestMeanNoSession}.
	 */
	private static boolean wellFormedOnceParsed(HostileCorpus.Case hostile) {
		List<String> values = new ArrayList<>(hostile.cookies());
		hostile.authorizations().forEach((value) -> values.add(HostileCorpus.bearerPart(value)));
		return values.stream()
			.map(String::strip)
			.map((value) -> value.replace("\"", ""))
			.anyMatch(SessionTokens::isWellFormed);
	}

}
