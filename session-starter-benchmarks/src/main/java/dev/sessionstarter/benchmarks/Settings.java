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

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * How long and how hard to load, from system properties {@code benchmarks.*} (durations
 * such as {@code 2s} or {@code 1500ms}).
 *
 * @param rate requests per second of the fixed-rate rounds ({@code benchmarks.rate})
 * @param window measured window of a fixed-rate load ({@code benchmarks.window})
 * @param rounds fixed-rate rounds ({@code benchmarks.rounds})
 * @param warmup untimed closed-loop load per variant and request kind in a warm-up pass
 * ({@code benchmarks.warmup})
 * @param warmupPasses most warm-up passes ({@code benchmarks.warmup-passes})
 * @param throughputRounds closed-loop rounds ({@code benchmarks.throughput-rounds})
 * @param roundWarmup untimed lead-in before each closed-loop window
 * ({@code benchmarks.round-warmup})
 * @param duration measured window of a closed-loop load ({@code benchmarks.duration})
 * @param threads client threads of a closed-loop load ({@code benchmarks.threads})
 * @param users users signed in per variant ({@code benchmarks.users})
 * @author session-starter
 */
record Settings(double rate, Duration window, int rounds, Duration warmup, int warmupPasses, int throughputRounds,
		Duration roundWarmup, Duration duration, int threads, int users) {

	static Settings fromSystemProperties() {
		return new Settings(Double.parseDouble(System.getProperty("benchmarks.rate", "200")),
				duration("benchmarks.window", "2s"), Math.max(1, Integer.getInteger("benchmarks.rounds", 5)),
				duration("benchmarks.warmup", "1s"), Math.max(1, Integer.getInteger("benchmarks.warmup-passes", 3)),
				Math.max(0, Integer.getInteger("benchmarks.throughput-rounds", 2)),
				duration("benchmarks.round-warmup", "300ms"), duration("benchmarks.duration", "1s"),
				Integer.getInteger("benchmarks.threads", 16), Integer.getInteger("benchmarks.users", 50));
	}

	/**
	 * How many requests a fixed-rate window sends.
	 * @return the rate times the window
	 */
	int requestsPerWindow() {
		return (int) Math.round(this.rate * this.window.toNanos() / 1e9);
	}

	private static Duration duration(String name, String fallback) {
		return DurationStyle.detectAndParse(System.getProperty(name, fallback));
	}

}
