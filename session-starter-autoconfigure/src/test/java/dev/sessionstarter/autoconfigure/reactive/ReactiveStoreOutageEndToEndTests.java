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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sessionstarter.autoconfigure.reactive.app.ReactiveApplication;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.header;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.setCookies;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure behaviour of the README on a reactive application, against a real Redis
 * that really goes away: while it is down, a request that needs its session gets 503 with
 * Retry-After (never a redirect to the login page, never a fresh session) without any
 * thread blocking on Redis, a request that needs no session is served; once Redis is
 * back, the very same session works again.
 */
@SpringBootTest(classes = ReactiveApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
@ExtendWith(ReactiveBlockingChecks.class)
// Starts its own standalone server (the outage is its subject), so the cluster run leaves
// it out.
@Tag("own-redis")
class ReactiveStoreOutageEndToEndTests {

	private static final RealRedis redis = RealRedis.startDedicated();

	private static final Duration RECOVERY = Duration.ofSeconds(15);

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

	@Test
	void outageFailsClosedWith503AndTheSameSessionWorksAgainAfterwards() throws Exception {
		WebClientHttp http = new WebClientHttp(this.port);
		BrowserSession user = BrowserSession.start(http).login("alice", "password");
		assertThat(user.get("/me").getResponseBody()).contains("alice");

		redis.stop();

		EntityExchangeResult<String> during = user.get("/me");
		assertThat(status(during)).as("not a redirect to the login page, not served").isEqualTo(503);
		assertThat(header(during, "Retry-After")).satisfies((retry) -> assertThat(Long.parseLong(retry)).isPositive());
		assertThat(header(during, "Cache-Control")).isEqualTo("no-store");
		assertThat(setCookies(during)).as("the session cookie is neither cleared nor replaced").isEmpty();

		EntityExchangeResult<String> hello = http.get("/public/hello");
		assertThat(status(hello)).isEqualTo(200);
		assertThat(hello.getResponseBody()).isEqualTo("hello");

		// Many at once, each waiting for Redis without holding a thread.
		List<Integer> statuses = Flux.range(0, 20)
			.flatMap((i) -> Flux.defer(() -> Flux.just(status(user.get("/me"))))
				.subscribeOn(Schedulers.boundedElastic()))
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(statuses).hasSize(20).containsOnly(503);

		redis.restart();

		long start = System.nanoTime();
		List<Integer> seen = new ArrayList<>();
		EntityExchangeResult<String> after = user.get("/me");
		while (status(after) != 200 && Duration.ofNanos(System.nanoTime() - start).compareTo(RECOVERY) < 0) {
			seen.add(status(after));
			Thread.sleep(250);
			after = user.get("/me");
		}
		assertThat(seen).as("answers while reconnecting").allMatch((status) -> status == 503);
		assertThat(status(after)).isEqualTo(200);
		assertThat(after.getResponseBody()).contains("\"name\":\"alice\"");
		assertThat(WebClientHttp.sessionToken(after)).as("no new session was issued").isNull();
	}

}
