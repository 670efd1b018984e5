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
 * Boots {@link BenchmarkApplication} once per {@link Variant}, one after the other in
 * this JVM, against one local Redis ({@link RealRedis}); signs users in, measures bytes
 * per session, counts Redis commands per request in a quiet pass, then runs a bounded
 * load of each {@link RequestKind}, and writes {@code BENCHMARKS.md}.
 * <p>
 * Arguments: the report to write, and optionally the micro-benchmark table to include.
 * System properties {@code benchmarks.warmup}, {@code benchmarks.duration} (e.g.
 * {@code 2s}), {@code benchmarks.threads} and {@code benchmarks.users} tune the run.
 *
 * @author session-starter
 */
public final class LoadComparison {

	private static final int COUNTED_SAMPLES = 10;

	private final RealRedis redis;

	private final Settings settings;

	private final CpuMeter cpu;

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
		comparison.warmUpJvm();
		List<VariantResult> results = new ArrayList<>();
		for (Variant variant : Variant.values()) {
			results.add(comparison.run(variant));
		}
		Report.write(report, micro, settings, before, Machine.describe(), redis, results);
		System.out.println("Wrote " + report.toAbsolutePath().normalize());
		// The shared Redis stops with the JVM; Lettuce and Tomcat threads are gone with
		// the contexts.
		System.exit(0);
	}

	/**
	 * Whichever variant runs first would also pay for compiling the code all variants
	 * share (Tomcat, Spring MVC, Spring Security, the client): run that code untimed
	 * first, on the variant that has no code of its own.
	 */
	private void warmUpJvm() {
		System.out.println("== JVM warm-up (not measured), " + Variant.IN_MEMORY.label());
		try (ConfigurableApplicationContext context = boot(Variant.IN_MEMORY)) {
			HttpDriver http = new HttpDriver(port(context), Variant.IN_MEMORY.cookieName());
			List<UserSession> sessions = signIn(http);
			for (RequestKind kind : List.of(RequestKind.ANONYMOUS_GET, RequestKind.AUTHENTICATED_GET,
					RequestKind.POST_CART, RequestKind.LOGIN)) {
				LoadRun.run(kind, http, sessions, this.settings.threads(), Duration.ZERO, this.settings.warmup());
			}
		}
	}

	private VariantResult run(Variant variant) {
		System.out.println("== " + variant.label());
		try (ConfigurableApplicationContext context = boot(variant)) {
			String wiring = describeWiring(context);
			System.out.println("   " + wiring);
			HttpDriver http = new HttpDriver(port(context), variant.cookieName());
			List<UserSession> sessions = signIn(http);
			SessionMemory memory = SessionMemory.measure(this.redis, variant, sessions.size());
			Map<RequestKind, CommandCounts> counts = countCommands(http, sessions);
			Map<RequestKind, LoadRun.Result> loads = new EnumMap<>(RequestKind.class);
			for (RequestKind kind : RequestKind.values()) {
				CpuMeter.Snapshot cpu = this.cpu.snapshot();
				LoadRun.Result result = LoadRun
					.run(kind, http, sessions, this.settings.threads(), this.settings.warmup(),
							this.settings.duration())
					.withOtherCores(this.cpu.otherCores(cpu));
				System.out.printf(
						"   %-40s %9.0f/s  p50 %7.0f µs  p99 %7.0f µs  errors %d  other processes %.2f cores %s%n",
						kind.label(), result.perSecond(), result.p50Micros(), result.p99Micros(), result.errors(),
						result.otherCores(), (result.firstError() != null) ? result.firstError() : "");
				loads.put(kind, result);
			}
			return new VariantResult(variant, wiring, memory, counts, loads);
		}
	}

	private ConfigurableApplicationContext boot(Variant variant) {
		this.redis.flushAll();
		// Spring Session's indexed repository switches keyspace notifications on; start
		// every variant without them.
		this.redis.command("CONFIG", "SET", "notify-keyspace-events", "");
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

	record Settings(Duration warmup, Duration duration, int threads, int users) {

		static Settings fromSystemProperties() {
			return new Settings(duration("benchmarks.warmup", "2s"), duration("benchmarks.duration", "3s"),
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

	record VariantResult(Variant variant, String wiring, SessionMemory memory, Map<RequestKind, CommandCounts> counts,
			Map<RequestKind, LoadRun.Result> loads) {

	}

}
