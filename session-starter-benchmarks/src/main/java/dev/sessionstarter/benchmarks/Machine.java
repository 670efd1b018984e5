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
import java.util.List;

/**
 * What the numbers were measured on, read from {@code /proc} where there is one.
 *
 * @param processors available processors ({@code nproc})
 * @param memory total memory ({@code MemTotal})
 * @param cpu CPU model name
 * @param java Java runtime
 * @param loadAverage {@code /proc/loadavg} at the time of the description
 * @author session-starter
 */
record Machine(int processors, String memory, String cpu, String java, String loadAverage) {

	static Machine describe() {
		return new Machine(Runtime.getRuntime().availableProcessors(), field(Path.of("/proc/meminfo"), "MemTotal"),
				field(Path.of("/proc/cpuinfo"), "model name"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				firstLine(Path.of("/proc/loadavg")));
	}

	private static String field(Path file, String name) {
		for (String line : lines(file)) {
			if (line.startsWith(name)) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return "unknown";
	}

	private static String firstLine(Path file) {
		List<String> lines = lines(file);
		return lines.isEmpty() ? "unknown" : lines.get(0).trim();
	}

	private static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
	}

}
