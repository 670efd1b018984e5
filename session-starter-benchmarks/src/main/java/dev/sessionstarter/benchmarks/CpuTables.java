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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The CPU sections of {@code BENCHMARKS.md}: CPU time per request at a fixed rate (the
 * headline), how noisy it was, and where the application's time went.
 *
 * @author session-starter
 */
final class CpuTables {

	private static final List<Variant> VARIANTS = List.of(Variant.values());

	private final Report.Run run;

	private final Report.Results results;

	private final List<String> out;

	CpuTables(Report.Run run, Report.Results results, List<String> out) {
		this.run = run;
		this.results = results;
		this.out = out;
	}

	void headline() {
		Settings settings = this.run.settings();
		add("## CPU time per request (the headline)", "", "Open loop at a fixed " + Report.number(settings.rate())
				+ " requests/s, whatever the answers, for " + Report.seconds(settings.window()) + " per variant, "
				+ "request kind and round, " + settings.rounds() + " rounds. *CPU µs/request*: the CPU time, user "
				+ "and kernel, that the applications' JVM (every thread: request threads, Lettuce's event loops, "
				+ "garbage collection; not the JIT compilers', see *Method*) and the Redis process spent in the window, less what they "
				+ "spend in the same time without load, divided by the requests sent; the load generator is "
				+ "another process and is not counted. *÷ (c)*, *÷ (b)*: the median divided by that of in-memory "
				+ "sessions or of Spring Session in the same run, in brackets the lowest and highest ratio within "
				+ "one round. *app*, *Redis*: the two parts of the median. *requests/s*, *p50*, *p99*: answered "
				+ "requests per second and latency from when each request was due (medians of the rounds); "
				+ "requests/s below the rate would mean the application fell behind. *other CPU*: the most cores "
				+ "that other processes on the machine took during one of the windows.", "",
				"| request | variant | CPU µs/request | rounds | spread | ÷ (c) | ÷ (b) | app | Redis | requests/s | "
						+ "p50 | p99 | other CPU |",
				"|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results.all()) {
				CpuPerRequest cpu = result.cpu(kind);
				add(String.format(Locale.ROOT,
						"| %s | %s | **%,.0f** | %s | %.0f %% | %s | %s | %,.0f | %,.0f | %,.0f | %s "
								+ "| %s | %.2f |",
						kind.label(), result.variant().label(), cpu.total().median(),
						Report.rounds(cpu.total(), "%,.0f"), cpu.total().spread() * 100,
						ratioText(kind, result.variant(), Variant.IN_MEMORY),
						ratioText(kind, result.variant(), Variant.SPRING_SESSION), cpu.app().median(),
						cpu.redis().median(), cpu.perSecond().median(), Report.millis(cpu.p50Micros().median()),
						Report.millis(cpu.p99Micros().median()), cpu.maxOtherCores()));
			}
		}
		add("");
	}

	void noise() {
		Settings settings = this.run.settings();
		add("## How noisy", "", noiseFloor(), "");
		List<Double> spreads = new ArrayList<>();
		double highestSpread = 0;
		String noisiest = "";
		double lowestRate = Double.MAX_VALUE;
		double highestOther = 0;
		long jit = 0;
		long gc = 0;
		long app = 0;
		long windows = 0;
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results.all()) {
				CpuPerRequest cpu = result.cpu(kind);
				double spread = cpu.total().spread();
				spreads.add(spread);
				if (spread > highestSpread) {
					highestSpread = spread;
					noisiest = result.variant().label() + ", " + kind.label();
				}
				lowestRate = Math.min(lowestRate, cpu.perSecond().min());
				highestOther = Math.max(highestOther, cpu.maxOtherCores());
				for (CpuPerRequest.Sample sample : cpu.rounds()) {
					jit += sample.window().jitMillis();
					app += sample.window().appNanos();
					gc += sample.window().gcMillis();
					windows++;
				}
			}
		}
		Rounds spread = new Rounds(spreads);
		Rounds idleApp = new Rounds(this.run.idle().stream().map((w) -> perSecond(w.appNanos(), w)).toList());
		Rounds idleRedis = new Rounds(this.run.idle().stream().map((w) -> perSecond(w.redisNanos(), w)).toList());
		CpuMeter.Totals totals = this.run.cpu().totals();
		add(String.format(Locale.ROOT,
				"- Round to round, CPU µs/request spread by %.0f %% in the median row and by %.0f %% at most (%s); "
						+ "read each row's *rounds* for how far to trust it. For comparison, closed-loop "
						+ "throughput spread by %.0f %% in the median row.",
				spread.median() * 100, highestSpread * 100, noisiest, throughputSpread() * 100),
				String.format(Locale.ROOT,
						"- Taken off as idle: %.1f ms of CPU per second for the applications' JVM (five idle "
								+ "applications; the lowest of %s ms/s in the %d rounds, since a disturbance only "
								+ "adds time) and %.1f ms/s for Redis, that "
								+ "is %.0f µs and %.0f µs per request at %s requests/s; small negative figures in the "
								+ "tables are this correction's noise.",
						idleApp.min(), Report.rounds(idleApp, "%.1f"), idleApp.values().size(), idleRedis.min(),
						idleApp.min() * 1000 / settings.rate(), idleRedis.min() * 1000 / settings.rate(),
						Report.number(settings.rate())),
				String.format(Locale.ROOT,
						"- Other processes took up to %.2f cores during a window (the machine has %d). Every window "
								+ "kept up with the rate: the slowest answered %.0f requests/s of %s.",
						highestOther, this.run.before().processors(), lowestRate, Report.number(settings.rate())),
				String.format(Locale.ROOT,
						"- In the %d measured windows the JIT compiler threads took %,d ms of CPU time, left out of "
								+ "the figures, and garbage collections took %,d ms, against %,.0f ms of CPU time of the "
								+ "rest of the applications' JVM.",
						windows, jit, gc, app / 1e6),
				String.format(Locale.ROOT,
						"- The two readings of the same CPU time, over every window of the run (closed-loop, idle "
								+ "and fixed-rate): `schedstat` counted %,.0f ms for the applications' JVM, JIT "
								+ "compiler threads included, harness thread left out, and "
								+ "`utime + stime` %,.0f ms (with it), %+.1f %%; for Redis %,.0f ms and %,.0f ms "
								+ "(10 ms ticks), %+.1f %%.",
						totals.app() / 1e6, totals.appStat() / 1e6,
						100.0 * (totals.appStat() - totals.app()) / totals.app(), totals.redis() / 1e6,
						totals.redisStat() / 1e6, 100.0 * (totals.redisStat() - totals.redis()) / totals.redis()),
				String.format(Locale.ROOT,
						"- The load generator itself, not counted above, spent %,.0f µs per request (median of "
								+ "all rows).",
						generatorMedian()),
				"");
	}

	/**
	 * The sentence on what this run cannot tell apart.
	 * @return the noise floor from the anonymous GET
	 */
	String noiseFloor() {
		double lowest = Double.MAX_VALUE;
		double highest = 0;
		double spread = 0;
		for (VariantResult result : this.results.all()) {
			Rounds cpu = result.cpu(RequestKind.ANONYMOUS_GET).total();
			lowest = Math.min(lowest, cpu.median());
			highest = Math.max(highest, cpu.median());
			spread = Math.max(spread, cpu.spread());
		}
		return String.format(Locale.ROOT,
				"Noise floor: the anonymous GET touches no session in any variant and "
						+ "sends no Redis command in any, so it does the same work everywhere; its medians came out "
						+ "between %,.0f and %,.0f µs per request (%.2f ×), and its rounds spread by up to %.0f %%. "
						+ "Differences between variants smaller than that are noise on this machine.",
				lowest, highest, highest / lowest, spread * 100);
	}

	void breakdown() {
		add("## Where the applications' CPU time goes", "",
				"The *app* part of the headline, split by this JVM's threads ("
						+ "`ThreadMXBean`, medians of the rounds, idle taken off as above): Tomcat's request "
						+ "threads (filters, controller, the session layer's own code, blocking on Redis), its "
						+ "poller and acceptor, Lettuce's Netty event loops (writing commands, reading replies, "
						+ "completing the futures the request threads wait for), other Java threads, and the "
						+ "rest of the process, which Java does not show as threads: garbage collection and the VM "
						+ "thread. µs per request; *JIT*: CPU milliseconds of the JIT compiler threads, which are "
						+ "not in *app*, in the window (median; a warmed-up JVM spends little).",
				"", "| request | variant | " + String.join(" | ", groupLabels()) + " | app | JIT |",
				"|---|---|" + "---:|".repeat(AppThreads.Group.values().length + 2));
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results.all()) {
				CpuPerRequest cpu = result.cpu(kind);
				StringBuilder row = new StringBuilder("| " + kind.label() + " | " + result.variant().label() + " |");
				for (AppThreads.Group group : AppThreads.Group.values()) {
					row.append(String.format(Locale.ROOT, " %,.0f |", cpu.group(group).median()));
				}
				row.append(String.format(Locale.ROOT, " %,.0f | %,.0f ms |", cpu.app().median(),
						cpu.jitMillis().median()));
				add(row.toString());
			}
		}
		add("");
	}

	/**
	 * The headline as one row per request kind and one column per variant, for the
	 * README.
	 * @return Markdown lines
	 */
	List<String> compactTable() {
		List<String> lines = new ArrayList<>();
		StringBuilder header = new StringBuilder("| request |");
		for (Variant variant : VARIANTS) {
			header.append(' ').append(variant.label()).append(" |");
		}
		lines.add(header + " a ÷ c | a ÷ b | a+ ÷ c |");
		lines.add("|---|" + "---:|".repeat(VARIANTS.size() + 3));
		for (RequestKind kind : RequestKind.values()) {
			StringBuilder row = new StringBuilder("| " + kind.label() + " |");
			for (Variant variant : VARIANTS) {
				Rounds cpu = this.results.of(variant).cpu(kind).total();
				row.append(String.format(Locale.ROOT, " %,.0f µs (±%.0f %%) |", cpu.median(), cpu.spread() * 50));
			}
			row.append(' ')
				.append(ratioText(kind, Variant.SESSION_STARTER, Variant.IN_MEMORY))
				.append(" | ")
				.append(ratioText(kind, Variant.SESSION_STARTER, Variant.SPRING_SESSION))
				.append(" | ")
				.append(ratioText(kind, Variant.SESSION_STARTER_NEAR_CACHE, Variant.IN_MEMORY))
				.append(" |");
			lines.add(row.toString());
		}
		return lines;
	}

	double ratio(RequestKind kind, Variant variant, Variant other) {
		return this.results.of(variant).cpu(kind).total().median() / this.results.of(other).cpu(kind).total().median();
	}

	String ratioText(RequestKind kind, Variant variant, Variant other) {
		if (variant == other) {
			return "—";
		}
		return Report.ratio(this.results.of(variant).cpu(kind).total(), this.results.of(other).cpu(kind).total());
	}

	private double throughputSpread() {
		List<Double> spreads = new ArrayList<>();
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results.all()) {
				spreads.add(result.throughput(kind).perSecond().spread());
			}
		}
		return new Rounds(spreads).median();
	}

	private double generatorMedian() {
		List<Double> medians = new ArrayList<>();
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results.all()) {
				medians.add(result.cpu(kind).generator().median());
			}
		}
		return new Rounds(medians).median();
	}

	private static double perSecond(long nanos, CpuMeter.Window window) {
		return nanos / 1e6 / (window.wallNanos() / 1e9);
	}

	private static List<String> groupLabels() {
		return Arrays.stream(AppThreads.Group.values()).map(AppThreads.Group::label).toList();
	}

	private void add(String... lines) {
		this.out.addAll(List.of(lines));
	}

}
