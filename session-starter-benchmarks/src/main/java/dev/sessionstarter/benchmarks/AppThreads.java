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

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import com.sun.management.ThreadMXBean;

/**
 * This JVM's Java threads, grouped by what they do for the applications, with their CPU
 * time ({@link ThreadMXBean}, user and kernel). Only to show where the time went: the
 * figure per request is the whole process's ({@link ProcessCpu}), which also holds the
 * threads Java does not show (garbage collection, the VM thread), here {@link Group#JVM},
 * the process's time less that of its Java threads (the JIT compiler threads are not in
 * the process's figure, see {@link CpuMeter}).
 *
 * @author session-starter
 */
final class AppThreads {

	private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private final Map<Long, Group> groups = new HashMap<>();

	/**
	 * CPU time so far of each live Java thread, the calling one left out.
	 * @return nanoseconds by thread id
	 */
	Map<Long, Long> read() {
		long[] ids = this.threads.getAllThreadIds();
		long[] nanos = this.threads.getThreadCpuTime(ids);
		long reader = Thread.currentThread().getId();
		Map<Long, Long> byThread = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (nanos[i] > 0 && ids[i] != reader) {
				byThread.put(ids[i], nanos[i]);
			}
		}
		return byThread;
	}

	/**
	 * CPU time spent between two readings by group: the growth of every thread that lives
	 * at the end (all of a new one), so that a thread that exits in between (an idle
	 * Tomcat thread past its keep-alive) takes nothing away.
	 * @param before the earlier reading
	 * @param after the later reading
	 * @return nanoseconds by group ({@link Group#JVM} left out)
	 */
	Map<Group, Long> since(Map<Long, Long> before, Map<Long, Long> after) {
		Map<Group, Long> byGroup = new EnumMap<>(Group.class);
		after.forEach((id, nanos) -> byGroup.merge(group(id), nanos - before.getOrDefault(id, 0L), Long::sum));
		return byGroup;
	}

	private Group group(long id) {
		Group group = this.groups.get(id);
		if (group == null) {
			ThreadInfo info = this.threads.getThreadInfo(id);
			group = Group.of((info != null) ? info.getThreadName() : "");
			this.groups.put(id, group);
		}
		return group;
	}

	/** What a thread does for the applications. */
	enum Group {

		/** Tomcat's request threads, which run the filters and the controller. */
		REQUEST("request threads"),

		/** Tomcat's poller and acceptor threads, which read and accept connections. */
		TOMCAT_IO("Tomcat poller + acceptor"),

		/** Lettuce's Netty event loops, which write commands and read replies. */
		REDIS_CLIENT("Lettuce event loops"),

		/** Every other Java thread (idle during a window: the harness waits). */
		OTHER_JAVA("other Java threads"),

		/** The process's time less its Java threads': GC, the VM thread. */
		JVM("JVM (GC, VM)");

		private final String label;

		Group(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

		static Group of(String name) {
			if (name.startsWith("http-nio-")) {
				return name.contains("-exec-") ? REQUEST : TOMCAT_IO;
			}
			if (name.startsWith("lettuce-")) {
				return REDIS_CLIENT;
			}
			return OTHER_JAVA;
		}

	}

}
