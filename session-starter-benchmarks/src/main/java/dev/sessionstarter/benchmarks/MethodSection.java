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

import java.util.List;
import java.util.Locale;

/**
 * The method section of {@code BENCHMARKS.md}: why CPU time per request is measured the
 * way it is, with the numbers of the run that back each choice.
 *
 * @author session-starter
 */
final class MethodSection {

	private final Report.Run run;

	private final Report.Results results;

	private final List<String> out;

	MethodSection(Report.Run run, Report.Results results, List<String> out) {
		this.run = run;
		this.results = results;
		this.out = out;
	}

	/**
	 * Why the figure is measured the way it is, with this run's numbers.
	 */
	void write() {
		Settings settings = this.run.settings();
		double highest = 0;
		String dearest = "";
		for (RequestKind kind : RequestKind.values()) {
			for (VariantResult result : this.results.all()) {
				double cpu = result.cpu(kind).total().max();
				if (cpu > highest) {
					highest = cpu;
					dearest = result.variant().label() + ", " + kind.label();
				}
			}
		}
		add("## Method", "",
				"- **CPU time, not throughput, is the headline.** On a 2-core machine shared with other builds, "
						+ "requests/s under a closed loop measure how much CPU the rest of the machine left, and swing "
						+ "by more than 2× from run to run. CPU time per request at a rate well below saturation is "
						+ "what the session layer costs, whoever else runs.",
				String.format(Locale.ROOT, "- **Why %s requests/s.** Low enough that even the dearest request keeps "
						+ "up with room to spare on a shared machine (%s: at most %,.0f µs in a round, %.2f cores at "
						+ "this rate), high enough that a window of %s holds %d requests, so that its CPU time is "
						+ "hundreds of milliseconds, far above what an idle JVM and Redis spend. Requests are sent "
						+ "evenly spaced, open loop: the rate never depends on the answers, so a slower variant gets "
						+ "the same work, not less.", Report.number(settings.rate()), dearest, highest,
						highest * settings.rate() / 1e6, Report.seconds(settings.window()),
						settings.requestsPerWindow()),
				"- **The load generator is a separate process** (`LoadGenerator`, started by the benchmark with the "
						+ "same class path, serial GC, 256 MB heap). The alternative, counting only the "
						+ "applications' threads of a shared JVM with `ThreadMXBean`, would have to name every "
						+ "thread that works for a request (Tomcat's request, poller and acceptor threads, Lettuce's "
						+ "event loops, Spring's schedulers) and could not split garbage collection and JIT "
						+ "compilation, which run on threads Java does not show and serve the generator's "
						+ "allocations as much as the applications'. With its own process, the applications' JVM "
						+ "is counted whole from `/proc`: every thread, user and kernel time, nothing to choose. "
						+ "Left out is the harness thread that takes the readings (it waits for the generator's "
						+ "answer in between). The split by thread below is read on top, to show where the time "
						+ "went.",
				"- **The JIT compiler threads are left out** (`C1 CompilerThread0`, `C2 CompilerThread0` in "
						+ "`/proc/<pid>/task/*/comm`) and reported apart: on two cores the compilers catch up with "
						+ "five applications' worth of code only over minutes, so compilation lands in whichever "
						+ "window happens to run meanwhile (in runs that counted it, up to 2.5 s of compiling in "
						+ "a 2 s window, 2–4 × that window's figure) and is a start-up cost, not a cost per request. "
						+ "Code that is not compiled yet still runs slower, so early rounds can stay high; "
						+ "the *JIT* column of the split by thread shows where that happened.",
				"- **Redis** is the process the benchmark itself started (`RealRedis` of `session-starter-test`: a "
						+ "`redis-server` on `PATH` or the bundled binary, on a free loopback port, or the server "
						+ "named by `SESSION_STARTER_TEST_REDIS`); its CPU time is read from "
						+ this.run.cpu().redisSource() + ", where the pid is the `process_id` of its `INFO server`.",
				"- **Per thread, in nanoseconds.** `/proc/<pid>/task/<tid>/schedstat` counts each thread's time on a "
						+ "CPU in nanoseconds; `/proc/<pid>/stat`'s `utime + stime` counts the same time in 10 ms "
						+ "ticks, too coarse for the few tens of milliseconds Redis spends in a window. *How noisy* "
						+ "compares the two, summed over all windows.",
				"- **Idle taken off.** Five idle applications and Redis spend some CPU without any request "
						+ "(timers, pollers, Redis's own clock); a window of " + Report.seconds(LoadComparison.IDLE)
						+ " without load at the start of every round measures it, and each window is charged that "
						+ "rate less: the lowest of the rounds, since a disturbance only adds time.",
				"- **Login and logout are prepared before their window** (a login page for each login, a login for "
						+ "each logout), so the window holds only the measured requests.",
				"- **The closed-loop pass stays, as a secondary table**: it is the only figure of capacity, and "
						+ "the one earlier runs reported. Its latency is that of a saturated machine; the latency at "
						+ "the fixed rate, in the headline table, is that of a machine with room to spare.",
				"");
	}

	private void add(String... lines) {
		this.out.addAll(List.of(lines));
	}

}
