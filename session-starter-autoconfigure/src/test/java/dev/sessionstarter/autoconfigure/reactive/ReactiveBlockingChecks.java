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

package dev.sessionstarter.autoconfigure.reactive;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a reactive test when anything blocks a thread that must never block: Reactor's
 * non-blocking schedulers and Netty's event loops, among them the server's request
 * threads and Lettuce's I/O threads, where the store's replies arrive. BlockHound is
 * installed once per JVM and checks only while a test class with this extension runs, so
 * that the servlet tests of the same run are judged as before.
 * <p>
 * Every blocking call found is recorded and fails the test it happened in, also when it
 * happened where its error could be swallowed (a commit action, a reply callback), except
 * an idle scheduler worker waiting for its next task. Four allowances: {@code NativePRNG}
 * reading {@code /dev/urandom} for a new token or data key (that read never waits for
 * entropy; only {@code /dev/random} seeding can, and that is not allowed), and Lettuce's
 * {@code SharedLock}, the lock a command takes to be queued on its connection, which
 * waits only while the connection runs one of its exclusive queue operations (moving
 * queued commands when it reconnects or closes: memory, never I/O); BlockHound sees that
 * short wait as a park; and Netty's own buffer allocator, whose magazines take a
 * {@code StampedLock} held only while a buffer is handed out or returned (seen when a
 * Cluster client opens a node connection on an event loop while another thread
 * allocates); and Jackson's deserializer cache, locked while a type's deserializer is
 * built on its first use in the JVM (seen when parallel requests first decoded an OAuth2
 * authorized client).
 */
public final class ReactiveBlockingChecks implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

	private static final List<String> found = new ArrayList<>();

	private static volatile boolean checking;

	static {
		BlockHound.builder()
			.loadIntegrations()
			.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive")
			.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
			// Jackson builds a type's deserializer once, on first use, under a lock of
			// its
			// cache: memory only and once per type, like the two above. Seen when
			// parallel
			// requests decoded a type no request of the JVM had decoded yet.
			.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
					"_createAndCacheValueDeserializer")
			// Every thread is judged at each blocking call, not once: a thread that first
			// blocked while no reactive test ran must still be checked later.
			.addDynamicThreadPredicate((thread) -> true)
			.nonBlockingThreadPredicate((nonBlocking) -> nonBlocking.and((thread) -> checking))
			.blockingMethodCallback((method) -> {
				BlockingOperationError error = new BlockingOperationError(method);
				if (isIdleWorker(error)) {
					return;
				}
				synchronized (found) {
					found.add(method + " on " + Thread.currentThread().getName() + where(error));
				}
				throw error;
			})
			.install();
	}

	/**
	 * Whether the wait is an idle scheduler worker waiting for its next task, which holds
	 * no work up. An allowance for {@code ThreadPoolExecutor.getTask} would not do: a
	 * worker that started waiting before BlockHound was installed never enters the method
	 * again.
	 */
	private static boolean isIdleWorker(Throwable error) {
		for (StackTraceElement frame : error.getStackTrace()) {
			String type = frame.getClassName();
			if (type.equals("java.util.concurrent.ThreadPoolExecutor") && frame.getMethodName().equals("getTask")) {
				return true;
			}
			boolean waiting = type.startsWith("jdk.internal.misc.") || type.startsWith("java.util.concurrent.")
					|| type.startsWith("reactor.blockhound.")
					|| type.startsWith(ReactiveBlockingChecks.class.getName());
			if (!waiting) {
				return false;
			}
		}
		return false;
	}

	private static String where(Throwable error) {
		StringBuilder frames = new StringBuilder();
		StackTraceElement[] stack = error.getStackTrace();
		for (int i = 0; i < Math.min(stack.length, 40); i++) {
			frames.append("\n\tat ").append(stack[i]);
		}
		return frames.toString();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		checking = true;
	}

	@Override
	public void afterAll(ExtensionContext context) {
		checking = false;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		assertThat(take()).as("blocking calls on non-blocking threads").isEmpty();
	}

	/**
	 * The blocking calls found since the last look, forgotten once returned.
	 * @return the calls, each with the thread it blocked
	 */
	static List<String> take() {
		synchronized (found) {
			List<String> taken = List.copyOf(found);
			found.clear();
			return taken;
		}
	}

}
