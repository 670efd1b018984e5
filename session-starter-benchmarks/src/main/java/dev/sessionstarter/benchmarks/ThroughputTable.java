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
 * The closed-loop section of {@code BENCHMARKS.md}: throughput under saturation, a
 * secondary figure.
 *
 * @author session-starter
 */
final class ThroughputTable {

	private final Report.Run run;

	private final Report.Results results;

	private final List<String> out;

	ThroughputTable(Report.Run run, Report.Results results, List<String> out) {
		this.run = run;
		this.results = results;
		this.out = out;
	}

	void write() {
		Settings settings = this.run.settings();
		add("## Throughput under saturation (secondary)", "", "Closed loop: " + settings.threads()
				+ " client threads, each sending its next request as soon as the last one is answered, "
				+ Report.seconds(settings.roundWarmup()) + " untimed lead-in, then "
				+ Report.seconds(settings.duration()) + " measured, " + settings.throughputRounds()
				+ " rounds. This is what the machine had left for "
				+ "the application while the generator, Redis and everything else on it ran: it swings with the "
				+ "other load on a shared machine (see *spread* and *other CPU*: the most cores that other "
				+ "processes took during one of the rounds), which is why CPU time per request is the headline. "
				+ "*p50*, *p99*: medians of the rounds' percentiles.", "",
				"| request | variant | requests/s | rounds | spread | p50 | p99 | errors | other CPU |",
				"|---|---|---:|---|---:|---:|---:|---:|---:|");
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results.all()) {
				Throughput load = result.throughput(kind);
				add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %.0f %% | %s | %s | %d | %.2f |", kind.label(),
						result.variant().label(), load.perSecond().median(), Report.rounds(load.perSecond(), "%,.0f"),
						load.perSecond().spread() * 100, Report.millis(load.medianP50Micros()),
						Report.millis(load.medianP99Micros()), load.errors(), load.maxOtherCores()));
			}
		}
		add("", "Throughput ratios: median requests/s of (a) (or (a+)) divided by the other's median (> 1 means the "
				+ "first is faster); in brackets the lowest and highest ratio within one round.", "",
				"| request | a ÷ b | a ÷ b' | a ÷ c | a+ ÷ c |", "|---|---:|---:|---:|---:|");
		for (RequestKind kind : RequestKind.values()) {
			add("| " + kind.label() + " | " + throughputRatio(kind, Variant.SESSION_STARTER, Variant.SPRING_SESSION)
					+ " | " + throughputRatio(kind, Variant.SESSION_STARTER, Variant.SPRING_SESSION_INDEXED) + " | "
					+ throughputRatio(kind, Variant.SESSION_STARTER, Variant.IN_MEMORY) + " | "
					+ throughputRatio(kind, Variant.SESSION_STARTER_NEAR_CACHE, Variant.IN_MEMORY) + " |");
		}
		add("");
	}

	private String throughputRatio(RequestKind kind, Variant variant, Variant other) {
		Rounds ours = this.results.of(variant).throughput(kind).perSecond();
		Rounds theirs = this.results.of(other).throughput(kind).perSecond();
		return Report.ratio(ours, theirs);
	}

	private void add(String... lines) {
		this.out.addAll(List.of(lines));
	}

}
