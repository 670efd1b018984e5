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
import java.util.stream.IntStream;

/**
 * One figure as measured in each round, in round order.
 *
 * @param values the figure of each round
 * @author session-starter
 */
record Rounds(List<Double> values) {

	double median() {
		if (this.values.isEmpty()) {
			return Double.NaN;
		}
		double[] sorted = this.values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	double min() {
		return this.values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	double max() {
		return this.values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	/**
	 * Spread of the rounds: (highest − lowest) ÷ median.
	 * @return the relative spread
	 */
	double spread() {
		return (max() - min()) / median();
	}

	/**
	 * The figure of each round divided by that of another in the same round.
	 * @param other the other figure, measured in the same rounds
	 * @return the ratios, round by round
	 */
	Rounds dividedBy(Rounds other) {
		int rounds = Math.min(this.values.size(), other.values.size());
		return new Rounds(
				IntStream.range(0, rounds).mapToObj((i) -> this.values.get(i) / other.values.get(i)).toList());
	}

}
