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
import java.util.Map;

/**
 * Everything measured on one variant.
 *
 * @param variant the variant
 * @param wiring which session repository filter and repository it ran with
 * @param memory Redis bytes per signed-in session
 * @param counts Redis work per request, from the quiet pass
 * @param cpu per request kind, the fixed-rate rounds
 * @param throughput per request kind, the closed-loop rounds
 * @author session-starter
 */
record VariantResult(Variant variant, String wiring, SessionMemory memory, Map<RequestKind, CommandCounts> counts,
		Map<RequestKind, CpuPerRequest> cpu, Map<RequestKind, Throughput> throughput) {

	CpuPerRequest cpu(RequestKind kind) {
		return this.cpu.getOrDefault(kind, new CpuPerRequest(List.of()));
	}

	Throughput throughput(RequestKind kind) {
		return this.throughput.getOrDefault(kind, new Throughput(List.of()));
	}

}
