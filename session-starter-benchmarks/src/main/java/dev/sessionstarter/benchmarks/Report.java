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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.sessionstarter.benchmarks.LoadComparison.CommandCounts;
import dev.sessionstarter.benchmarks.LoadComparison.RoundsSummary;
import dev.sessionstarter.benchmarks.LoadComparison.Settings;
import dev.sessionstarter.benchmarks.LoadComparison.VariantResult;
import dev.sessionstarter.test.RealRedis;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code BENCHMARKS.md}: what was measured, on what, and how the variants compare,
 * including whether the performance targets of DESIGN.md were met.
 *
 * @author session-starter
 */
final class Report {

	static final String COMMAND = "./mvnw -Pbenchmarks -pl session-starter-benchmarks -am -DskipTests verify";

	private static final Pattern JAR_VERSION = Pattern.compile("-(\\d[\\w.\\-]*?)\\.jar$");

	private final List<String> out = new ArrayList<>();

	private final List<VariantResult> results;

	private Report(List<VariantResult> results) {
		this.results = results;
	}

	static void write(Path file, @Nullable Path micro, Settings settings, Machine before, Machine after,
			RealRedis redis, List<VariantResult> results) throws IOException {
		Report report = new Report(results);
		report.header(settings, before, after, redis);
		report.throughput();
		report.redisPerRequest();
		report.memory();
		report.targets();
		report.add("## Micro-benchmarks (JMH)", "");
		if (micro != null && Files.isRegularFile(micro)) {
			report.add(Files.readString(micro));
		}
		else {
			report.add("Not run in this invocation.", "");
		}
		Files.writeString(file, String.join("\n", report.out));
	}

	private void header(Settings settings, Machine before, Machine after, RealRedis redis) {
		add("# Benchmarks", "",
				"Measured " + OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE) + " with `"
						+ COMMAND + "` (module `session-starter-benchmarks`). One machine, one short run: compare "
						+ "the variants with each other, not these numbers with another machine's.",
				"", "## Machine", "", "| | |", "|---|---|", "| processors (`nproc`) | " + before.processors() + " |",
				"| memory | " + before.memory() + " |", "| CPU | " + before.cpu() + " |",
				"| Java | " + before.java() + " |",
				"| Redis | " + redis.version() + " (`" + redis.source() + "`), on the same machine, loopback |",
				"| load average (`/proc/loadavg`) before / after | " + before.loadAverage() + " / "
						+ after.loadAverage() + " |",
				"", "## Versions", "", "| library | version |", "|---|---|");
		versions();
		add("", "## Setup", "",
				"- One small Spring MVC + Spring Security form-login application (`BenchmarkApplication`: CSRF on, "
						+ "in-memory users with `{noop}` passwords so that login measures sessions, not "
						+ "password hashing), booted once per variant, on 127.0.0.1. Only the active "
						+ "auto-configurations differ:");
		for (VariantResult result : this.results) {
			add("  - " + result.variant().label() + ", cookie `" + result.variant().cookieName() + "`: "
					+ result.wiring());
		}
		add("- All four variants are booted side by side in that JVM (each on its own port, with its own Redis key "
				+ "prefix), so they share one JIT and take turns instead of restarting. Per variant " + settings.users()
				+ " users are signed in, bytes per session are measured and Redis commands "
				+ "are counted (below); then every variant gets the same untimed warm-up, " + seconds(settings.warmup())
				+ " of each request kind.",
				"- Then " + settings.rounds() + " measured rounds. In each round every variant in turn runs every "
						+ "request kind: a closed-loop load of " + settings.threads()
						+ " client threads (`java.net.http.HttpClient`, HTTP/1.1 keep-alive), "
						+ seconds(settings.roundWarmup()) + " untimed lead-in, then " + seconds(settings.duration())
						+ " measured. The order of the variants changes from round to round ("
						+ orders(settings.rounds())
						+ "), so that no variant is always first or last. Reported: the median of the rounds; "
						+ "*rounds* lists each round's value and *spread* is (highest − lowest) ÷ median.",
				"- The load generator, the application and Redis share the machine's CPUs, so absolute numbers are "
						+ "lower than on separate machines; the ratios are the point. Keyspace notifications, which "
						+ "Spring Session's indexed repository switches on, are on only while (b') runs; (b') runs "
						+ "without its once-a-minute cleanup task (`cleanup-cron: -`), which would otherwise land in "
						+ "other variants' counts.",
				"- Redis work per request is counted in a separate quiet pass (10 requests of each kind, one at a "
						+ "time): `INFO commandstats` deltas (which include commands run inside Lua scripts) and "
						+ "`MONITOR` (which tells round trips sent by the client from commands a script ran).",
				"- Login and logout need untimed preparation: " + RequestKind.LOGIN.note() + "; "
						+ RequestKind.LOGOUT.note()
						+ ". Their requests/s is therefore cycles per second, comparable across variants only.",
				"");
	}

	private void versions() {
		String[][] libraries = { { "Spring Boot", "org.springframework.boot.SpringApplication" },
				{ "Spring Framework", "org.springframework.core.SpringVersion" },
				{ "Spring Security", "org.springframework.security.core.SpringSecurityCoreVersion" },
				{ "Spring Session core", "org.springframework.session.Session" },
				{ "Spring Session Data Redis", "org.springframework.session.data.redis.RedisSessionRepository" },
				{ "Spring Data Redis", "org.springframework.data.redis.core.RedisTemplate" },
				{ "Lettuce", "io.lettuce.core.RedisClient" }, { "Tomcat", "org.apache.catalina.startup.Tomcat" },
				{ "Jackson databind", "tools.jackson.databind.ObjectMapper" },
				{ "JMH", "org.openjdk.jmh.runner.Runner" } };
		for (String[] library : libraries) {
			add("| " + library[0] + " | " + version(library[1]) + " |");
		}
	}

	private void throughput() {
		add("## Throughput and latency", "",
				"Medians of the rounds. *rounds*: requests/s of each round, in round order. *p50*, *p99*: medians "
						+ "of the rounds' percentiles. *other CPU*: the most cores that processes other than this "
						+ "benchmark and its Redis took during one of the rounds (other builds and tests on a shared "
						+ "machine); high values mean a disturbed number.",
				"", "| request | variant | requests/s | rounds | spread | p50 | p99 | errors | other CPU |",
				"|---|---|---:|---|---:|---:|---:|---:|---:|");
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results) {
				RoundsSummary load = result.summary(kind);
				add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %.0f %% | %s | %s | %d | %.2f |", kind.label(),
						result.variant().label(), load.medianPerSecond(),
						load.perSecond()
							.stream()
							.map((v) -> String.format(Locale.ROOT, "%,.0f", v))
							.collect(Collectors.joining(" / ")),
						load.spread() * 100, millis(load.medianP50Micros()), millis(load.medianP99Micros()),
						load.errors(), load.maxOtherCores()));
			}
		}
		add("", "Throughput ratios: median requests/s of (a) divided by the other's median (> 1 means (a) is faster); "
				+ "in brackets the lowest and highest ratio of (a) to the other within one round.", "",
				"| request | a ÷ b | a ÷ b' | a ÷ c |", "|---|---:|---:|---:|");
		for (RequestKind kind : RequestKind.values()) {
			add("| " + kind.label() + " | " + ratio(kind, Variant.SPRING_SESSION) + " | "
					+ ratio(kind, Variant.SPRING_SESSION_INDEXED) + " | " + ratio(kind, Variant.IN_MEMORY) + " |");
		}
		double lowest = Double.MAX_VALUE;
		double highest = 0;
		for (VariantResult result : this.results) {
			double median = result.summary(RequestKind.ANONYMOUS_GET).medianPerSecond();
			lowest = Math.min(lowest, median);
			highest = Math.max(highest, median);
		}
		add("", String.format(Locale.ROOT,
				"The anonymous GET touches no session in any variant (and sends no Redis command in any), so the "
						+ "differences between its medians, %,.0f to %,.0f requests/s (%.2f ×), show what this run "
						+ "cannot tell apart: read smaller differences in the other rows as noise.",
				lowest, highest, highest / lowest), "");
	}

	private void redisPerRequest() {
		add("## Redis work per request", "",
				"| request | variant | round trips | sent by the client (`MONITOR`) | commands counted by Redis "
						+ "(`INFO commandstats`) |",
				"|---|---|---:|---|---|");
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results) {
				CommandCounts counts = result.counts().get(kind);
				add("| " + kind.label() + " | " + result.variant().label() + " | " + number(counts.roundTrips()) + " | "
						+ breakdown(counts.sent()) + " | " + breakdown(counts.commandStats()) + " |");
			}
		}
		add("");
	}

	private void memory() {
		add("## Redis bytes per signed-in session", "",
				"`MEMORY USAGE` right after the users signed in (each session holds the security context and "
						+ "the CSRF token).",
				"", "| variant | session key(s) per session | all keys per session (indexes, expiry helpers) | keys |",
				"|---|---:|---:|---:|");
		for (VariantResult result : this.results) {
			SessionMemory memory = result.memory();
			if (result.variant() == Variant.IN_MEMORY) {
				add("| " + result.variant().label() + " | — (JVM heap) | — | " + memory.keys() + " |");
				continue;
			}
			add(String.format(Locale.ROOT, "| %s | %,.0f B | %,.0f B | %d |", result.variant().label(),
					memory.sessionBytesPerSession(), memory.allBytesPerSession(), memory.keys()));
		}
		add("");
	}

	private void targets() {
		CommandCounts get = find(Variant.SESSION_STARTER).counts().get(RequestKind.AUTHENTICATED_GET);
		CommandCounts anonymous = find(Variant.SESSION_STARTER).counts().get(RequestKind.ANONYMOUS_GET);
		double vsSpringSession = ratioValue(RequestKind.AUTHENTICATED_GET, Variant.SPRING_SESSION);
		double vsSpringSessionIndexed = ratioValue(RequestKind.AUTHENTICATED_GET, Variant.SPRING_SESSION_INDEXED);
		double vsInMemory = ratioValue(RequestKind.AUTHENTICATED_GET, Variant.IN_MEMORY);
		double ours = find(Variant.SESSION_STARTER).memory().allBytesPerSession();
		double theirs = find(Variant.SPRING_SESSION).memory().allBytesPerSession();
		add("## Targets (DESIGN.md)", "", "Throughput targets compare medians of the rounds.", "",
				"| target | measured | met |", "|---|---|---|");
		target("authenticated GET: 1 Redis round trip", number(get.roundTrips()), get.roundTrips() <= 1);
		target("anonymous GET: 0 Redis round trips", number(anonymous.roundTrips()), anonymous.roundTrips() == 0);
		target("authenticated GET throughput ≥ 1.3 × Spring Session (default repository)",
				format(vsSpringSession) + " × (indexed repository: " + format(vsSpringSessionIndexed) + " ×)",
				vsSpringSession >= 1.3);
		target("authenticated GET throughput ≥ 0.85 × in-memory", format(vsInMemory) + " ×", vsInMemory >= 0.85);
		target("bytes per session ≤ Spring Session's (all keys)",
				String.format(Locale.ROOT, "%,.0f B vs %,.0f B", ours, theirs), ours <= theirs);
		add("");
	}

	private void target(String target, String measured, boolean met) {
		add("| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |");
	}

	private String ratio(RequestKind kind, Variant other) {
		List<Double> ours = find(Variant.SESSION_STARTER).summary(kind).perSecond();
		List<Double> theirs = find(other).summary(kind).perSecond();
		double lowest = Double.MAX_VALUE;
		double highest = 0;
		for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
			double ratio = ours.get(i) / theirs.get(i);
			lowest = Math.min(lowest, ratio);
			highest = Math.max(highest, ratio);
		}
		return format(ratioValue(kind, other)) + " (" + format(lowest) + "–" + format(highest) + ")";
	}

	private double ratioValue(RequestKind kind, Variant other) {
		return find(Variant.SESSION_STARTER).summary(kind).medianPerSecond()
				/ find(other).summary(kind).medianPerSecond();
	}

	private VariantResult find(Variant variant) {
		return this.results.stream().filter((r) -> r.variant() == variant).findFirst().orElseThrow();
	}

	private void add(String... lines) {
		this.out.addAll(List.of(lines));
	}

	static String breakdown(Map<String, Double> counts) {
		if (counts.isEmpty()) {
			return "none";
		}
		String sent = join(counts, false);
		String scripted = join(counts, true);
		if (scripted.isEmpty()) {
			return sent;
		}
		return (sent.isEmpty() ? "" : sent + "; ") + "in scripts: " + scripted;
	}

	private static String join(Map<String, Double> counts, boolean inScript) {
		return counts.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith(RedisMonitor.IN_SCRIPT) == inScript)
			.map((e) -> e.getKey().replace(RedisMonitor.IN_SCRIPT, "") + " " + number(e.getValue()))
			.collect(Collectors.joining(", "));
	}

	static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String format(double ratio) {
		return String.format(Locale.ROOT, "%.2f", ratio);
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static String orders(int rounds) {
		List<String> orders = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			orders.add(LoadComparison.ORDERS.get(round % LoadComparison.ORDERS.size())
				.stream()
				.map(Variant::letter)
				.collect(Collectors.joining(", ")));
		}
		return String.join("; then ", orders);
	}

	private static String millis(double micros) {
		return String.format(Locale.ROOT, "%.2f ms", micros / 1000);
	}

	private static String version(String className) {
		try {
			Class<?> type = Class.forName(className, false, Report.class.getClassLoader());
			String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
			Matcher matcher = JAR_VERSION.matcher(location);
			if (matcher.find()) {
				return matcher.group(1);
			}
			String version = type.getPackage().getImplementationVersion();
			return (version != null) ? version : "unknown";
		}
		catch (ClassNotFoundException | RuntimeException ex) {
			return "not on the class path";
		}
	}

}
