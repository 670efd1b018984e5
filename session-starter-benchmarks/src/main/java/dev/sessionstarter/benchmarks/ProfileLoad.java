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
 * {@link RequestKind}, then records that load with Java Flight Recorder (the JDK's
 * {@code profile} settings) for a profile of where the application spends its CPU.
 * <p>
 * Arguments: variant letter ({@code a}, {@code b}, {@code b'}, {@code c}), request kind
 * (e.g. {@code AUTHENTICATED_GET}), warm-up seconds, recorded seconds, the {@code .jfr}
 * file to write. Read it with {@code jfr print --events jdk.ExecutionSample} and look at
 * the Tomcat threads ({@code http-nio-*}); the load generator runs in the same JVM on
 * threads named {@code load-*}.
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
		RealRedis redis = RealRedis.get();
		redis.flushAll();
		redis.command("CONFIG", "SET", "notify-keyspace-events", "");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties(variant.properties(redis.host(), redis.port(), users))
			.run()) {
			Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			HttpDriver http = new HttpDriver((port != null) ? port : 8080, variant.cookieName());
			List<UserSession> sessions = new ArrayList<>();
			for (int i = 0; i < users; i++) {
				sessions.add(http.login("user" + i));
			}
			LoadRun.Result warm = LoadRun.run(kind, http, sessions, threads, Duration.ZERO, warmup);
			System.out.printf("%s %s warm-up: %.0f/s%n", variant.label(), kind.label(), warm.perSecond());
			try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
				// Denser than the profile settings' 10 ms; run the JVM with
				// -XX:FlightRecorderOptions:stackdepth=1024 or deep stacks are cut at 64
				// frames.
				recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
				recording.start();
				LoadRun.Result result = LoadRun.run(kind, http, sessions, threads, Duration.ZERO, recorded);
				recording.stop();
				recording.dump(output);
				System.out.printf("%s %s recorded: %.0f/s, p50 %.0f µs -> %s%n", variant.label(), kind.label(),
						result.perSecond(), result.p50Micros(), output.toAbsolutePath());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		System.exit(0);
	}

}
