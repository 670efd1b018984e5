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
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.sessionstarter.test.RealRedis;
import org.jspecify.annotations.Nullable;

/**
 * Measures the CPU time that a window of load cost: this JVM (the applications, and
 * nothing of the load generator, which runs in a process of its own), the Redis process,
 * the load generator, and what the rest of the machine took meanwhile. All from
 * {@code /proc} ({@link ProcessCpu}), user and kernel time, every thread: request
 * threads, the Redis client's event loops and garbage collection alike. Left out are the
 * harness thread that takes the readings (it waits for the generator's answer in between)
 * and the JIT compiler threads, whose time is kept apart: on two cores the compilers
 * catch up with five applications only slowly, and whichever variant runs while they do
 * would be charged for code of all five. The Java threads are also read one by one
 * ({@link AppThreads}), to show where this JVM's time went.
 * <p>
 * Redis is read through its {@code process_id} ({@code INFO server}) when that process is
 * on this machine; otherwise (a container, another host) from {@code INFO cpu}, which is
 * the same accounting as Redis sees it ({@code getrusage}).
 *
 * @author session-starter
 */
final class CpuMeter {

	private final RealRedis redis;

	private final ProcessCpu app = ProcessCpu.self();

	private final @Nullable ProcessCpu redisProcess;

	private final AppThreads appThreads = new AppThreads();

	private @Nullable ProcessCpu generator;

	private final Totals totals = new Totals();

	CpuMeter(RealRedis redis) {
		this.redis = redis;
		String pid = info(redis, "server", "process_id");
		this.redisProcess = (pid != null) ? ProcessCpu.of(Long.parseLong(pid), "redis") : null;
	}

	void generator(long pid) {
		this.generator = ProcessCpu.of(pid, "");
	}

	/**
	 * How Redis's CPU time is read, for the report.
	 * @return a short description
	 */
	String redisSource() {
		return (this.redisProcess != null)
				? "`/proc/" + this.redisProcess.pid() + "/task/*/schedstat` of the redis-server process"
				: "`INFO cpu` (`used_cpu_user + used_cpu_sys`; its process is not visible in this machine's `/proc`)";
	}

	/**
	 * Starts a window: the Java threads first, so that reading them is not counted.
	 * @return the readings at the start
	 */
	Snapshot start() {
		Map<Long, Long> threads = this.appThreads.read();
		return new Snapshot(System.nanoTime(), machineBusyNanos(), this.app.threads(ProcessCpu.currentThreadId()),
				this.app.statNanos(), redisThreads(), redisStatNanos(), generatorNanos(), threads, gcMillis());
	}

	/**
	 * Ends a window: the processes first, the Java threads last.
	 * @param start the readings at the start
	 * @return what the window cost
	 */
	Window stop(Snapshot start) {
		ProcessCpu.Threads app = this.app.threads(ProcessCpu.currentThreadId());
		long appStat = this.app.statNanos();
		ProcessCpu.@Nullable Threads redis = redisThreads();
		long redisStat = redisStatNanos();
		long generator = generatorNanos();
		long machine = machineBusyNanos();
		long now = System.nanoTime();
		Map<AppThreads.Group, Long> threads = this.appThreads.since(start.threads(), this.appThreads.read());
		long jitNanos = app.since(start.app(), this::isCompiler);
		long appNanos = app.since(start.app()) - jitNanos;
		long redisNanos = (redis != null && start.redis() != null) ? redis.since(start.redis())
				: redisStat - start.redisStat();
		Map<AppThreads.Group, Long> byGroup = new EnumMap<>(AppThreads.Group.class);
		long javaThreads = 0;
		for (AppThreads.Group group : AppThreads.Group.values()) {
			if (group != AppThreads.Group.JVM) {
				long grown = threads.getOrDefault(group, 0L);
				byGroup.put(group, grown);
				javaThreads += grown;
			}
		}
		byGroup.put(AppThreads.Group.JVM, appNanos - javaThreads);
		long wall = now - start.nanos();
		long others = (machine - start.machine()) - appNanos - jitNanos - redisNanos - (generator - start.generator());
		Window window = new Window(wall, appNanos, redisNanos, generator - start.generator(),
				Math.max(0, others) / (double) wall, byGroup, jitNanos / 1_000_000, gcMillis() - start.gcMillis());
		this.totals.add(window, appStat - start.appStat(), redisStat - start.redisStat());
		return window;
	}

	/**
	 * Whether a thread of this JVM is a JIT compiler thread ({@code C1 CompilerThread0},
	 * {@code C2 CompilerThread0}, cut to 15 characters).
	 */
	private boolean isCompiler(String tid) {
		return this.app.threadName(tid).contains("CompilerThre");
	}

	Totals totals() {
		return this.totals;
	}

	private ProcessCpu.@Nullable Threads redisThreads() {
		return (this.redisProcess != null) ? this.redisProcess.threads() : null;
	}

	private long redisStatNanos() {
		if (this.redisProcess != null) {
			return this.redisProcess.statNanos();
		}
		String user = info(this.redis, "cpu", "used_cpu_user");
		String sys = info(this.redis, "cpu", "used_cpu_sys");
		return (user != null && sys != null) ? Math.round((Double.parseDouble(user) + Double.parseDouble(sys)) * 1e9)
				: 0;
	}

	private long generatorNanos() {
		// Its workers end with each load; only the whole-process reading keeps their
		// time.
		return (this.generator != null) ? this.generator.statNanos() : 0;
	}

	static long jitMillis() {
		CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
		return (compilation != null && compilation.isCompilationTimeMonitoringSupported())
				? compilation.getTotalCompilationTime() : 0;
	}

	private static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionTime)
			.filter((millis) -> millis > 0)
			.sum();
	}

	private static @Nullable String info(RealRedis redis, String section, String field) {
		String info = redis.command("INFO", section);
		if (info != null) {
			for (String line : info.split("\r?\n")) {
				if (line.startsWith(field + ":")) {
					return line.substring(field.length() + 1).trim();
				}
			}
		}
		return null;
	}

	private static long machineBusyNanos() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			// cpu user nice system idle iowait irq softirq steal ...: all but idle and
			// iowait.
			for (int i = 1; i < Math.min(fields.length, 9); i++) {
				if (i != 4 && i != 5) {
					busy += Long.parseLong(fields[i]);
				}
			}
			return busy * ProcessCpu.NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * The readings at the start of a window.
	 *
	 * @param nanos {@link System#nanoTime()}
	 * @param machine busy time of all CPUs
	 * @param app this JVM's threads
	 * @param appStat this JVM's {@code utime + stime}
	 * @param redis Redis's threads, or {@code null} when it is read from {@code INFO}
	 * @param redisStat Redis's {@code utime + stime}, or its {@code INFO cpu}
	 * @param generator the load generator's CPU time
	 * @param threads this JVM's Java threads by id
	 * @param gcMillis time garbage collections have taken so far
	 */
	record Snapshot(long nanos, long machine, ProcessCpu.Threads app, long appStat, ProcessCpu.@Nullable Threads redis,
			long redisStat, long generator, Map<Long, Long> threads, long gcMillis) {

	}

	/**
	 * What one window of load cost.
	 *
	 * @param wallNanos its length
	 * @param appNanos CPU time of this JVM, its JIT compiler threads left out
	 * @param redisNanos CPU time of Redis
	 * @param generatorNanos CPU time of the load generator
	 * @param otherCores average number of cores busy with other processes
	 * @param appThreads this JVM's CPU time by thread group
	 * @param jitMillis CPU time of the JIT compiler threads, in milliseconds, which is
	 * not in {@code appNanos} (a warmed-up JVM spends little)
	 * @param gcMillis time garbage collections took ({@code GarbageCollectorMXBean})
	 */
	record Window(long wallNanos, long appNanos, long redisNanos, long generatorNanos, double otherCores,
			Map<AppThreads.Group, Long> appThreads, long jitMillis, long gcMillis) {

		/**
		 * One second at the lowest rate of several windows without load, figure by
		 * figure: a disturbance (a JIT compiler catching up, a collection) only ever adds
		 * time, so the quietest window is the best estimate of what idling costs.
		 * @param windows the windows
		 * @return a window of one second
		 */
		static Window lowestRate(List<Window> windows) {
			Map<AppThreads.Group, Long> groups = new EnumMap<>(AppThreads.Group.class);
			for (AppThreads.Group group : AppThreads.Group.values()) {
				groups.put(group, lowest(windows, (w) -> w.appThreads().getOrDefault(group, 0L)));
			}
			return new Window(1_000_000_000L, lowest(windows, Window::appNanos), lowest(windows, Window::redisNanos),
					lowest(windows, Window::generatorNanos), Double.NaN, groups, lowest(windows, Window::jitMillis),
					lowest(windows, Window::gcMillis));
		}

		private static long lowest(List<Window> windows, ToLongFunction<Window> figure) {
			return Math.round(
					windows.stream().mapToDouble((w) -> figure.applyAsLong(w) * 1e9 / w.wallNanos()).min().orElse(0));
		}

	}

	/**
	 * Sums over every window measured (closed-loop, idle and fixed-rate) of both readings
	 * of the same time, so that the report can show that the fine one ({@code schedstat},
	 * here with the JIT compiler threads) lost nothing that the coarse, complete one
	 * ({@code utime + stime}) saw.
	 */
	static final class Totals {

		private long app;

		private long appStat;

		private long redis;

		private long redisStat;

		private int windows;

		private void add(Window window, long appStat, long redisStat) {
			this.app += window.appNanos() + window.jitMillis() * 1_000_000;
			this.appStat += appStat;
			this.redis += window.redisNanos();
			this.redisStat += redisStat;
			this.windows++;
		}

		long app() {
			return this.app;
		}

		long appStat() {
			return this.appStat;
		}

		long redis() {
			return this.redis;
		}

		long redisStat() {
			return this.redisStat;
		}

		int windows() {
			return this.windows;
		}

	}

}
