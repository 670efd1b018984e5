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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of this package quickly (1 fork, 2 warm-up and 3 measurement
 * iterations of 1 s each) and writes their results as a Markdown table, which
 * {@link LoadComparison} puts into {@code BENCHMARKS.md}. Good enough to see orders of
 * magnitude and regressions of 2× or more; for finer work run JMH with more forks.
 *
 * @author session-starter
 */
public final class MicroBenchmarks {

	private MicroBenchmarks() {
	}

	/**
	 * Run the benchmarks.
	 * @param args optional path of the Markdown file to write
	 * @throws RunnerException if JMH fails
	 * @throws IOException if the file cannot be written
	 */
	public static void main(String[] args) throws RunnerException, IOException {
		Options options = new OptionsBuilder().include(TokenBenchmarks.class.getName())
			.include(CodecBenchmarks.class.getName())
			.forks(1)
			.warmupIterations(2)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(3)
			.measurementTime(TimeValue.seconds(1))
			.build();
		Collection<RunResult> results = new Runner(options).run();
		String markdown = markdown(results);
		System.out.println(markdown);
		if (args.length > 0) {
			Path target = Path.of(args[0]);
			Files.createDirectories(target.toAbsolutePath().getParent());
			Files.writeString(target, markdown);
		}
	}

	static String markdown(Collection<RunResult> results) {
		List<String> lines = new ArrayList<>();
		lines.add("| benchmark | time per operation | ± (99.9 %) |");
		lines.add("|---|---:|---:|");
		for (RunResult result : results) {
			String label = result.getParams().getBenchmark();
			label = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
			Result<?> primary = result.getPrimaryResult();
			lines.add(String.format(Locale.ROOT, "| `%s` | %,.0f %s | %,.0f |", label, primary.getScore(),
					primary.getScoreUnit(), primary.getScoreError()));
		}
		CodecBenchmarks session = new CodecBenchmarks();
		session.session();
		lines.add("");
		int[] context = session.contextLengths();
		lines.add("The encoded session (security context as Spring Security 7's form login leaves it, with a "
				+ "`FACTOR_PASSWORD` authority; cart of 3, two strings) is " + session.encodedLength()
				+ " characters, of which the security context is " + context[0] + " ("
				+ (session.contextIsCompact() ? "the codec's compact form" : "generic JSON") + "). The same context "
				+ "without that authority is " + context[1] + " characters (`decodeCompactSecurityContext`). "
				+ "One fork, 2 × 1 s warm-up, 3 × 1 s measurement.");
		return String.join("\n", lines) + "\n";
	}

}
