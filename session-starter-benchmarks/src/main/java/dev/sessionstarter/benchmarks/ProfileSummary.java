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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Not part of the build's run: summarizes a recording of {@link ProfileLoad} as text.
 * Execution samples by thread group; for the request threads the methods that were
 * running (self) and the methods on the stack (inclusive, each counted once per sample),
 * in all and within the libraries of the session layer; the callers of methods named on
 * the command line; allocation (weight of {@code jdk.ObjectAllocationSample}) by the
 * first frame outside the JDK; and garbage collection.
 * <p>
 * Arguments: the {@code .jfr} file, then optionally methods whose callers to show, as
 * {@code Class.method} (simple class name).
 *
 * @author session-starter
 */
public final class ProfileSummary {

	private static final int TOP = 25;

	private static final List<String> LIBRARIES = List.of("dev.sessionstarter.", "org.springframework.data.redis.",
			"io.lettuce.", "io.netty.", "org.springframework.session.", "tools.jackson.",
			"org.springframework.security.");

	private final Map<AppThreads.Group, Integer> samplesByGroup = new HashMap<>();

	private final Map<String, Integer> self = new HashMap<>();

	private final Map<String, Integer> inclusive = new HashMap<>();

	private final Map<String, Map<String, Integer>> callers = new HashMap<>();

	private final Map<String, Long> allocation = new HashMap<>();

	private final Map<String, Integer> compiled = new HashMap<>();

	private final Map<String, Integer> deoptimized = new HashMap<>();

	private final Map<String, Integer> defined = new HashMap<>();

	private int requestSamples;

	private long allocatedBytes;

	private long gcCount;

	private long gcNanos;

	private ProfileSummary(List<String> callersOf) {
		callersOf.forEach((method) -> this.callers.put(method, new HashMap<>()));
	}

	/**
	 * Print the summary.
	 * @param args the recording, then methods whose callers to show
	 * @throws IOException if the recording cannot be read
	 */
	public static void main(String[] args) throws IOException {
		ProfileSummary summary = new ProfileSummary(List.of(args).subList(1, args.length));
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			summary.add(event);
		}
		summary.print();
	}

	private void add(RecordedEvent event) {
		String type = event.getEventType().getName();
		if (type.equals("jdk.GarbageCollection")) {
			this.gcCount++;
			this.gcNanos += event.getDuration().toNanos();
			return;
		}
		if (jit(event, type)) {
			return;
		}
		boolean execution = type.equals("jdk.ExecutionSample");
		if (!execution && !type.equals("jdk.ObjectAllocationSample")) {
			return;
		}
		RecordedThread thread = event.getThread(execution ? "sampledThread" : "eventThread");
		RecordedStackTrace stack = event.getStackTrace();
		if (thread == null || stack == null || stack.getFrames().isEmpty()) {
			return;
		}
		AppThreads.Group group = AppThreads.Group.of(String.valueOf(thread.getJavaName()));
		List<String> frames = stack.getFrames().stream().map(ProfileSummary::name).toList();
		if (execution) {
			this.samplesByGroup.merge(group, 1, Integer::sum);
			if (group == AppThreads.Group.REQUEST) {
				request(frames);
			}
		}
		else if (group == AppThreads.Group.REQUEST) {
			long weight = event.getLong("weight");
			this.allocatedBytes += weight;
			String site = frames.stream()
				.filter((frame) -> !frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun."))
				.findFirst()
				.orElse(frames.get(0));
			this.allocation.merge(site, weight, Long::sum);
		}
	}

	private boolean jit(RecordedEvent event, String type) {
		switch (type) {
			case "jdk.Compilation" -> this.compiled.merge(method(event), 1, Integer::sum);
			case "jdk.Deoptimization" -> this.deoptimized.merge(
					event.getString("reason") + " " + event.getString("action") + " " + method(event), 1, Integer::sum);
			case "jdk.ClassDefine" -> {
				String name = event.getClass("definedClass").getName();
				this.defined.merge(name.replaceAll("[0-9]+", "N"), 1, Integer::sum);
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	private static String method(RecordedEvent event) {
		RecordedMethod method = event.getValue("method");
		return (method != null) ? method.getType().getName() + "." + method.getName() : "?";
	}

	private void request(List<String> frames) {
		this.requestSamples++;
		this.self.merge(frames.get(0), 1, Integer::sum);
		for (String frame : new LinkedHashSet<>(frames)) {
			this.inclusive.merge(frame, 1, Integer::sum);
		}
		Set<String> counted = new LinkedHashSet<>();
		for (int i = 0; i < frames.size(); i++) {
			Map<String, Integer> byCaller = this.callers.get(simple(frames.get(i)));
			if (byCaller != null && i + 2 < frames.size()) {
				String path = frames.get(i + 1) + " < " + frames.get(i + 2);
				if (counted.add(frames.get(i) + path)) {
					byCaller.merge(path, 1, Integer::sum);
				}
			}
		}
	}

	private void print() {
		int all = this.samplesByGroup.values().stream().mapToInt(Integer::intValue).sum();
		System.out.println("== Execution samples by thread group (" + all + ")");
		this.samplesByGroup.forEach((group, count) -> System.out.println(line(count, all, group.label())));
		System.out.println("== Request threads, running (self), of " + this.requestSamples);
		top(this.self, this.requestSamples, (frame) -> true);
		System.out.println("== Request threads, on the stack (inclusive), outside Tomcat and the servlet API");
		top(this.inclusive, this.requestSamples,
				(frame) -> !frame.startsWith("org.apache.") && !frame.startsWith("jakarta.servlet."));
		for (String library : LIBRARIES) {
			System.out.println("== Request threads, on the stack, " + library + "*");
			top(this.inclusive, this.requestSamples, (frame) -> frame.startsWith(library));
		}
		this.callers.forEach((method, byCaller) -> {
			System.out.println("== Callers of " + method);
			top(byCaller, this.requestSamples, (frame) -> true);
		});
		System.out.printf(Locale.ROOT,
				"== Allocation on request threads: %,d MB sampled weight, by first frame " + "outside the JDK%n",
				this.allocatedBytes / 1_000_000);
		List<Map.Entry<String, Long>> sites = new ArrayList<>(this.allocation.entrySet());
		sites.sort(Map.Entry.<String, Long>comparingByValue().reversed());
		sites.stream()
			.limit(TOP)
			.forEach((site) -> System.out.printf(Locale.ROOT, "%6.1f %%  %s%n",
					100.0 * site.getValue() / this.allocatedBytes, site.getKey()));
		System.out.printf(Locale.ROOT, "== Garbage collections: %d, %.1f ms in all%n", this.gcCount,
				this.gcNanos / 1e6);
		int compilations = this.compiled.values().stream().mapToInt(Integer::intValue).sum();
		System.out.println("== JIT compilations: " + compilations + ", most often compiled:");
		top(this.compiled, compilations, (method) -> true);
		int deoptimizations = this.deoptimized.values().stream().mapToInt(Integer::intValue).sum();
		System.out.println("== Deoptimizations: " + deoptimizations);
		top(this.deoptimized, deoptimizations, (method) -> true);
		int classes = this.defined.values().stream().mapToInt(Integer::intValue).sum();
		System.out.println("== Classes defined: " + classes);
		top(this.defined, classes, (name) -> true);
	}

	private static void top(Map<String, Integer> counts, int total, Predicate<String> shown) {
		counts.entrySet()
			.stream()
			.filter((entry) -> shown.test(entry.getKey()))
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(TOP)
			.forEach((entry) -> System.out.println(line(entry.getValue(), total, entry.getKey())));
	}

	private static String line(int count, int total, String what) {
		return String.format(Locale.ROOT, "%6.1f %%  %6d  %s", 100.0 * count / total, count, what);
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static String simple(String frame) {
		int method = frame.lastIndexOf('.');
		int type = frame.lastIndexOf('.', method - 1);
		String simple = frame.substring(type + 1);
		int nested = simple.indexOf('$');
		return (nested >= 0 && nested < simple.indexOf('.')) ? simple.substring(nested + 1) : simple;
	}

}
