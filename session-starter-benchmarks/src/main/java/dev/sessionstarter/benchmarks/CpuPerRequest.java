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
import java.util.function.ToDoubleFunction;

/**
 * The fixed-rate rounds of one variant and request kind: what each cost in CPU time per
 * request, and its latency.
 *
 * @param rounds one sample per round, in round order
 * @author session-starter
 */
record CpuPerRequest(List<Sample> rounds) {

	/**
	 * CPU time of the application and Redis per request, the headline figure.
	 * @return microseconds per request, round by round
	 */
	Rounds total() {
		return of(Sample::totalMicros);
	}

	Rounds app() {
		return of(Sample::appMicros);
	}

	Rounds redis() {
		return of(Sample::redisMicros);
	}

	Rounds generator() {
		return of(Sample::generatorMicros);
	}

	Rounds group(AppThreads.Group group) {
		return of((sample) -> sample.groupMicros(group));
	}

	Rounds jitMillis() {
		return of((sample) -> sample.window().jitMillis());
	}

	Rounds perSecond() {
		return of((sample) -> sample.load().perSecond());
	}

	Rounds p50Micros() {
		return of((sample) -> sample.load().p50Micros());
	}

	Rounds p99Micros() {
		return of((sample) -> sample.load().p99Micros());
	}

	long errors() {
		return this.rounds.stream().mapToLong((sample) -> sample.load().errors()).sum();
	}

	double maxOtherCores() {
		return of((sample) -> sample.window().otherCores()).max();
	}

	private Rounds of(ToDoubleFunction<Sample> figure) {
		return new Rounds(this.rounds.stream().map(figure::applyAsDouble).toList());
	}

	/**
	 * One fixed-rate window. What this JVM and Redis spend with no load at all (five idle
	 * applications, Redis's timer events) is taken off for the window's length: what is
	 * left is what the requests cost.
	 *
	 * @param load what the load generator measured
	 * @param window what the window cost in CPU time
	 * @param idle a window without load (the lowest rate of the rounds' idle windows)
	 */
	record Sample(LoadRun.Result load, CpuMeter.Window window, CpuMeter.Window idle) {

		private double perRequest(long nanos, long idleNanos) {
			double busy = nanos - idleNanos * (double) this.window.wallNanos() / this.idle.wallNanos();
			return busy / 1e3 / (this.load.count() + this.load.errors());
		}

		double totalMicros() {
			return appMicros() + redisMicros();
		}

		double appMicros() {
			return perRequest(this.window.appNanos(), this.idle.appNanos());
		}

		double redisMicros() {
			return perRequest(this.window.redisNanos(), this.idle.redisNanos());
		}

		double generatorMicros() {
			return perRequest(this.window.generatorNanos(), 0);
		}

		double groupMicros(AppThreads.Group group) {
			return perRequest(this.window.appThreads().getOrDefault(group, 0L),
					this.idle.appThreads().getOrDefault(group, 0L));
		}

	}

}
