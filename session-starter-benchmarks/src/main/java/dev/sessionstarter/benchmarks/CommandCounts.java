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

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.sessionstarter.benchmarks.HttpDriver.UserSession;
import dev.sessionstarter.test.RealRedis;

/**
 * Redis work per request, from the quiet pass.
 *
 * @param commandStats per command name, as {@code INFO commandstats} counts (commands
 * inside scripts included)
 * @param sent per command name as {@code MONITOR} saw it; names starting with
 * {@link RedisMonitor#IN_SCRIPT} ran inside a script, the others were round trips
 * @author session-starter
 */
record CommandCounts(Map<String, Double> commandStats, Map<String, Double> sent) {

	static final int SAMPLES = 10;

	/** The command a near cache sends on its own, not for a request. */
	static final String HEARTBEAT = "client";

	/**
	 * Counts what each request kind makes Redis do, in a quiet pass: {@value #SAMPLES}
	 * requests of each kind, one at a time; a request that only reads is counted the
	 * second time it is sent.
	 * @param redis the Redis the application uses
	 * @param http the application
	 * @param sessions its signed-in sessions
	 * @return per request kind, the average per request
	 */
	static Map<RequestKind, CommandCounts> count(RealRedis redis, HttpDriver http, List<UserSession> sessions) {
		Map<RequestKind, CommandCounts> counts = new EnumMap<>(RequestKind.class);
		try (RedisMonitor monitor = new RedisMonitor(redis.host(), redis.port())) {
			for (RequestKind kind : RequestKind.values()) {
				Map<String, Long> stats = new TreeMap<>();
				Map<String, Long> sent = new TreeMap<>();
				for (int i = 0; i < SAMPLES; i++) {
					RequestKind.Request request = kind.prepare(http, sessions, i);
					if (kind.reading()) {
						// Not counted: under load a session is read again and again, so a
						// near cache holds it; the first read after a login fills it.
						request.send();
					}
					LoadComparison.settle();
					Map<String, Long> statsBefore = redis.commandStats();
					Map<String, Long> sentBefore = monitor.snapshot();
					request.send();
					LoadComparison.settle();
					redis.commandStatsDelta(statsBefore).forEach((c, n) -> {
						// The near cache of (a+) checks its connection with CLIENT ID
						// twice
						// a second, whichever variant is being counted.
						if (!c.equals(HEARTBEAT)) {
							stats.merge(c, n, Long::sum);
						}
					});
					monitor.snapshot().forEach((c, n) -> {
						long grown = n - sentBefore.getOrDefault(c, 0L);
						if (grown > 0 && !c.equals(HEARTBEAT)) {
							sent.merge(c, grown, Long::sum);
						}
					});
				}
				CommandCounts perRequest = new CommandCounts(perRequest(stats), perRequest(sent));
				System.out.println("   " + kind.label() + ": " + perRequest.roundTripSummary());
				counts.put(kind, perRequest);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("MONITOR failed", ex);
		}
		return counts;
	}

	private static Map<String, Double> perRequest(Map<String, Long> totals) {
		return totals.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue() / (double) SAMPLES, Double::sum,
					TreeMap::new));
	}

	double roundTrips() {
		return this.sent.entrySet()
			.stream()
			.filter((e) -> !e.getKey().startsWith(RedisMonitor.IN_SCRIPT))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	double total() {
		return this.commandStats.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	String roundTripSummary() {
		return Report.number(roundTrips()) + " round trips " + Report.breakdown(this.sent) + ", commandstats "
				+ Report.breakdown(this.commandStats);
	}

}
