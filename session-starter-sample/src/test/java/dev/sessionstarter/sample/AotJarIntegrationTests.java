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
package dev.sessionstarter.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar processed ahead of time ({@code spring-boot-maven-plugin}'s
 * {@code process-aot}) and started with {@code -Dspring.aot.enabled=true}: the generated
 * bean definitions replace the auto-configuration's at run time, as in a native image,
 * and a whole session works through them against the test's own Redis.
 *
 * @author session-starter
 */
class AotJarIntegrationTests {

	/** What Spring Boot logs when it starts from the generated initializers. */
	private static final Pattern AOT_STARTUP = Pattern.compile("Starting AOT-processed SampleApplication");

	private static final Pattern OWN_REDIS = Pattern.compile("Using Redis ");

	private static final String COOKIE = "__Host-SID";

	private static SampleJar sample;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@BeforeAll
	static void start() {
		RealRedis redis = RealRedis.get();
		sample = SampleJar.start(List.of("-Dspring.aot.enabled=true"),
				List.of("--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port()),
				(environment) -> {
				});
		client = RedisClient.create(RedisURI.builder()
			.withHost(redis.host())
			.withPort(redis.port())
			.withTimeout(Duration.ofSeconds(10))
			.build());
		connection = client.connect();
	}

	@AfterAll
	static void stop() {
		try {
			if (client != null) {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
			}
		}
		finally {
			if (sample != null) {
				sample.close();
			}
		}
	}

	@Test
	void runsFromTheGeneratedInitializersWithTheConfiguredRedis() {
		assertThat(sample.find(AOT_STARTUP)).as("the AOT startup line in\n" + sample.output()).isNotNull();
		assertThat(sample.find(OWN_REDIS)).as("a development Redis of its own").isNull();
	}

	@Test
	void aSessionLivesInRedisUntilLogoutAndNoRawTokenIsStored() {
		HttpVisitor alice = new HttpVisitor(sample.port());
		HttpResponse<String> added = alice.submit("/cart", "/cart", Map.of("item", "apple"));
		assertThat(added.statusCode()).as("POST /cart").isEqualTo(302);
		String anonymous = alice.cookie(COOKIE);
		assertThat(anonymous).as("the anonymous session's token").isNotNull();

		alice.login("alice", "password");
		String signedIn = alice.cookie(COOKIE);
		assertThat(signedIn).as("the signed-in session's token").isNotNull().isNotEqualTo(anonymous);
		assertThat(alice.get("/cart").body()).contains("<li>apple</li>");
		HttpResponse<String> account = alice.get("/account");
		assertThat(account.statusCode()).isEqualTo(200);
		assertThat(account.body()).contains("id=\"account-name\">alice</strong>");
		String key = "session-starter:s:{" + SessionTokens.storageId(signedIn) + "}";
		RedisCommands<String, String> redis = connection.sync();
		assertThat(redis.exists(key)).as(key).isOne();
		assertThat(everythingIn(redis)).as("Redis while signed in")
			.isNotEmpty()
			.noneMatch((stored) -> stored.contains(anonymous) || stored.contains(signedIn));

		HttpResponse<String> logout = alice.submit("/account", "/logout", Map.of());
		assertThat(logout.statusCode()).as("POST /logout").isEqualTo(302);
		assertThat(logout.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).contains("/login?logout"));
		assertThat(alice.cookie(COOKIE)).as("the cookie after logout").isNull();
		assertThat(redis.exists(key)).as(key + " after logout").isZero();
		assertThat(alice.get("/account").statusCode()).isEqualTo(302);
		assertThat(everythingIn(redis)).as("Redis after logout")
			.noneMatch((stored) -> stored.contains(anonymous) || stored.contains(signedIn));
	}

	/**
	 * Every key name and every stored value, of the types the store uses.
	 */
	private static List<String> everythingIn(RedisCommands<String, String> redis) {
		List<String> stored = new ArrayList<>();
		for (String key : redis.keys("*")) {
			stored.add(key);
			switch (redis.type(key)) {
				case "string" -> stored.add(redis.get(key));
				case "hash" -> redis.hgetall(key).forEach((field, value) -> {
					stored.add(field);
					stored.add(value);
				});
				case "zset" -> stored.addAll(redis.zrange(key, 0, -1));
				case "set" -> stored.addAll(redis.smembers(key));
				case "list" -> stored.addAll(redis.lrange(key, 0, -1));
				default -> stored.add(redis.type(key));
			}
		}
		return stored;
	}

}
