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

package dev.sessionstarter.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The ways the same application is run: only the auto-configurations left active differ.
 *
 * @author session-starter
 */
enum Variant {

	/** (a) session-starter's auto-configuration, as a user of the starter gets it. */
	SESSION_STARTER("a", "session-starter", "__Host-SID", "session-starter:", "session-starter:s:",
			Map.of("spring.autoconfigure.exclude", Names.BOOT_SESSION + "," + Names.BOOT_SESSION_REDIS)),

	/**
	 * (a+) the same with the near cache on ({@code session-starter.near-cache.enabled}),
	 * in a namespace of its own (the same length plus 3 characters).
	 */
	SESSION_STARTER_NEAR_CACHE("a+", "session-starter, near cache", "__Host-SID", "session-starter-nc:",
			"session-starter-nc:s:",
			Map.of("spring.autoconfigure.exclude", Names.BOOT_SESSION + "," + Names.BOOT_SESSION_REDIS,
					"session-starter.near-cache.enabled", "true", "session-starter.redis.namespace",
					"session-starter-nc")),

	/**
	 * (b) stock Spring Session Redis with Boot's default {@code RedisSessionRepository}.
	 */
	SPRING_SESSION("b", "Spring Session, default repository", "SESSION", "spring:session:", "spring:session:sessions:",
			Map.of("spring.autoconfigure.exclude", Names.OURS, "spring.session.data.redis.repository-type", "default")),

	/**
	 * (b') stock Spring Session Redis with the indexed repository. All variants run side
	 * by side against one Redis, so it gets a namespace of its own (the same length as
	 * the default plus 8 characters) and no cleanup task, whose once-a-minute commands
	 * would otherwise be counted against whichever variant's quiet pass they fall into.
	 */
	SPRING_SESSION_INDEXED("b'", "Spring Session, indexed repository", "SESSION", "spring:session-indexed:",
			"spring:session-indexed:sessions:",
			Map.of("spring.autoconfigure.exclude", Names.OURS, "spring.session.data.redis.repository-type", "indexed",
					"spring.session.data.redis.namespace", "spring:session-indexed",
					"spring.session.data.redis.cleanup-cron", "-")),

	/** (c) the servlet container's own in-memory sessions. */
	IN_MEMORY("c", "in-memory (Tomcat)", "JSESSIONID", null, null, Map.of("spring.autoconfigure.exclude",
			Names.OURS + "," + Names.BOOT_SESSION + "," + Names.BOOT_SESSION_REDIS));

	private final String letter;

	private final String label;

	private final String cookieName;

	private final @Nullable String keyPrefix;

	private final @Nullable String sessionKeyPrefix;

	private final Map<String, String> properties;

	Variant(String letter, String label, String cookieName, @Nullable String keyPrefix,
			@Nullable String sessionKeyPrefix, Map<String, String> properties) {
		this.letter = letter;
		this.label = label;
		this.cookieName = cookieName;
		this.keyPrefix = keyPrefix;
		this.sessionKeyPrefix = sessionKeyPrefix;
		this.properties = properties;
	}

	String letter() {
		return this.letter;
	}

	String label() {
		return "(" + this.letter + ") " + this.label;
	}

	String cookieName() {
		return this.cookieName;
	}

	/**
	 * The prefix of every Redis key this variant writes.
	 * @return the prefix, or {@code null} for a variant that keeps nothing in Redis
	 */
	@Nullable String keyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * Whether a key holds a session itself (not an index or an expiry helper).
	 * @param key a Redis key
	 * @return {@code true} for the variant's session hash
	 */
	boolean isSessionKey(String key) {
		return this.sessionKeyPrefix != null && key.startsWith(this.sessionKeyPrefix) && !key.contains(":expires:");
	}

	Map<String, Object> properties(String redisHost, int redisPort, int users) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("server.address", "127.0.0.1");
		all.put("server.port", "0");
		all.put("spring.data.redis.host", redisHost);
		all.put("spring.data.redis.port", String.valueOf(redisPort));
		all.put("spring.main.banner-mode", "off");
		all.put("logging.level.root", "warn");
		all.put("benchmark.users", String.valueOf(users));
		all.putAll(this.properties);
		return all;
	}

	private static final class Names {

		static final String OURS = "dev.sessionstarter.autoconfigure.SessionStarterAutoConfiguration";

		static final String BOOT_SESSION = "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration";

		static final String BOOT_SESSION_REDIS = "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration";

	}

}
