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
import java.util.List;

/**
 * Rewrites the generated part of the README's "Benchmarks" section, between
 * {@value #BEGIN} and {@value #END}, with the headline of this run, its noise floor and
 * the targets; the prose around the markers is the README's own.
 *
 * @author session-starter
 */
final class ReadmeSection {

	static final String BEGIN = "<!-- benchmarks:begin -->";

	static final String END = "<!-- benchmarks:end -->";

	private ReadmeSection() {
	}

	static void update(Path readme, Report.Run run, Report.Results results, CpuTables cpu) throws IOException {
		String text = Files.readString(readme);
		int begin = text.indexOf(BEGIN);
		int end = text.indexOf(END);
		if (begin < 0 || end < begin) {
			throw new IllegalStateException(readme + " has no " + BEGIN + " … " + END + " block to rewrite");
		}
		String block = String.join("\n", lines(run, results, cpu));
		Files.writeString(readme,
				text.substring(0, begin + BEGIN.length()) + "\n" + block + "\n" + text.substring(end));
	}

	private static List<String> lines(Report.Run run, Report.Results results, CpuTables cpu) {
		Settings settings = run.settings();
		List<String> lines = new ArrayList<>();
		lines.add("<!-- Written by the command above (LoadComparison); edit the code, not this block. -->");
		lines.add("The committed run (" + Report.date() + ", " + run.before().processors() + " vCPUs shared with other "
				+ "builds, load average " + loadAverage(run.before()) + " before and " + loadAverage(run.after())
				+ " after; Redis " + run.redis().version() + "; the load comparison took " + run.took().toSeconds()
				+ " s). CPU time per request of the application's JVM plus Redis at a fixed "
				+ Report.number(settings.rate()) + " requests/s, median of " + settings.rounds()
				+ " rounds, ± half the spread of the rounds; ratios with the lowest and highest of a round:");
		lines.add("");
		lines.addAll(cpu.compactTable());
		lines.add("");
		lines.add(cpu.noiseFloor());
		lines.add("");
		lines.add("| target | measured | |");
		lines.add("|---|---|---|");
		for (Targets.Target target : Targets.of(results, cpu)) {
			lines.add("| " + target.name() + " | " + target.measured() + " | " + (target.met() ? "met" : "**missed**")
					+ " |");
		}
		return lines;
	}

	private static String loadAverage(Machine machine) {
		String[] fields = machine.loadAverage().split("\\s+");
		return (fields.length >= 3) ? fields[0] + " / " + fields[1] + " / " + fields[2] : machine.loadAverage();
	}

}
