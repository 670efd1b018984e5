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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.sessionstarter.benchmarks.HttpDriver.UserSession;
import dev.sessionstarter.benchmarks.app.BenchmarkApplication;
import dev.sessionstarter.test.RealRedis;
import org.jspecify.annotations.Nullable;

/**
 * Boots {@link BenchmarkApplication} once per {@link Variant}, all five side by side in
 * this JVM, against one local Redis ({@link RealRedis}); signs users in, measures bytes
 * per session and counts Redis commands per request in a quiet pass per variant; then
 * loads them from a {@link LoadGenerator} in a process of its own: the same untimed
 * warm-up for every variant, closed-loop rounds for throughput, and fixed-rate rounds in
 * which {@link CpuMeter} measures the CPU time of this JVM and of Redis per request. In
 * every round the variants take turns in a different order. Writes {@code BENCHMARKS.md}
 * with the median of the rounds and their spread.
 * <p>
 * Arguments: the report to write, and optionally the micro-benchmark table to include and
 * the README whose benchmark block ({@link ReadmeSection}) to rewrite. {@link Settings}
 * tells the system properties that tune the run.
 *
 * @author session-starter
 */
public final class LoadComparison {

	/**
	 * The order in which the variants take turns in each round (round {@code r} uses
	 * {@code ORDERS[r % 5]}): a Latin square, so that over five rounds every variant runs
	 * once in every position, and no variant always follows the same one.
	 */
	static final List<List<Variant>> ORDERS = List.of(
			List.of(Variant.SESSION_STARTER, Variant.SPRING_SESSION, Variant.IN_MEMORY, Variant.SPRING_SESSION_INDEXED,
					Variant.SESSION_STARTER_NEAR_CACHE),
			List.of(Variant.IN_MEMORY, Variant.SESSION_STARTER_NEAR_CACHE, Variant.SPRING_SESSION_INDEXED,
					Variant.SESSION_STARTER, Variant.SPRING_SESSION),
			List.of(Variant.SPRING_SESSION_INDEXED, Variant.IN_MEMORY, Variant.SESSION_STARTER_NEAR_CACHE,
					Variant.SPRING_SESSION, Variant.SESSION_STARTER),
			List.of(Variant.SPRING_SESSION, Variant.SPRING_SESSION_INDEXED, Variant.SESSION_STARTER,
					Variant.SESSION_STARTER_NEAR_CACHE, Variant.IN_MEMORY),
			List.of(Variant.SESSION_STARTER_NEAR_CACHE, Variant.SESSION_STARTER, Variant.SPRING_SESSION,
					Variant.IN_MEMORY, Variant.SPRING_SESSION_INDEXED));

	/** How long this JVM and Redis are measured with no load at the start of a round. */
	static final Duration IDLE = Duration.ofSeconds(1);

	/** Untimed fixed-rate load per variant and request kind before the first round. */
	static final Duration FIXED_RATE_WARMUP = Duration.ofSeconds(1);

	/** Below this share of a warm-up pass spent compiling, the JIT is taken as done. */
	static final double JIT_QUIET_PERCENT = 10;

	private static final String NOTIFY_KEYSPACE_EVENTS = "notify-keyspace-events";

	private final RealRedis redis;

	private final Settings settings;

	private final CpuMeter cpu;

	private final Map<Variant, RunningVariant> running = new EnumMap<>(Variant.class);

	private final List<CpuMeter.Window> idle = new ArrayList<>();

	private int warmupPasses;

	/** What Spring Session's indexed repository configured at start-up. */
	private String indexedKeyspaceEvents = "";

	private LoadComparison(RealRedis redis, Settings settings) {
		this.redis = redis;
		this.settings = settings;
		this.cpu = new CpuMeter(redis);
	}

	/**
	 * Run the comparison.
	 * @param args path of {@code BENCHMARKS.md}, then optionally the micro-benchmark
	 * table and the README whose generated block to rewrite
	 * @throws IOException if the report cannot be written
	 */
	public static void main(String[] args) throws IOException {
		long began = System.nanoTime();
		Path report = Path.of((args.length > 0) ? args[0] : "BENCHMARKS.md");
		@Nullable Path micro = (args.length > 1) ? Path.of(args[1]) : null;
		@Nullable Path readme = (args.length > 2) ? Path.of(args[2]) : null;
		Settings settings = Settings.fromSystemProperties();
		Machine before = Machine.describe();
		RealRedis redis = RealRedis.get();
		System.out.println("Redis " + redis.version() + " from " + redis.source() + " at " + redis.uri());
		LoadComparison comparison = new LoadComparison(redis, settings);
		List<VariantResult> results = comparison.run();
		Duration took = Duration.ofNanos(System.nanoTime() - began);
		Report.write(report, micro, readme, new Report.Run(settings, before, Machine.describe(), redis, comparison.cpu,
				comparison.idle, comparison.warmupPasses, took), results);
		System.out.println("Wrote " + report.toAbsolutePath().normalize() + " after " + took.toSeconds() + " s");
		// The shared Redis stops with the JVM; Lettuce and Tomcat threads are gone with
		// the contexts.
		System.exit(0);
	}

	private List<VariantResult> run() {
		try (GeneratorProcess generator = GeneratorProcess.start()) {
			this.cpu.generator(generator.pid());
			bootAll();
			for (Variant variant : Variant.values()) {
				prepare(variant);
				RunningVariant run = this.running.get(variant);
				generator.target(variant, run.port(), run.sessions());
			}
			warmUp(generator);
			for (int round = 0; round < this.settings.throughputRounds(); round++) {
				throughputRound(generator, round);
			}
			fixedRateWarmUp(generator);
			awaitQuietJit();
			for (int round = 0; round < this.settings.rounds(); round++) {
				cpuRound(generator, round);
			}
			CpuMeter.Window idle = CpuMeter.Window.lowestRate(this.idle);
			List<VariantResult> results = new ArrayList<>();
			for (Variant variant : Variant.values()) {
				results.add(this.running.get(variant).result(idle));
			}
			return results;
		}
		finally {
			this.running.values().forEach((r) -> r.context().close());
		}
	}

	/**
	 * Starts every variant, each on its own port and with its own key prefix, so that
	 * they can take turns without restarting (a restart would throw away the JIT's work
	 * and make the variants pay for it unequally).
	 */
	private void bootAll() {
		this.redis.flushAll();
		// Spring Session's indexed repository switches keyspace notifications on when it
		// starts; they are on only while that variant is measured.
		this.redis.command("CONFIG", "SET", NOTIFY_KEYSPACE_EVENTS, "");
		for (Variant variant : Variant.values()) {
			RunningVariant run = RunningVariant.boot(variant, this.redis, this.settings.users());
			if (variant == Variant.SPRING_SESSION_INDEXED) {
				String reply = this.redis.command("CONFIG", "GET", NOTIFY_KEYSPACE_EVENTS);
				String[] lines = (reply != null) ? reply.split("\n") : new String[0];
				this.indexedKeyspaceEvents = (lines.length > 1) ? lines[1] : "";
				this.redis.command("CONFIG", "SET", NOTIFY_KEYSPACE_EVENTS, "");
			}
			System.out.println("== " + variant.label() + ": " + run.wiring());
			this.running.put(variant, run);
		}
		System.out.println("   keyspace notifications of (b'): '" + this.indexedKeyspaceEvents + "'");
		System.out.println("   CPU of Redis from " + this.cpu.redisSource());
	}

	/**
	 * Switches Redis to what the variant expects: keyspace notifications only for the
	 * indexed repository.
	 */
	private void activate(Variant variant) {
		this.redis.command("CONFIG", "SET", NOTIFY_KEYSPACE_EVENTS,
				(variant == Variant.SPRING_SESSION_INDEXED) ? this.indexedKeyspaceEvents : "");
	}

	private void prepare(Variant variant) {
		System.out.println("== " + variant.label() + ": sign in, bytes per session, commands per request");
		RunningVariant run = this.running.get(variant);
		activate(variant);
		run.sessions().addAll(signIn(run.http()));
		run.memory(SessionMemory.measure(this.redis, variant, run.sessions().size()));
		run.counts().putAll(CommandCounts.count(this.redis, run.http(), run.sessions()));
	}

	/**
	 * The same untimed load for every variant and request kind before the first round, so
	 * that each variant's own code is compiled before it is measured: passes over every
	 * variant and request kind until the JIT compilers spent less than
	 * {@value #JIT_QUIET_PERCENT} % of a pass compiling (at most
	 * {@link Settings#warmupPasses()} passes; a starved machine compiles slowly).
	 */
	private void warmUp(GeneratorProcess generator) {
		for (int pass = 1; pass <= this.settings.warmupPasses(); pass++) {
			long began = System.nanoTime();
			long jit = CpuMeter.jitMillis();
			for (Variant variant : Variant.values()) {
				activate(variant);
				for (RequestKind kind : RequestKind.values()) {
					generator.closedLoop(variant, kind, this.settings.threads(), Duration.ZERO, this.settings.warmup());
				}
			}
			double compiling = 100.0 * (CpuMeter.jitMillis() - jit) / ((System.nanoTime() - began) / 1e6);
			this.warmupPasses = pass;
			System.out.printf(
					"== Warm-up pass %d (not measured): %d ms of each request kind on each variant; "
							+ "JIT compilers busy %.1f %% of the pass%n",
					pass, this.settings.warmup().toMillis(), compiling);
			if (compiling < JIT_QUIET_PERCENT) {
				return;
			}
		}
	}

	private void throughputRound(GeneratorProcess generator, int round) {
		List<Variant> order = ORDERS.get(round % ORDERS.size());
		System.out.println("== Closed-loop round " + (round + 1) + " of " + this.settings.throughputRounds() + ": "
				+ order.stream().map(Variant::letter).collect(Collectors.joining(", ")));
		for (Variant variant : order) {
			RunningVariant run = this.running.get(variant);
			activate(variant);
			for (RequestKind kind : RequestKind.values()) {
				CpuMeter.Snapshot cpu = this.cpu.start();
				LoadRun.Result result = generator
					.closedLoop(variant, kind, this.settings.threads(), this.settings.roundWarmup(),
							this.settings.duration())
					.withOtherCores(this.cpu.stop(cpu).otherCores());
				System.out.printf("   %-4s %-40s %9.0f/s  p50 %7.0f µs  p99 %7.0f µs  errors %d  other %.2f cores %s%n",
						variant.letter(), kind.label(), result.perSecond(), result.p50Micros(), result.p99Micros(),
						result.errors(), result.otherCores(), (result.firstError() != null) ? result.firstError() : "");
				run.throughput(kind, result);
			}
		}
	}

	/**
	 * An untimed fixed-rate window of every variant and request kind before the first
	 * fixed-rate round: a load that leaves the Redis client's event loops and Tomcat idle
	 * between requests runs code (wake-ups, uncontended paths) that the closed loop
	 * hardly does, and whichever variant came first in the first round would pay for
	 * compiling it.
	 */
	private void fixedRateWarmUp(GeneratorProcess generator) {
		int requests = (int) Math.round(this.settings.rate() * FIXED_RATE_WARMUP.toNanos() / 1e9);
		long jit = CpuMeter.jitMillis();
		for (Variant variant : Variant.values()) {
			activate(variant);
			for (RequestKind kind : RequestKind.values()) {
				generator.prepare(variant, kind, requests);
				generator.fixedRate(variant, kind, this.settings.rate());
			}
		}
		System.out.println("== Fixed-rate warm-up (not measured): " + FIXED_RATE_WARMUP.toMillis()
				+ " ms of each request kind on each variant; JIT compilers " + (CpuMeter.jitMillis() - jit) + " ms");
	}

	/**
	 * Waits, without load, until the JIT compilers have caught up with the warm-up and
	 * the closed loop (on two cores they lag behind), for at most 30 s.
	 */
	private static void awaitQuietJit() {
		for (int second = 0; second < 30; second++) {
			long jit = CpuMeter.jitMillis();
			pause(Duration.ofSeconds(1));
			if (CpuMeter.jitMillis() - jit < 20) {
				System.out.println("== JIT compilers quiet after " + (second + 1) + " s without load");
				return;
			}
		}
	}

	/**
	 * One fixed-rate round: first this JVM and Redis with no load, then every variant in
	 * turn with every request kind, each prepared before its window so that only the
	 * measured requests fall into it.
	 */
	private void cpuRound(GeneratorProcess generator, int round) {
		List<Variant> order = ORDERS.get(round % ORDERS.size());
		System.out.println("== Fixed-rate round " + (round + 1) + " of " + this.settings.rounds() + ", "
				+ Report.number(this.settings.rate()) + " requests/s: "
				+ order.stream().map(Variant::letter).collect(Collectors.joining(", ")));
		activate(Variant.IN_MEMORY);
		CpuMeter.Snapshot quiet = this.cpu.start();
		pause(IDLE);
		CpuMeter.Window idle = this.cpu.stop(quiet);
		this.idle.add(idle);
		for (Variant variant : order) {
			RunningVariant run = this.running.get(variant);
			activate(variant);
			for (RequestKind kind : RequestKind.values()) {
				generator.prepare(variant, kind, this.settings.requestsPerWindow());
				settle();
				CpuMeter.Snapshot start = this.cpu.start();
				LoadRun.Result load = generator.fixedRate(variant, kind, this.settings.rate());
				CpuPerRequest.Sample sample = new CpuPerRequest.Sample(load, this.cpu.stop(start), idle);
				System.out.printf(
						"   %-4s %-40s %7.0f µs (app %6.0f [%s], Redis %5.0f)  %6.0f/s  p50 %6.0f µs  p99 %7.0f µs  "
								+ "errors %d  other %.2f cores  JIT %d ms  GC %d ms %s%n",
						variant.letter(), kind.label(), sample.totalMicros(), sample.appMicros(), groups(sample),
						sample.redisMicros(), load.perSecond(), load.p50Micros(), load.p99Micros(), load.errors(),
						sample.window().otherCores(), sample.window().jitMillis(), sample.window().gcMillis(),
						(load.firstError() != null) ? load.firstError() : "");
				run.cpu(kind, sample);
			}
		}
	}

	private static String groups(CpuPerRequest.Sample sample) {
		return Arrays.stream(AppThreads.Group.values())
			.map((group) -> String.format(Locale.ROOT, "%.0f", sample.groupMicros(group)))
			.collect(Collectors.joining(" "));
	}

	private List<UserSession> signIn(HttpDriver http) {
		List<UserSession> sessions = new ArrayList<>();
		for (int i = 0; i < this.settings.users(); i++) {
			sessions.add(http.login("user" + i));
		}
		settle();
		return sessions;
	}

	/**
	 * Spring Session's filter may finish its work just after the response is sent; a
	 * pause before reading counters lets late commands be counted with their request.
	 */
	static void settle() {
		pause(Duration.ofMillis(40));
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
