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
import java.util.Map;

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache in an application over real HTTP: with
 * {@code session-starter.near-cache.enabled}, an unchanged authenticated GET costs no
 * Redis command, a write is read back at once, and a revocation made on this node ends
 * the session on its very next request (the node drops its copy before the revocation
 * returns; revocations by other nodes arrive as Redis' invalidations, measured in
 * {@code NearCacheTests}). Standalone only: the near cache refuses Redis Cluster.
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "session-starter.near-cache.enabled=true")
@AutoConfigureRealRedis
@Tag("standalone-only")
class NearCacheEndToEndTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	UserSessions userSessions;

	@Autowired
	RedisSessionStore store;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void anUnchangedAuthenticatedGetCostsNoRedisCommand(RealRedis redis) {
		String token = Session.start(this.http).login("alice", "password").token;
		assertThat(this.http.get("/me", "Cookie", Http.cookie(token)).statusCode()).isEqualTo(200);
		CookieSessionEndToEndTests.settle();
		Map<String, Long> before = redis.commandStats();
		for (int i = 0; i < 50; i++) {
			HttpResponse<String> response = this.http.get("/me", "Cookie", Http.cookie(token));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("alice");
		}
		CookieSessionEndToEndTests.settle();
		// The tracking connection's check (CLIENT ID, no key) is all Redis sees.
		assertThat(redis.commandStatsDelta(before).keySet()).isSubsetOf("client", "client|id");
		long[] footprint = this.store.nearCache().footprint();
		assertThat(footprint[0]).isPositive();
		System.out.printf("[near-cache] a signed-in form-login session held in memory: about %d bytes%n",
				footprint[1] / footprint[0]);
	}

	@Test
	void aWriteIsReadBackAtOnceAndARevocationEndsTheSessionOnTheNextRequest() {
		Session user = Session.start(this.http).login("bob", "password");
		for (String item : new String[] { "apple", "pear", "plum" }) {
			user.addToCart(item);
			assertThat(this.http.get("/public/cart", "Cookie", Http.cookie(user.token)).body()).contains(item);
		}
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).statusCode()).isEqualTo(200);
		assertThat(this.userSessions.revokeAll("bob")).hasSize(1);
		assertThat(this.http.get("/me", "Cookie", Http.cookie(user.token)).statusCode()).as("revoked: a new login")
			.isEqualTo(302);
	}

}
