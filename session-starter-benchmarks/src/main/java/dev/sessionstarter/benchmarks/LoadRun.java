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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A bounded closed-loop load: a fixed number of client threads, each sending its next
 * request as soon as the previous one is answered, for a warm-up and then a measured
 * window. Only requests that started and ended inside the window count.
 *
 * @author session-starter
 */
final class LoadRun {

	private LoadRun() {
	}

	static Result run(RequestKind kind, HttpDriver http, List<HttpDriver.UserSession> sessions, int threads,
			Duration warmup, Duration window) {
		long start = System.nanoTime();
		long measureFrom = start + warmup.toNanos();
		long until = measureFrom + window.toNanos();
		Recorder[] recorders = new Recorder[threads];
		AtomicReference<@Nullable String> firstError = new AtomicReference<>();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Recorder recorder = new Recorder();
			recorders[t] = recorder;
			int thread = t;
			Thread worker = new Thread(() -> {
				for (long i = 0; System.nanoTime() < until; i++) {
					long index = thread + i * threads;
					try {
						RequestKind.Request request = kind.prepare(http, sessions, index);
						long began = System.nanoTime();
						request.send();
						long ended = System.nanoTime();
						if (began >= measureFrom && ended <= until) {
							recorder.add(ended - began);
						}
					}
					catch (RuntimeException ex) {
						recorder.errors++;
						firstError.compareAndSet(null, ex.toString());
					}
				}
			}, "load-" + t);
			workers.add(worker);
			worker.start();
		}
		for (Thread worker : workers) {
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return Result.of(recorders, window, firstError.get());
	}

	/** Latencies of one thread, without boxing. */
	private static final class Recorder {

		private long[] nanos = new long[1 << 14];

		private int size;

		private long errors;

		void add(long value) {
			if (this.size == this.nanos.length) {
				this.nanos = Arrays.copyOf(this.nanos, this.size * 2);
			}
			this.nanos[this.size++] = value;
		}

	}

	record Result(long count, double perSecond, double p50Micros, double p99Micros, long errors,
			@Nullable String firstError, double otherCores) {

		Result withOtherCores(double cores) {
			return new Result(this.count, this.perSecond, this.p50Micros, this.p99Micros, this.errors, this.firstError,
					cores);
		}

		static Result of(Recorder[] recorders, Duration window, @Nullable String firstError) {
			int total = 0;
			long errors = 0;
			for (Recorder recorder : recorders) {
				total += recorder.size;
				errors += recorder.errors;
			}
			long[] all = new long[total];
			int at = 0;
			for (Recorder recorder : recorders) {
				System.arraycopy(recorder.nanos, 0, all, at, recorder.size);
				at += recorder.size;
			}
			Arrays.sort(all);
			double seconds = window.toNanos() / 1e9;
			return new Result(total, total / seconds, percentile(all, 0.50), percentile(all, 0.99), errors, firstError,
					Double.NaN);
		}

		private static double percentile(long[] sorted, double p) {
			if (sorted.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
			return sorted[Math.max(index, 0)] / 1e3;
		}

	}

}
