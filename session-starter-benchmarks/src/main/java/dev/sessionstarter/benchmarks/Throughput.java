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

/**
 * The closed-loop rounds of one variant and request kind.
 *
 * @param rounds one result per round, in round order
 * @author session-starter
 */
record Throughput(List<LoadRun.Result> rounds) {

	Rounds perSecond() {
		return new Rounds(this.rounds.stream().map(LoadRun.Result::perSecond).toList());
	}

	double medianP50Micros() {
		return new Rounds(this.rounds.stream().map(LoadRun.Result::p50Micros).toList()).median();
	}

	double medianP99Micros() {
		return new Rounds(this.rounds.stream().map(LoadRun.Result::p99Micros).toList()).median();
	}

	long errors() {
		return this.rounds.stream().mapToLong(LoadRun.Result::errors).sum();
	}

	double maxOtherCores() {
		return this.rounds.stream().mapToDouble(LoadRun.Result::otherCores).max().orElse(Double.NaN);
	}

}
