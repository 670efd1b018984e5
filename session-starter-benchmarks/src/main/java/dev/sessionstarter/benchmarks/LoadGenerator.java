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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.sessionstarter.benchmarks.HttpDriver.UserSession;

/**
 * The load generator: a process of its own, so that none of its CPU time is counted with
 * the applications'. Started by {@link GeneratorProcess}, it reads one command a line on
 * standard input and answers each with one line on standard output; fields are
 * tab-separated:
 * <ul>
 * <li>{@code target <variant> <port> <cookie> <n>} and then {@code n} lines
 * {@code <token> <csrf>}: the application of a variant and its signed-in sessions;
 * answers {@code ok};</li>
 * <li>{@code prepare <variant> <kind> <n>}: does the untimed preparation of {@code n}
 * requests (a login page for each login, a login for each logout); answers
 * {@code ok};</li>
 * <li>{@code fixed-rate <variant> <kind> <rate>}: sends the prepared requests at
 * {@code rate} per second ({@link LoadRun#fixedRate});</li>
 * <li>{@code closed-loop <variant> <kind> <threads> <lead-in ms> <window ms>}
 * ({@link LoadRun#run});</li>
 * </ul>
 * both answer {@code result} and a {@link LoadRun.Result#toLine()}. {@code exit} or the
 * end of the input ends it; a failure answers {@code error} and a message.
 *
 * @author session-starter
 */
public final class LoadGenerator {

	private static final int PREPARING_THREADS = 8;

	private final Map<String, Target> targets = new HashMap<>();

	private LoadGenerator() {
	}

	/**
	 * Serve commands until {@code exit}.
	 * @param args none
	 * @throws IOException if standard input cannot be read
	 */
	public static void main(String[] args) throws IOException {
		PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		LoadGenerator generator = new LoadGenerator();
		for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
			try {
				out.println(generator.serve(line.split("\t"), in));
			}
			catch (RuntimeException ex) {
				out.println("error\t" + ex.toString().replaceAll("\\s", " "));
			}
		}
		System.exit(0);
	}

	private String serve(String[] command, BufferedReader in) {
		return switch (command[0]) {
			case "target" -> target(command, in);
			case "prepare" -> {
				target(command[1]).prepare(RequestKind.valueOf(command[2]), Integer.parseInt(command[3]));
				yield "ok";
			}
			case "fixed-rate" -> "result\t"
					+ target(command[1]).fixedRate(RequestKind.valueOf(command[2]), Double.parseDouble(command[3]));
			case "closed-loop" -> {
				Target target = target(command[1]);
				yield "result\t" + LoadRun
					.run(RequestKind.valueOf(command[2]), target.http, target.sessions, Integer.parseInt(command[3]),
							Duration.ofMillis(Long.parseLong(command[4])),
							Duration.ofMillis(Long.parseLong(command[5])))
					.toLine();
			}
			default -> throw new IllegalArgumentException("Unknown command " + command[0]);
		};
	}

	private String target(String[] command, BufferedReader in) {
		int count = Integer.parseInt(command[4]);
		List<UserSession> sessions = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				String[] session = in.readLine().split("\t");
				sessions.add(new UserSession(session[0], session[1]));
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Expected " + count + " sessions", ex);
		}
		this.targets.put(command[1], new Target(new HttpDriver(Integer.parseInt(command[2]), command[3]), sessions));
		return "ok";
	}

	private Target target(String variant) {
		Target target = this.targets.get(variant);
		if (target == null) {
			throw new IllegalArgumentException("No target " + variant);
		}
		return target;
	}

	/** The application of one variant, its signed-in sessions and prepared requests. */
	private static final class Target {

		private final HttpDriver http;

		private final List<UserSession> sessions;

		private final Map<RequestKind, List<RequestKind.Request>> prepared = new EnumMap<>(RequestKind.class);

		// Spreads requests over sessions and users from one load to the next.
		private long next;

		Target(HttpDriver http, List<UserSession> sessions) {
			this.http = http;
			this.sessions = sessions;
		}

		void prepare(RequestKind kind, int count) {
			ExecutorService preparing = Executors.newFixedThreadPool(PREPARING_THREADS);
			try {
				List<Future<RequestKind.Request>> futures = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					long index = this.next++;
					futures.add(preparing.submit(() -> kind.prepare(this.http, this.sessions, index)));
				}
				List<RequestKind.Request> requests = new ArrayList<>();
				for (Future<RequestKind.Request> future : futures) {
					requests.add(future.get());
				}
				this.prepared.put(kind, requests);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Preparing " + kind + " failed", ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			finally {
				preparing.shutdownNow();
			}
		}

		String fixedRate(RequestKind kind, double rate) {
			List<RequestKind.Request> requests = this.prepared.remove(kind);
			if (requests == null) {
				throw new IllegalStateException("Nothing prepared for " + kind);
			}
			return LoadRun.fixedRate(requests, rate).toLine();
		}

	}

}
