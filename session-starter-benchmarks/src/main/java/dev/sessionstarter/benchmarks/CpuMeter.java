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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.sessionstarter.test.RealRedis;

/**
 * Tells how much CPU other processes took during a measurement: the machine's busy time
 * ({@code /proc/stat}) less this JVM's ({@code getProcessCpuTime}) and Redis's
 * ({@code INFO cpu}). Other builds and tests on a shared machine show up here, so a
 * reader can tell a quiet run from a disturbed one.
 *
 * @author session-starter
 */
final class CpuMeter {

	// USER_HZ: /proc/stat counts in hundredths of a second on every Linux platform Java
	// runs on.
	private static final double TICKS_PER_SECOND = 100;

	private final RealRedis redis;

	CpuMeter(RealRedis redis) {
		this.redis = redis;
	}

	Snapshot snapshot() {
		return new Snapshot(System.nanoTime(), machineBusySeconds(), processCpuSeconds(), redisCpuSeconds());
	}

	/**
	 * CPU taken by other processes between a snapshot and now.
	 * @param before the earlier snapshot
	 * @return average number of cores busy with other processes, or {@code NaN} when
	 * unknown
	 */
	double otherCores(Snapshot before) {
		Snapshot now = snapshot();
		double wall = (now.nanos() - before.nanos()) / 1e9;
		double other = (now.machineBusy() - before.machineBusy()) - (now.process() - before.process())
				- (now.redis() - before.redis());
		return Math.max(0, other) / wall;
	}

	private static double machineBusySeconds() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			// cpu user nice system idle iowait irq softirq steal ...: all but idle and
			// iowait.
			for (int i = 1; i < Math.min(fields.length, 9); i++) {
				if (i != 4 && i != 5) {
					busy += Long.parseLong(fields[i]);
				}
			}
			return busy / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	private static double processCpuSeconds() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime() / 1e9;
		}
		return Double.NaN;
	}

	private double redisCpuSeconds() {
		String info = this.redis.command("INFO", "cpu");
		double total = 0;
		if (info != null) {
			for (String line : info.split("\r?\n")) {
				if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
					total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
				}
			}
		}
		return total;
	}

	record Snapshot(long nanos, double machineBusy, double process, double redis) {

	}

}
