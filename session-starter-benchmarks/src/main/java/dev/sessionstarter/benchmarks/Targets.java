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

import java.util.List;
import java.util.Locale;

/**
 * The performance targets of DESIGN.md and how a run measured up to them, for
 * {@code BENCHMARKS.md} and the README.
 *
 * @author session-starter
 */
final class Targets {

	private Targets() {
	}

	static List<Target> of(Report.Results results, CpuTables cpu) {
		VariantResult ours = results.of(Variant.SESSION_STARTER);
		CommandCounts get = ours.counts().get(RequestKind.AUTHENTICATED_GET);
		CommandCounts anonymous = ours.counts().get(RequestKind.ANONYMOUS_GET);
		double vsInMemory = cpu.ratio(RequestKind.AUTHENTICATED_GET, Variant.SESSION_STARTER, Variant.IN_MEMORY);
		double vsSpringSession = cpu.ratio(RequestKind.AUTHENTICATED_GET, Variant.SESSION_STARTER,
				Variant.SPRING_SESSION);
		Rounds throughput = ours.throughput(RequestKind.AUTHENTICATED_GET).perSecond();
		Rounds theirThroughput = results.of(Variant.SPRING_SESSION)
			.throughput(RequestKind.AUTHENTICATED_GET)
			.perSecond();
		double bytes = ours.memory().allBytesPerSession();
		double theirBytes = results.of(Variant.SPRING_SESSION).memory().allBytesPerSession();
		CommandCounts cachedGet = results.of(Variant.SESSION_STARTER_NEAR_CACHE)
			.counts()
			.get(RequestKind.AUTHENTICATED_GET);
		double cachedVsInMemory = cpu.ratio(RequestKind.AUTHENTICATED_GET, Variant.SESSION_STARTER_NEAR_CACHE,
				Variant.IN_MEMORY);
		Rounds cachedThroughput = results.of(Variant.SESSION_STARTER_NEAR_CACHE)
			.throughput(RequestKind.AUTHENTICATED_GET)
			.perSecond();
		Rounds inMemoryThroughput = results.of(Variant.IN_MEMORY).throughput(RequestKind.AUTHENTICATED_GET).perSecond();
		return List.of(
				new Target("authenticated GET: 1 Redis round trip", Report.number(get.roundTrips()),
						get.roundTrips() <= 1),
				new Target("anonymous GET: 0 Redis round trips", Report.number(anonymous.roundTrips()),
						anonymous.roundTrips() == 0),
				new Target("CPU per authenticated GET ≤ 1.3 × in-memory (no near cache)",
						cpu.ratioText(RequestKind.AUTHENTICATED_GET, Variant.SESSION_STARTER, Variant.IN_MEMORY) + " ×",
						vsInMemory <= 1.3),
				new Target("CPU per authenticated GET below Spring Session's (default repository)",
						cpu.ratioText(RequestKind.AUTHENTICATED_GET, Variant.SESSION_STARTER, Variant.SPRING_SESSION)
								+ " ×",
						vsSpringSession < 1),
				new Target("authenticated GET throughput ≥ 1.3 × Spring Session (closed loop)",
						Report.ratio(throughput, theirThroughput) + " ×",
						throughput.median() / theirThroughput.median() >= 1.3),
				new Target("bytes per session ≤ Spring Session's (all keys)",
						String.format(Locale.ROOT, "%,.0f B vs %,.0f B", bytes, theirBytes), bytes <= theirBytes),
				new Target("bytes per form-login session ≤ 1,000 B", String.format(Locale.ROOT, "%,.0f B", bytes),
						bytes <= 1000),
				new Target("near cache: authenticated GET 0 Redis round trips (steady state)",
						Report.number(cachedGet.roundTrips()), cachedGet.roundTrips() == 0),
				new Target("near cache: CPU per authenticated GET ≤ 1.1 × in-memory",
						cpu.ratioText(RequestKind.AUTHENTICATED_GET, Variant.SESSION_STARTER_NEAR_CACHE,
								Variant.IN_MEMORY) + " ×",
						cachedVsInMemory <= 1.1),
				new Target("near cache: authenticated GET throughput ≥ 0.9 × in-memory (closed loop)",
						Report.ratio(cachedThroughput, inMemoryThroughput) + " ×",
						cachedThroughput.median() / inMemoryThroughput.median() >= 0.9));
	}

	/**
	 * A performance target of DESIGN.md and how this run measured up.
	 *
	 * @param name the target
	 * @param measured what was measured
	 * @param met whether it was met
	 */
	record Target(String name, String measured, boolean met) {

	}

}
