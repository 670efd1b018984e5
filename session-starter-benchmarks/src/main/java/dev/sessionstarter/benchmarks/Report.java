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

import dev.sessionstarter.test.RealRedis;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code BENCHMARKS.md}: what was measured, on what, and how the variants compare,
 * including whether the performance targets of DESIGN.md were met; the CPU tables come
 * from {@link CpuTables}. Also hands the summary to {@link ReadmeSection}.
 *
 * @author session-starter
 */
final class Report {

	static final String COMMAND = "./mvnw -Pbenchmarks -pl session-starter-benchmarks -am -DskipTests verify";

	private static final Pattern JAR_VERSION = Pattern.compile("-(\\d[\\w.\\-]*?)\\.jar$");

	private final List<String> out = new ArrayList<>();

	private final Run run;

	private final Results results;

	private Report(Run run, Results results) {
		this.run = run;
		this.results = results;
	}

	static void write(Path file, @Nullable Path micro, @Nullable Path readme, Run run, List<VariantResult> variants)
			throws IOException {
		Results results = new Results(variants);
		Report report = new Report(run, results);
		CpuTables cpu = new CpuTables(run, results, report.out);
		report.header();
		new MethodSection(run, results, report.out).write();
		cpu.headline();
		cpu.noise();
		cpu.breakdown();
		new ThroughputTable(run, results, report.out).write();
		report.redisPerRequest();
		report.memory();
		report.targets(cpu);
		report.add("## Micro-benchmarks (JMH)", "");
		if (micro != null && Files.isRegularFile(micro)) {
			report.add(Files.readString(micro));
		}
		else {
			report.add("Not run in this invocation.", "");
		}
		Files.writeString(file, String.join("\n", report.out));
		if (readme != null) {
			ReadmeSection.update(readme, run, results, cpu);
		}
	}

	private void header() {
		Settings settings = this.run.settings();
		Machine before = this.run.before();
		RealRedis redis = this.run.redis();
		add("# Benchmarks", "", "Measured " + date() + " with `" + COMMAND + "` (module `session-starter-benchmarks`; "
				+ "the load comparison took " + this.run.took().toSeconds() + " s). One machine, one run: compare the "
				+ "variants with each other, not these numbers with another machine's.", "", "## Machine", "", "| | |",
				"|---|---|", "| processors (`nproc`) | " + before.processors() + " |",
				"| memory | " + before.memory() + " |", "| CPU | " + before.cpu() + " |",
				"| Java | " + before.java() + " |",
				"| Redis | " + redis.version() + " (`" + redis.source() + "`), on the same machine, loopback |",
				"| load average (`/proc/loadavg`) before / after | " + before.loadAverage() + " / "
						+ this.run.after().loadAverage() + " |",
				"", "## Versions", "", "| library | version |", "|---|---|");
		versions();
		add("", "## Setup", "",
				"- One small Spring MVC + Spring Security form-login application (`BenchmarkApplication`: CSRF on, "
						+ "in-memory users with `{noop}` passwords so that login measures sessions, not "
						+ "password hashing), booted once per variant, on 127.0.0.1. Only the active "
						+ "auto-configurations differ:");
		for (VariantResult result : this.results.all()) {
			add("  - " + result.variant().label() + ", cookie `" + result.variant().cookieName() + "`: "
					+ result.wiring());
		}
		add("- All five variants are booted side by side in one JVM (each on its own port, with its own Redis key "
				+ "prefix), so they share one JIT and take turns instead of restarting. The load comes from a "
				+ "second JVM (`LoadGenerator`, `java.net.http.HttpClient`, HTTP/1.1 keep-alive), so that none of "
				+ "its CPU time is counted with the applications'. Per variant " + settings.users()
				+ " users are signed in, bytes per session are measured and Redis commands are counted (below).",
				"- Warm-up, not measured: passes of " + seconds(settings.warmup()) + " of each request kind on each "
						+ "variant (closed loop, " + settings.threads() + " client threads) until the JIT compilers "
						+ "spent less than " + number(LoadComparison.JIT_QUIET_PERCENT) + " % of a pass compiling; "
						+ "this run took " + this.run.warmupPasses() + " of at most " + settings.warmupPasses()
						+ ". Before the first fixed-rate round, " + seconds(LoadComparison.FIXED_RATE_WARMUP)
						+ " of each request kind on each variant at the fixed rate, also not measured: a load that "
						+ "leaves the event loops idle between requests runs code the closed loop hardly does, and "
						+ "the variant that came first would otherwise pay for compiling it.",
				"- Then " + settings.throughputRounds() + " closed-loop rounds (throughput, secondary) and "
						+ settings.rounds() + " fixed-rate rounds (CPU time per request, the headline); in each "
						+ "round every variant in turn runs every request kind. The order of the variants changes "
						+ "from round to round (" + orders(Math.max(settings.rounds(), settings.throughputRounds()))
						+ "), so that no variant is always first or last. Reported: the median of the rounds; "
						+ "*rounds* lists each round's value and *spread* is (highest − lowest) ÷ median.",
				"- Keyspace notifications, which Spring Session's indexed repository switches on, are on only while "
						+ "(b') runs; (b') runs without its once-a-minute cleanup task (`cleanup-cron: -`), which "
						+ "would otherwise land in other variants' counts.",
				"- Redis work per request is counted in a separate quiet pass (" + CommandCounts.SAMPLES
						+ " requests of each kind, one at a time; a GET is sent twice and counted the second time, the steady "
						+ "state of a session read again and again, in which (a+)'s near cache holds it): "
						+ "`INFO commandstats` deltas (which include "
						+ "commands run inside Lua scripts) and `MONITOR` (which tells round trips sent by the client "
						+ "from commands a script ran). Left out of both: `CLIENT ID`, which (a+)'s near cache "
						+ "sends twice a second on its own to check its connection, whichever variant is counted.",
				"- Login and logout need preparation that is never measured: a login needs the login page's CSRF "
						+ "token, a logout a signed-in session. At the fixed rate the generator prepares every "
						+ "request of a window before the window starts, so only the measured requests fall into "
						+ "it; in the closed loop " + RequestKind.LOGIN.note() + ", and " + RequestKind.LOGOUT.note()
						+ ", so their requests/s there are cycles per second.",
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

	private void redisPerRequest() {
		add("## Redis work per request", "",
				"| request | variant | round trips | sent by the client (`MONITOR`) | commands counted by Redis "
						+ "(`INFO commandstats`) |",
				"|---|---|---:|---|---|");
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results.all()) {
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
		for (VariantResult result : this.results.all()) {
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

	private void targets(CpuTables cpu) {
		add("## Targets (DESIGN.md)", "",
				"CPU targets compare medians of the fixed-rate rounds, in brackets the "
						+ "lowest and highest ratio within one round; the throughput target compares medians of the "
						+ "closed-loop rounds.",
				"", "| target | measured | met |", "|---|---|---|");
		for (Targets.Target target : Targets.of(this.results, cpu)) {
			add("| " + target.name() + " | " + target.measured() + " | " + (target.met() ? "yes" : "**no**") + " |");
		}
		add("");
	}

	private void add(String... lines) {
		this.out.addAll(List.of(lines));
	}

	static String ratio(Rounds ours, Rounds theirs) {
		Rounds each = ours.dividedBy(theirs);
		return format(ours.median() / theirs.median()) + " (" + format(each.min()) + "–" + format(each.max()) + ")";
	}

	static String rounds(Rounds rounds, String format) {
		return rounds.values()
			.stream()
			.map((v) -> String.format(Locale.ROOT, format, v))
			.collect(Collectors.joining(" / "));
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

	static String format(double ratio) {
		return String.format(Locale.ROOT, "%.2f", ratio);
	}

	static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	static String millis(double micros) {
		return String.format(Locale.ROOT, "%.2f ms", micros / 1000);
	}

	static String date() {
		return OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE);
	}

	private static String orders(int rounds) {
		List<String> orders = new ArrayList<>();
		for (int round = 0; round < Math.min(rounds, LoadComparison.ORDERS.size()); round++) {
			orders
				.add(LoadComparison.ORDERS.get(round).stream().map(Variant::letter).collect(Collectors.joining(", ")));
		}
		return String.join("; then ", orders);
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

	/**
	 * How the run went, beyond the results of the variants.
	 *
	 * @param settings how long and how hard it loaded
	 * @param before the machine before the run
	 * @param after the machine after the run
	 * @param redis the Redis it used
	 * @param cpu the meter, with its totals
	 * @param idle the windows without load, one per fixed-rate round
	 * @param warmupPasses how many warm-up passes it took
	 * @param took how long the load comparison took
	 */
	record Run(Settings settings, Machine before, Machine after, RealRedis redis, CpuMeter cpu,
			List<CpuMeter.Window> idle, int warmupPasses, Duration took) {

	}

	/**
	 * The results of every variant.
	 *
	 * @param all in the order of {@link Variant}
	 */
	record Results(List<VariantResult> all) {

		VariantResult of(Variant variant) {
			return this.all.stream().filter((r) -> r.variant() == variant).findFirst().orElseThrow();
		}

	}

}
