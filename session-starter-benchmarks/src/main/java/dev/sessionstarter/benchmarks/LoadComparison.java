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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.sessionstarter.benchmarks.HttpDriver.UserSession;
import dev.sessionstarter.benchmarks.app.BenchmarkApplication;
import dev.sessionstarter.test.RealRedis;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Boots {@link BenchmarkApplication} once per {@link Variant}, all four side by side in
 * this JVM, against one local Redis ({@link RealRedis}); signs users in, measures bytes
 * per session and counts Redis commands per request in a quiet pass per variant; warms
 * every variant up with the same load; then measures each {@link RequestKind} in several
 * rounds in which the variants take turns in a different order, and writes
 * {@code BENCHMARKS.md} with the median of the rounds and their spread.
 * <p>
 * Arguments: the report to write, and optionally the micro-benchmark table to include.
 * System properties {@code benchmarks.warmup} (untimed load per variant and request kind
 * before the first round), {@code benchmarks.round-warmup} (untimed lead-in before each
 * measured window), {@code benchmarks.duration} (the measured window), e.g. {@code 2s} or
 * {@code 1500ms}, {@code benchmarks.rounds}, {@code benchmarks.threads} and
 * {@code benchmarks.users} tune the run.
 *
 * @author session-starter
 */
public final class LoadComparison {

	/**
	 * The order in which the variants take turns in each round (round {@code r} uses
	 * {@code ORDERS[r % 4]}): over four rounds every variant runs once in every position,
	 * and each of the first rounds starts with a different variant.
	 */
	static final List<List<Variant>> ORDERS = List.of(
			List.of(Variant.SESSION_STARTER, Variant.SPRING_SESSION, Variant.IN_MEMORY, Variant.SPRING_SESSION_INDEXED),
			List.of(Variant.IN_MEMORY, Variant.SPRING_SESSION_INDEXED, Variant.SPRING_SESSION, Variant.SESSION_STARTER),
			List.of(Variant.SPRING_SESSION, Variant.SESSION_STARTER, Variant.SPRING_SESSION_INDEXED, Variant.IN_MEMORY),
			List.of(Variant.SPRING_SESSION_INDEXED, Variant.IN_MEMORY, Variant.SESSION_STARTER,
					Variant.SPRING_SESSION));

	private static final int COUNTED_SAMPLES = 10;

	private static final String NOTIFY_KEYSPACE_EVENTS = "notify-keyspace-events";

	private final RealRedis redis;

	private final Settings settings;

	private final CpuMeter cpu;

	private final Map<Variant, Running> running = new EnumMap<>(Variant.class);

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
	 * table
	 * @throws IOException if the report cannot be written
	 */
	public static void main(String[] args) throws IOException {
		Path report = Path.of((args.length > 0) ? args[0] : "BENCHMARKS.md");
		@Nullable Path micro = (args.length > 1) ? Path.of(args[1]) : null;
		Settings settings = Settings.fromSystemProperties();
		Machine before = Machine.describe();
		RealRedis redis = RealRedis.get();
		System.out.println("Redis " + redis.version() + " from " + redis.source() + " at " + redis.uri());
		LoadComparison comparison = new LoadComparison(redis, settings);
		List<VariantResult> results = comparison.run();
		Report.write(report, micro, settings, before, Machine.describe(), redis, results);
		System.out.println("Wrote " + report.toAbsolutePath().normalize());
		// The shared Redis stops with the JVM; Lettuce and Tomcat threads are gone with
		// the contexts.
		System.exit(0);
	}

	private List<VariantResult> run() {
		try {
			bootAll();
			for (Variant variant : Variant.values()) {
				prepare(variant);
			}
			warmUp();
			for (int round = 0; round < this.settings.rounds(); round++) {
				measureRound(round);
			}
			List<VariantResult> results = new ArrayList<>();
			for (Variant variant : Variant.values()) {
				results.add(this.running.get(variant).result());
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
			ConfigurableApplicationContext context = boot(variant);
			if (variant == Variant.SPRING_SESSION_INDEXED) {
				String reply = this.redis.command("CONFIG", "GET", NOTIFY_KEYSPACE_EVENTS);
				String[] lines = (reply != null) ? reply.split("\n") : new String[0];
				this.indexedKeyspaceEvents = (lines.length > 1) ? lines[1] : "";
			}
			String wiring = describeWiring(context);
			System.out.println("== " + variant.label() + ": " + wiring);
			this.running.put(variant,
					new Running(variant, context, wiring, new HttpDriver(port(context), variant.cookieName())));
		}
		System.out.println("   keyspace notifications of (b'): '" + this.indexedKeyspaceEvents + "'");
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
		Running run = this.running.get(variant);
		activate(variant);
		run.sessions.addAll(signIn(run.http()));
		run.memory = SessionMemory.measure(this.redis, variant, run.sessions.size());
		run.counts.putAll(countCommands(run.http(), run.sessions));
	}

	/**
	 * The same untimed load for every variant and request kind before the first round, so
	 * that each variant's own code is compiled before it is measured.
	 */
	private void warmUp() {
		System.out.println("== Warm-up (not measured): " + this.settings.warmup().toMillis()
				+ " ms of each request kind on each variant");
		for (Variant variant : Variant.values()) {
			Running run = this.running.get(variant);
			activate(variant);
			for (RequestKind kind : RequestKind.values()) {
				LoadRun.run(kind, run.http(), run.sessions, this.settings.threads(), Duration.ZERO,
						this.settings.warmup());
			}
		}
	}

	private void measureRound(int round) {
		List<Variant> order = ORDERS.get(round % ORDERS.size());
		System.out.println("== Round " + (round + 1) + " of " + this.settings.rounds() + ": "
				+ order.stream().map(Variant::letter).collect(Collectors.joining(", ")));
		for (Variant variant : order) {
			Running run = this.running.get(variant);
			activate(variant);
			for (RequestKind kind : RequestKind.values()) {
				CpuMeter.Snapshot cpu = this.cpu.snapshot();
				LoadRun.Result result = LoadRun
					.run(kind, run.http(), run.sessions, this.settings.threads(), this.settings.roundWarmup(),
							this.settings.duration())
					.withOtherCores(this.cpu.otherCores(cpu));
				System.out.printf(
						"   %-4s %-40s %9.0f/s  p50 %7.0f µs  p99 %7.0f µs  errors %d  other processes %.2f cores %s%n",
						variant.letter(), kind.label(), result.perSecond(), result.p50Micros(), result.p99Micros(),
						result.errors(), result.otherCores(), (result.firstError() != null) ? result.firstError() : "");
				run.rounds.computeIfAbsent(kind, (k) -> new ArrayList<>()).add(result);
			}
		}
	}

	private ConfigurableApplicationContext boot(Variant variant) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.SERVLET)
			.properties(variant.properties(this.redis.host(), this.redis.port(), this.settings.users()))
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("No local.server.port");
		}
		return port;
	}

	private List<UserSession> signIn(HttpDriver http) {
		List<UserSession> sessions = new ArrayList<>();
		for (int i = 0; i < this.settings.users(); i++) {
			sessions.add(http.login("user" + i));
		}
		settle();
		return sessions;
	}

	private Map<RequestKind, CommandCounts> countCommands(HttpDriver http, List<UserSession> sessions) {
		Map<RequestKind, CommandCounts> counts = new EnumMap<>(RequestKind.class);
		try (RedisMonitor monitor = new RedisMonitor(this.redis.host(), this.redis.port())) {
			for (RequestKind kind : RequestKind.values()) {
				Map<String, Long> stats = new TreeMap<>();
				Map<String, Long> sent = new TreeMap<>();
				for (int i = 0; i < COUNTED_SAMPLES; i++) {
					RequestKind.Request request = kind.prepare(http, sessions, i);
					settle();
					Map<String, Long> statsBefore = this.redis.commandStats();
					Map<String, Long> sentBefore = monitor.snapshot();
					request.send();
					settle();
					this.redis.commandStatsDelta(statsBefore).forEach((c, n) -> stats.merge(c, n, Long::sum));
					monitor.snapshot().forEach((c, n) -> {
						long grown = n - sentBefore.getOrDefault(c, 0L);
						if (grown > 0) {
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
			.collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue() / (double) COUNTED_SAMPLES, Double::sum,
					TreeMap::new));
	}

	private static String describeWiring(ConfigurableApplicationContext context) {
		@SuppressWarnings("rawtypes")
		Map<String, SessionRepositoryFilter> filters = context.getBeansOfType(SessionRepositoryFilter.class);
		@SuppressWarnings("rawtypes")
		Map<String, SessionRepository> repositories = context.getBeansOfType(SessionRepository.class);
		if (filters.isEmpty() && repositories.isEmpty()) {
			return "no SessionRepositoryFilter: the servlet container's HttpSession";
		}
		return "SessionRepositoryFilter beans " + filters.keySet() + " over "
				+ repositories.values().stream().map((r) -> r.getClass().getName()).toList();
	}

	/**
	 * Spring Session's filter may finish its work just after the response is sent; a
	 * pause before reading counters lets late commands be counted with their request.
	 */
	private static void settle() {
		try {
			Thread.sleep(40);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How long and how hard to load.
	 *
	 * @param warmup untimed load per variant and request kind before the first round
	 * @param roundWarmup untimed lead-in before each measured window
	 * @param duration measured window per variant, request kind and round
	 * @param rounds how many rounds
	 * @param threads client threads
	 * @param users users signed in per variant
	 */
	record Settings(Duration warmup, Duration roundWarmup, Duration duration, int rounds, int threads, int users) {

		static Settings fromSystemProperties() {
			return new Settings(duration("benchmarks.warmup", "1500ms"), duration("benchmarks.round-warmup", "500ms"),
					duration("benchmarks.duration", "1500ms"), Math.max(1, Integer.getInteger("benchmarks.rounds", 3)),
					Integer.getInteger("benchmarks.threads", 16), Integer.getInteger("benchmarks.users", 50));
		}

		private static Duration duration(String name, String fallback) {
			return DurationStyle.detectAndParse(System.getProperty(name, fallback));
		}

	}

	/**
	 * Redis work per request, from the quiet pass.
	 *
	 * @param commandStats per command name, as {@code INFO commandstats} counts (commands
	 * inside scripts included)
	 * @param sent per command name as {@code MONITOR} saw it; names starting with
	 * {@link RedisMonitor#IN_SCRIPT} ran inside a script, the others were round trips
	 */
	record CommandCounts(Map<String, Double> commandStats, Map<String, Double> sent) {

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

	/** A booted variant and what has been measured on it so far. */
	private static final class Running {

		private final Variant variant;

		private final ConfigurableApplicationContext context;

		private final String wiring;

		private final HttpDriver http;

		private final List<UserSession> sessions = new ArrayList<>();

		private final Map<RequestKind, CommandCounts> counts = new EnumMap<>(RequestKind.class);

		private final Map<RequestKind, List<LoadRun.Result>> rounds = new EnumMap<>(RequestKind.class);

		private @Nullable SessionMemory memory;

		Running(Variant variant, ConfigurableApplicationContext context, String wiring, HttpDriver http) {
			this.variant = variant;
			this.context = context;
			this.wiring = wiring;
			this.http = http;
		}

		ConfigurableApplicationContext context() {
			return this.context;
		}

		HttpDriver http() {
			return this.http;
		}

		VariantResult result() {
			SessionMemory memory = this.memory;
			if (memory == null) {
				throw new IllegalStateException("No memory measured for " + this.variant);
			}
			return new VariantResult(this.variant, this.wiring, memory, this.counts, this.rounds);
		}

	}

	/**
	 * Everything measured on one variant.
	 *
	 * @param variant the variant
	 * @param wiring which session repository filter and repository it ran with
	 * @param memory Redis bytes per signed-in session
	 * @param counts Redis work per request, from the quiet pass
	 * @param rounds per request kind, the measured windows in round order
	 */
	record VariantResult(Variant variant, String wiring, SessionMemory memory, Map<RequestKind, CommandCounts> counts,
			Map<RequestKind, List<LoadRun.Result>> rounds) {

		RoundsSummary summary(RequestKind kind) {
			return RoundsSummary.of(this.rounds.getOrDefault(kind, List.of()));
		}

	}

	/**
	 * The rounds of one variant and request kind, summarized.
	 *
	 * @param perSecond requests/s of each round, in round order
	 * @param medianPerSecond median requests/s
	 * @param minPerSecond lowest requests/s of a round
	 * @param maxPerSecond highest requests/s of a round
	 * @param medianP50Micros median over rounds of each round's p50
	 * @param medianP99Micros median over rounds of each round's p99
	 * @param errors errors in all rounds
	 * @param maxOtherCores most cores other processes took during one round
	 */
	record RoundsSummary(List<Double> perSecond, double medianPerSecond, double minPerSecond, double maxPerSecond,
			double medianP50Micros, double medianP99Micros, long errors, double maxOtherCores) {

		static RoundsSummary of(List<LoadRun.Result> rounds) {
			List<Double> perSecond = rounds.stream().map(LoadRun.Result::perSecond).toList();
			return new RoundsSummary(perSecond, median(perSecond),
					perSecond.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
					perSecond.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
					median(rounds.stream().map(LoadRun.Result::p50Micros).toList()),
					median(rounds.stream().map(LoadRun.Result::p99Micros).toList()),
					rounds.stream().mapToLong(LoadRun.Result::errors).sum(),
					rounds.stream().mapToDouble(LoadRun.Result::otherCores).max().orElse(Double.NaN));
		}

		/**
		 * Spread of the rounds: (highest − lowest) ÷ median.
		 * @return the relative spread
		 */
		double spread() {
			return (this.maxPerSecond - this.minPerSecond) / this.medianPerSecond;
		}

		static double median(List<Double> values) {
			if (values.isEmpty()) {
				return Double.NaN;
			}
			double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			int middle = sorted.length / 2;
			return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
		}

	}

}
