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
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Bounded loads, run by the {@link LoadGenerator}: closed-loop ({@link #run}: a fixed
 * number of client threads, each sending its next request as soon as the previous one is
 * answered) and open-loop ({@link #fixedRate}: requests sent on a fixed schedule,
 * whatever the answers).
 *
 * @author session-starter
 */
final class LoadRun {

	/** Most requests of a fixed-rate load in flight at once. */
	static final int FIXED_RATE_WORKERS = 32;

	private LoadRun() {
	}

	/**
	 * A closed-loop load for a warm-up and then a measured window. Only requests that
	 * started and ended inside the window count.
	 */
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
		return Result.of(recorders, window.toNanos(), firstError.get());
	}

	/**
	 * An open-loop load: request {@code i} is due {@code i / rate} seconds after the
	 * start and is sent then (by one of {@link #FIXED_RATE_WORKERS} threads), however
	 * long earlier ones take. Its latency counts from when it was due, so that a server
	 * that falls behind shows it in its latency (no coordinated omission); requests/s is
	 * the count over the time from the start to the last answer, which equals the rate
	 * only while the server keeps up.
	 * @param requests the prepared requests, all sent
	 * @param rate requests per second
	 * @return what was measured
	 */
	static Result fixedRate(List<RequestKind.Request> requests, double rate) {
		long[] latencies = new long[requests.size()];
		AtomicInteger errors = new AtomicInteger();
		AtomicReference<@Nullable String> firstError = new AtomicReference<>();
		AtomicInteger counter = new AtomicInteger();
		ExecutorService workers = Executors.newFixedThreadPool(FIXED_RATE_WORKERS,
				(task) -> new Thread(task, "fixed-rate-" + counter.incrementAndGet()));
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
		long[] lastEnd = { start };
		for (int i = 0; i < requests.size(); i++) {
			long due = start + Math.round(i * 1e9 / rate);
			for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			int index = i;
			workers.execute(() -> {
				try {
					requests.get(index).send();
					long ended = System.nanoTime();
					latencies[index] = ended - due;
					synchronized (lastEnd) {
						lastEnd[0] = Math.max(lastEnd[0], ended);
					}
				}
				catch (RuntimeException ex) {
					latencies[index] = -1;
					errors.incrementAndGet();
					firstError.compareAndSet(null, ex.toString());
				}
			});
		}
		awaitAll(workers);
		Recorder recorder = new Recorder();
		for (long latency : latencies) {
			if (latency >= 0) {
				recorder.add(latency);
			}
		}
		recorder.errors = errors.get();
		synchronized (lastEnd) {
			return Result.of(new Recorder[] { recorder }, lastEnd[0] - start, firstError.get());
		}
	}

	private static void awaitAll(ExecutorService workers) {
		workers.shutdown();
		try {
			if (!workers.awaitTermination(2, TimeUnit.MINUTES)) {
				workers.shutdownNow();
				throw new IllegalStateException("Fixed-rate load did not finish within 2 minutes");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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

	/**
	 * What a load measured.
	 *
	 * @param count answered requests in the measured window
	 * @param perSecond answered requests per second
	 * @param p50Micros median latency
	 * @param p99Micros 99th percentile of latency
	 * @param errors failed requests
	 * @param firstError the first failure, or {@code null}
	 * @param otherCores cores busy with other processes meanwhile, once known
	 */
	record Result(long count, double perSecond, double p50Micros, double p99Micros, long errors,
			@Nullable String firstError, double otherCores) {

		Result withOtherCores(double cores) {
			return new Result(this.count, this.perSecond, this.p50Micros, this.p99Micros, this.errors, this.firstError,
					cores);
		}

		/**
		 * One line for the {@link LoadGenerator}'s answer.
		 * @return the fields, tab-separated, the first error last
		 */
		String toLine() {
			return String.format(Locale.ROOT, "%d\t%s\t%s\t%s\t%d\t%s", this.count, this.perSecond, this.p50Micros,
					this.p99Micros, this.errors,
					(this.firstError != null) ? this.firstError.replaceAll("\\s", " ") : "");
		}

		static Result parse(String line) {
			String[] fields = line.split("\t", 6);
			return new Result(Long.parseLong(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
					Double.parseDouble(fields[3]), Long.parseLong(fields[4]),
					(fields.length > 5 && !fields[5].isEmpty()) ? fields[5] : null, Double.NaN);
		}

		static Result of(Recorder[] recorders, long windowNanos, @Nullable String firstError) {
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
			double seconds = windowNanos / 1e9;
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
