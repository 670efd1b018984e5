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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * CPU time of one process on this machine, user and kernel, every thread, read from
 * {@code /proc}. Two readings of the same kernel accounting:
 * <ul>
 * <li>{@code /proc/<pid>/stat} {@code utime + stime}: the whole process, threads that
 * have exited included, but in clock ticks (10 ms), too coarse for a window in which
 * Redis spends a few tens of milliseconds;</li>
 * <li>{@code /proc/<pid>/task/<tid>/schedstat}, first field: each live thread's time on a
 * CPU in nanoseconds. A window is the sum of each thread's growth, so only a thread that
 * exits inside the window is lost; the ticks reading over a whole run tells whether that
 * mattered.</li>
 * </ul>
 *
 * @author session-starter
 */
final class ProcessCpu {

	// USER_HZ: /proc counts in hundredths of a second on every Linux platform Java runs
	// on.
	static final long NANOS_PER_TICK = 10_000_000L;

	private final long pid;

	private final Path tasks;

	private final Map<String, String> names = new ConcurrentHashMap<>();

	private ProcessCpu(long pid) {
		this.pid = pid;
		this.tasks = Path.of("/proc", String.valueOf(pid), "task");
	}

	/**
	 * The process with this pid, if it runs on this machine in this pid namespace and its
	 * name starts with {@code expectedName} (a Redis in a container or on another host
	 * reports a pid that is not ours to read).
	 * @param pid the process id
	 * @param expectedName the beginning of {@code /proc/<pid>/comm}, or {@code ""}
	 * @return the process, or {@code null}
	 */
	static @Nullable ProcessCpu of(long pid, String expectedName) {
		try {
			String name = Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).trim();
			ProcessCpu process = new ProcessCpu(pid);
			return (name.startsWith(expectedName) && process.threads().sample() > 0) ? process : null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	static ProcessCpu self() {
		ProcessCpu self = of(ProcessHandle.current().pid(), "");
		if (self == null) {
			throw new IllegalStateException("No /proc/self: CPU time can only be measured on Linux");
		}
		return self;
	}

	/**
	 * The id of the calling thread in {@code /proc}.
	 * @return its task id
	 */
	static String currentThreadId() {
		try {
			return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

	/**
	 * The name of one of the process's threads ({@code comm}, at most 15 characters),
	 * read once per thread.
	 * @param tid the thread id
	 * @return the name, or {@code ""} when the thread is gone
	 */
	String threadName(String tid) {
		return this.names.computeIfAbsent(tid, (id) -> {
			try {
				return Files.readString(this.tasks.resolve(id).resolve("comm")).trim();
			}
			catch (IOException ex) {
				return "";
			}
		});
	}

	long pid() {
		return this.pid;
	}

	/**
	 * Each live thread's CPU time so far.
	 * @return the reading
	 */
	Threads threads() {
		return threads("");
	}

	/**
	 * Each live thread's CPU time so far, but one.
	 * @param skipped the thread id to leave out, or {@code ""}
	 * @return the reading
	 */
	Threads threads(String skipped) {
		Map<String, Long> nanos = new HashMap<>();
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(this.tasks)) {
			for (Path thread : threads) {
				if (thread.getFileName().toString().equals(skipped)) {
					continue;
				}
				try {
					String schedstat = Files.readString(thread.resolve("schedstat"));
					nanos.put(thread.getFileName().toString(),
							Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
				}
				catch (IOException | RuntimeException ex) {
					// The thread exited while we listed them.
				}
			}
		}
		catch (IOException ex) {
			// The process exited: nothing more to count.
		}
		return new Threads(nanos);
	}

	/**
	 * {@code utime + stime} of the whole process, in nanoseconds, at tick resolution.
	 * @return the CPU time, or {@code -1} when unreadable
	 */
	long statNanos() {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(this.pid), "stat"));
			// The command name in brackets may hold spaces; fields are counted after it.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
			// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * CPU time per thread at one moment.
	 *
	 * @param nanos thread id to nanoseconds on a CPU
	 */
	record Threads(Map<String, Long> nanos) {

		long sample() {
			return this.nanos.values().stream().mapToLong(Long::longValue).sum();
		}

		/**
		 * CPU time spent since an earlier reading: the growth of every thread that lives
		 * now (all of a thread that is new, also one that got an exited thread's id).
		 * @param before the earlier reading
		 * @return nanoseconds
		 */
		long since(Threads before) {
			return since(before, (thread) -> true);
		}

		/**
		 * CPU time spent since an earlier reading by some of the threads.
		 * @param before the earlier reading
		 * @param counted which thread ids to count
		 * @return nanoseconds
		 */
		long since(Threads before, Predicate<String> counted) {
			long total = 0;
			for (Map.Entry<String, Long> thread : this.nanos.entrySet()) {
				if (!counted.test(thread.getKey())) {
					continue;
				}
				long now = thread.getValue();
				long grown = now - before.nanos.getOrDefault(thread.getKey(), 0L);
				total += (grown >= 0) ? grown : now;
			}
			return total;
		}

	}

}
