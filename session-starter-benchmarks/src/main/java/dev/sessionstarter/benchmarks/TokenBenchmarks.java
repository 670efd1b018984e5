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

import java.util.concurrent.TimeUnit;

import dev.sessionstarter.core.token.SessionTokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What every request with a token pays before Redis is asked anything: the shape check
 * and the SHA-256 that turns a token into its storage id; and what a new session pays:
 * minting.
 *
 * @author session-starter
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenBenchmarks {

	private final String token = SessionTokens.mint();

	@Benchmark
	public String mint() {
		return SessionTokens.mint();
	}

	@Benchmark
	public boolean isWellFormed() {
		return SessionTokens.isWellFormed(this.token);
	}

	@Benchmark
	public String storageId() {
		return SessionTokens.storageId(this.token);
	}

}
