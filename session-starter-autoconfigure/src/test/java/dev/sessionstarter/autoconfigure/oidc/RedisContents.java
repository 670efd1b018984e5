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

package dev.sessionstarter.autoconfigure.oidc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.autoconfigure.oidc.AuthorizationServer.IssuedTokens;
import dev.sessionstarter.test.RealRedis;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything a Redis holds, read the slow way ({@code KEYS *}, then each key by its
 * type), for tests that look for secrets in it. Tests only: {@code KEYS} blocks a
 * production server.
 */
final class RedisContents {

	private RedisContents() {
	}

	/**
	 * A dump of every key holds neither the session's tokens nor any token the provider
	 * issued to the user (whole, or the ID token's signature alone).
	 * @param redis the server
	 * @param login the login whose tokens must not be there
	 * @param issued what the provider issued to the user
	 */
	static void assertNoSecret(RealRedis redis, OidcLogin.Result login, IssuedTokens issued) {
		String contents = dump(redis);
		assertThat(contents.contains(login.token())).as("Redis holds the session token").isFalse();
		assertThat(contents.contains(login.preLoginToken())).as("Redis holds the pre-login token").isFalse();
		assertThat(occurrences(contents, issued.accessToken())).as("access token in Redis").isZero();
		assertThat(occurrences(contents, issued.refreshToken())).as("refresh token in Redis").isZero();
		String idToken = issued.idToken();
		assertThat(idToken).isNotNull();
		assertThat(occurrences(contents, idToken)).as("ID token in Redis").isZero();
		assertThat(occurrences(contents, idToken.substring(idToken.lastIndexOf('.') + 1)))
			.as("ID token signature in Redis")
			.isZero();
	}

	/**
	 * Every key and its value as text.
	 * @param redis the server
	 * @return one block per key
	 */
	static String dump(RealRedis redis) {
		StringBuilder dump = new StringBuilder();
		for (String key : keys(redis)) {
			dump.append(key).append('\n').append(value(redis, key)).append('\n');
		}
		return dump.toString();
	}

	/**
	 * How often a value occurs in a dump; {@code null} (no such token) never does.
	 * @param dump a dump
	 * @param value the value
	 * @return how often
	 */
	static int occurrences(String dump, @Nullable String value) {
		if (value == null || value.isEmpty()) {
			return 0;
		}
		int count = 0;
		for (int at = dump.indexOf(value); at >= 0; at = dump.indexOf(value, at + value.length())) {
			count++;
		}
		return count;
	}

	/**
	 * Each key with its type.
	 * @param redis the server
	 * @return e.g. {@code {session-starter:s:{...}=hash}}
	 */
	static Map<String, String> describeKeys(RealRedis redis) {
		Map<String, String> types = new LinkedHashMap<>();
		for (String key : keys(redis)) {
			types.put(key, type(redis, key));
		}
		return types;
	}

	/**
	 * The length of each field's value in a hash.
	 * @param redis the server
	 * @param key the hash
	 * @return field name to bytes
	 */
	static Map<String, Integer> fieldSizes(RealRedis redis, String key) {
		Map<String, Integer> sizes = new LinkedHashMap<>();
		for (String field : lines(redis.command("HKEYS", key))) {
			sizes.put(field, Integer.parseInt(String.valueOf(redis.command("HSTRLEN", key, field)).trim()));
		}
		return sizes;
	}

	private static List<String> keys(RealRedis redis) {
		return lines(redis.command("KEYS", "*")).stream().sorted().toList();
	}

	private static String value(RealRedis redis, String key) {
		String type = type(redis, key);
		String value = switch (type) {
			case "hash" -> redis.command("HGETALL", key);
			case "string" -> redis.command("GET", key);
			case "zset" -> redis.command("ZRANGE", key, "0", "-1", "WITHSCORES");
			case "set" -> redis.command("SMEMBERS", key);
			case "list" -> redis.command("LRANGE", key, "0", "-1");
			case "stream" -> redis.command("XRANGE", key, "-", "+");
			default -> "(" + type + ")";
		};
		return String.valueOf(value);
	}

	private static String type(RealRedis redis, String key) {
		return String.valueOf(redis.command("TYPE", key)).trim();
	}

	private static List<String> lines(@Nullable String reply) {
		List<String> lines = new ArrayList<>();
		if (reply != null) {
			for (String line : reply.split("\n")) {
				if (!line.isBlank()) {
					lines.add(line);
				}
			}
		}
		return lines;
	}

}
