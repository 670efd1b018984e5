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
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.sessionstarter.benchmarks.HttpDriver.UserSession;
import dev.sessionstarter.benchmarks.app.BenchmarkApplication;
import dev.sessionstarter.test.RealRedis;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Not part of the build's run: boots one {@link Variant}, warms it up with one
 * {@link RequestKind} from a {@link LoadGenerator} process, then records that load with
 * Java Flight Recorder (the JDK's {@code profile} settings, execution samples every 2 ms)
 * for a profile of where the application spends its CPU (another recording is running
 * from before the warm-up, so that JFR's instrumentation of the JDK, and the
 * recompilation it forces, is over when the profile starts). The recording holds only the
 * application's threads, since the load comes from another process; the CPU time per
 * request of this JVM and Redis during the recording ({@link CpuMeter}) is printed.
 * <p>
 * Arguments: variant letter ({@code a}, {@code b}, {@code b'}, {@code c}), request kind
 * (e.g. {@code AUTHENTICATED_GET}), warm-up seconds, recorded seconds, the {@code .jfr}
 * file to write. With {@code -Dbenchmarks.rate=200} the recorded load is that fixed rate,
 * else a closed loop of {@code benchmarks.threads} (16) threads. Summarize the recording
 * with {@link ProfileSummary}, or {@code jfr print --events jdk.ExecutionSample}. Run the
 * JVM with {@code -XX:FlightRecorderOptions:stackdepth=1024}, or deep stacks are cut at
 * 64 frames.
 *
 * @author session-starter
 */
public final class ProfileLoad {

	private ProfileLoad() {
	}

	/**
	 * Profile one variant under one kind of load.
	 * @param args variant letter, request kind, warm-up seconds, recorded seconds, output
	 * file
	 * @throws Exception if the recording fails
	 */
	public static void main(String[] args) throws Exception {
		Variant variant = Variant.SESSION_STARTER;
		for (Variant candidate : Variant.values()) {
			if (candidate.letter().equals(args[0])) {
				variant = candidate;
			}
		}
		RequestKind kind = RequestKind.valueOf(args[1].toUpperCase(Locale.ROOT));
		Duration warmup = Duration.ofSeconds(Long.parseLong(args[2]));
		Duration recorded = Duration.ofSeconds(Long.parseLong(args[3]));
		Path output = Path.of(args[4]);
		int threads = Integer.getInteger("benchmarks.threads", 16);
		int users = Integer.getInteger("benchmarks.users", 50);
		double rate = Double.parseDouble(System.getProperty("benchmarks.rate", "0"));
		RealRedis redis = RealRedis.get();
		redis.flushAll();
		redis.command("CONFIG", "SET", "notify-keyspace-events", "");
		CpuMeter cpu = new CpuMeter(redis);
		try (GeneratorProcess generator = GeneratorProcess.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
					.web(WebApplicationType.SERVLET)
					.properties(variant.properties(redis.host(), redis.port(), users))
					.run()) {
			cpu.generator(generator.pid());
			Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			HttpDriver http = new HttpDriver((port != null) ? port : 8080, variant.cookieName());
			List<UserSession> sessions = new ArrayList<>();
			for (int i = 0; i < users; i++) {
				sessions.add(http.login("user" + i));
			}
			generator.target(variant, (port != null) ? port : 8080, sessions);
			// Starting a recording instruments JDK classes (socket I/O, exceptions),
			// which
			// throws away the compiled code that inlined them: a first recording, open
			// from before the warm-up to the end, pays for that during the warm-up, so
			// that
			// the recompilation is neither profiled nor counted.
			Recording instrumented = new Recording(Configuration.getConfiguration("profile"));
			instrumented.start();
			LoadRun.Result warm = generator.closedLoop(variant, kind, threads, Duration.ZERO, warmup);
			System.out.printf("%s %s warm-up: %.0f/s%n", variant.label(), kind.label(), warm.perSecond());
			if (rate > 0) {
				generator.prepare(variant, kind, (int) Math.round(rate * recorded.toNanos() / 1e9));
			}
			try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
				// Denser than the profile settings' 10 ms.
				recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
				recording.enable("jdk.Deoptimization");
				recording.enable("jdk.Compilation").withThreshold(Duration.ZERO);
				recording.enable("jdk.ClassDefine");
				recording.start();
				long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
				CpuMeter.Snapshot start = cpu.start();
				LoadRun.Result result = (rate > 0) ? generator.fixedRate(variant, kind, rate)
						: generator.closedLoop(variant, kind, threads, Duration.ZERO, recorded);
				CpuMeter.Window window = cpu.stop(start);
				recording.stop();
				recording.dump(output);
				instrumented.close();
				long requests = result.count() + result.errors();
				System.out.printf(
						"%s %s recorded: %.0f/s, p50 %.0f µs, CPU per request: this JVM %.0f µs, Redis %.0f µs, "
								+ "load generator %.0f µs -> %s%n",
						variant.label(), kind.label(), result.perSecond(), result.p50Micros(),
						window.appNanos() / 1e3 / requests, window.redisNanos() / 1e3 / requests,
						window.generatorNanos() / 1e3 / requests, output.toAbsolutePath());
				System.out.printf(
						"   classes loaded meanwhile: %d, JIT compiler threads: %d ms of CPU (not counted above), GC: %d ms%n",
						ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classes,
						window.jitMillis(), window.gcMillis());
				window.appThreads()
					.forEach((group, nanos) -> System.out.printf("   %-28s %6.0f µs per request%n", group.label(),
							nanos / 1e3 / requests));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		System.exit(0);
	}

}
