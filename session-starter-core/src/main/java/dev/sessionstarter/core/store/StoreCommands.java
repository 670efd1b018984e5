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

package dev.sessionstarter.core.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The bottom of the store: the few Redis commands it sends, each answered by a
 * {@link CompletableFuture}. Over Lettuce (Spring Boot's default client) the commands go
 * straight to the connection factory's shared native connection, without blocking: a
 * reactive caller composes the futures, a servlet caller {@linkplain #await waits} for
 * them. Scripts are sent with EVALSHA and again with EVAL when the server answers
 * NOSCRIPT (after a restart or SCRIPT FLUSH), which also caches them.
 *
 * <p>
 * Spring Data's template and script executor are not used on this path: per call they
 * bind a connection, serialize every argument and key through a serializer, and convert
 * the reply again, which showed in the profile of an authenticated request. Any other
 * client (Jedis) goes through the template, waiting; such a store serves servlet
 * applications only.
 *
 * @author session-starter
 */
abstract sealed class StoreCommands {

	/**
	 * Run a script.
	 * @param <T> the script's result type ({@link List}, {@link Long} or {@link String})
	 * @param script the script
	 * @param keys its keys
	 * @param args its arguments
	 * @return the reply, bulk strings as UTF-8 strings
	 */
	abstract <T> CompletableFuture<@Nullable T> eval(RedisScript<T> script, List<String> keys, List<String> args);

	abstract CompletableFuture<@Nullable String> get(String key);

	abstract CompletableFuture<Boolean> setIfAbsent(String key, String value, Duration timeToLive);

	abstract CompletableFuture<Long> delete(String key);

	abstract CompletableFuture<@Nullable String> hget(String key, String field);

	abstract CompletableFuture<Long> zrem(String key, String member);

	/**
	 * Whether the commands never block the calling thread.
	 */
	abstract boolean nonBlocking();

	/**
	 * How long a servlet caller waits for a reply.
	 */
	abstract Duration timeout();

	/**
	 * Start connecting, without waiting, so that the first request does not have to.
	 */
	void connect() {
	}

	/**
	 * Wait for a reply, as a servlet caller does.
	 * @param <T> the reply type
	 * @param reply the reply
	 * @return its value
	 * @throws SessionStoreUnavailableException if Redis failed or did not answer in time
	 */
	<T> T await(CompletableFuture<T> reply) {
		try {
			return reply.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			reply.cancel(true);
			throw new SessionStoreUnavailableException("Interrupted while waiting for the session store", ex);
		}
		catch (TimeoutException ex) {
			reply.cancel(true);
			throw new SessionStoreUnavailableException("Session store did not answer in " + timeout(), ex);
		}
		catch (ExecutionException ex) {
			throw unavailable(ex.getCause());
		}
	}

	/**
	 * Bound a reply that nobody {@linkplain #await waits} for by the timeout, since the
	 * client's own command timeout may be off: a reactive caller still gets its answer in
	 * time, failed as unavailable.
	 * @param <T> the reply type
	 * @param reply the reply
	 * @return the bounded reply
	 */
	<T> CompletableFuture<T> bounded(CompletableFuture<T> reply) {
		CompletableFuture<T> bounded = new CompletableFuture<>();
		Duration timeout = timeout();
		Timeout expiry = Timeouts.TIMER.newTimeout(
				(expired) -> bounded.completeExceptionally(new SessionStoreUnavailableException(
						"Session store did not answer in " + timeout, new TimeoutException())),
				timeout.toMillis(), TimeUnit.MILLISECONDS);
		reply.whenComplete((value, failure) -> {
			expiry.cancel();
			if (failure != null) {
				bounded.completeExceptionally(unavailable(failure));
			}
			else {
				bounded.complete(value);
			}
		});
		return bounded;
	}

	/**
	 * The failure a caller sees for what went wrong under a reply.
	 * @param failure the failure, possibly wrapped by {@link CompletableFuture}
	 * @return an unavailable-store exception, or the failure itself when it is one
	 */
	static RuntimeException unavailable(@Nullable Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException || cause instanceof ExecutionException) {
			cause = cause.getCause();
		}
		if (cause instanceof SessionStoreUnavailableException unavailable) {
			return unavailable;
		}
		if (cause instanceof RedisException || cause instanceof DataAccessException || cause instanceof TimeoutException
				|| cause instanceof CancellationException) {
			return new SessionStoreUnavailableException("Session store did not answer: " + cause.getMessage(), cause);
		}
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		return new IllegalStateException(cause);
	}

	static StoreCommands of(RedisConnectionFactory connectionFactory, Executor connector) {
		Timeouts.startEarly();
		if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
			return new Lettuce(lettuce, connector);
		}
		return new Template(new StringRedisTemplate(connectionFactory));
	}

	/**
	 * The timer of {@link #bounded bounded} replies. Not
	 * {@link CompletableFuture#orTimeout}: the JDK's shared delayer takes a lock to
	 * cancel a timeout when the reply comes first, and many replies completing at once
	 * (twenty reactive requests during an outage, each failed by the client's own command
	 * timeout) parked an event-loop thread on it. Netty's wheel timer adds and cancels
	 * timeouts through lock-free queues. One daemon thread per JVM, not a Netty thread
	 * (it sleeps between ticks), started when the first store is created so that no
	 * request thread ever waits for it to start.
	 */
	static final class Timeouts {

		static final HashedWheelTimer TIMER = start();

		private Timeouts() {
		}

		/**
		 * Start the timer (by initializing this class), on the thread that creates a
		 * store rather than on a request's.
		 */
		static void startEarly() {
		}

		private static HashedWheelTimer start() {
			HashedWheelTimer timer = new HashedWheelTimer((runnable) -> {
				Thread thread = new Thread(runnable, "session-starter-timeouts");
				thread.setDaemon(true);
				return thread;
			}, 10, TimeUnit.MILLISECONDS, 512, false);
			timer.start();
			return timer;
		}

	}

	/**
	 * Commands on Lettuce's shared native connection.
	 */
	static final class Lettuce extends StoreCommands {

		private static final byte[][] NO_KEYS = new byte[0][];

		private final LettuceConnectionFactory connectionFactory;

		private final Duration timeout;

		private final Executor connector;

		/**
		 * The factory's shared native connection once it is known, so that a command
		 * never waits for a connect on the caller's thread (an event loop, for a reactive
		 * application). Fetched again, off the caller's thread, when the factory has
		 * closed it.
		 */
		private final AtomicReference<@Nullable CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>>> shared = new AtomicReference<>();

		private final ConcurrentMap<RedisScript<?>, String> sha1s = new ConcurrentHashMap<>();

		Lettuce(LettuceConnectionFactory connectionFactory, Executor connector) {
			this.connectionFactory = connectionFactory;
			this.timeout = Duration.ofMillis(connectionFactory.getTimeout());
			this.connector = connector;
		}

		@Override
		void connect() {
			if (this.connectionFactory.getShareNativeConnection()) {
				sharedConnection();
			}
		}

		@Override
		boolean nonBlocking() {
			return true;
		}

		@Override
		Duration timeout() {
			return this.timeout;
		}

		@Override
		@SuppressWarnings("unchecked")
		<T> CompletableFuture<@Nullable T> eval(RedisScript<T> script, List<String> keys, List<String> args) {
			ScriptOutputType type = outputType(script.getResultType());
			byte[][] keyBytes = bytes(keys);
			byte[][] argBytes = bytes(args);
			String sha1 = sha1(script);
			CompletableFuture<@Nullable Object> sent = send(
					(commands) -> commands.evalsha(sha1, type, keyBytes, argBytes));
			return sent.exceptionallyCompose((failure) -> {
				if (causeOf(failure) instanceof RedisNoScriptException) {
					return send((commands) -> commands.eval(script.getScriptAsString(), type, keyBytes, argBytes));
				}
				return CompletableFuture.failedFuture(failure);
			}).thenApply((reply) -> (T) decoded(reply));
		}

		@Override
		CompletableFuture<@Nullable String> get(String key) {
			return this.<byte @Nullable []>send((commands) -> commands.get(bytes(key))).thenApply(Lettuce::string);
		}

		@Override
		CompletableFuture<Boolean> setIfAbsent(String key, String value, Duration timeToLive) {
			return this
				.<@Nullable String>send(
						(commands) -> commands.set(bytes(key), bytes(value), SetArgs.Builder.nx().px(timeToLive)))
				.thenApply("OK"::equals);
		}

		@Override
		CompletableFuture<Long> delete(String key) {
			return this.<Long>send((commands) -> commands.del(bytes(key)));
		}

		@Override
		CompletableFuture<@Nullable String> hget(String key, String field) {
			return this.<byte @Nullable []>send((commands) -> commands.hget(bytes(key), bytes(field)))
				.thenApply(Lettuce::string);
		}

		@Override
		CompletableFuture<Long> zrem(String key, String member) {
			return this.<Long>send((commands) -> commands.zrem(bytes(key), bytes(member)));
		}

		/**
		 * Send a command. With Boot's defaults the factory shares one native connection,
		 * which this keeps; otherwise each command takes a handle from the factory (which
		 * may wait for a pooled connection, so such a store is not fit for an event loop)
		 * and closes it once the reply is in, so that a dedicated connection is not
		 * released under a command in flight.
		 */
		private <T> CompletableFuture<T> send(
				Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<? extends T>> command) {
			if (!this.connectionFactory.getShareNativeConnection()) {
				return sendOnOwnHandle(command);
			}
			CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> connection = sharedConnection();
			RedisClusterAsyncCommands<byte[], byte[]> known = connection.getNow(null);
			if (known != null && closed(known)) {
				// The factory replaced its shared connection (it does so when it finds
				// it broken): fetch the new one.
				this.shared.compareAndSet(connection, null);
				connection = sharedConnection();
				known = null;
			}
			if (known != null) {
				return apply(command, known);
			}
			return connection.thenCompose((commands) -> apply(command, commands));
		}

		/**
		 * The script's SHA-1, computed once per script. Spring Data's
		 * {@code DefaultRedisScript.getSha1()} takes a lock on every call, which parks an
		 * event-loop thread when two requests ask at once.
		 */
		private String sha1(RedisScript<?> script) {
			String sha1 = this.sha1s.get(script);
			return (sha1 != null) ? sha1 : this.sha1s.computeIfAbsent(script, RedisScript::getSha1);
		}

		private CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> sharedConnection() {
			CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> connection = this.shared.get();
			if (connection != null) {
				return connection;
			}
			CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> fetched = new CompletableFuture<>();
			if (!this.shared.compareAndSet(null, fetched)) {
				return sharedConnection();
			}
			try {
				this.connector.execute(() -> {
					try (RedisConnection handle = this.connectionFactory.getConnection()) {
						fetched.complete(nativeCommands(handle));
					}
					catch (RuntimeException ex) {
						this.shared.compareAndSet(fetched, null);
						fetched.completeExceptionally(ex);
					}
				});
			}
			catch (RejectedExecutionException ex) {
				this.shared.compareAndSet(fetched, null);
				fetched.completeExceptionally(ex);
			}
			return fetched;
		}

		private static boolean closed(RedisClusterAsyncCommands<byte[], byte[]> commands) {
			Object connection = null;
			if (commands instanceof RedisAsyncCommands<?, ?> standalone) {
				connection = standalone.getStatefulConnection();
			}
			else if (commands instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
				connection = cluster.getStatefulConnection();
			}
			return connection instanceof RedisChannelHandler handler && handler.isClosed();
		}

		private <T> CompletableFuture<T> sendOnOwnHandle(
				Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<? extends T>> command) {
			RedisConnection connection;
			try {
				connection = this.connectionFactory.getConnection();
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
			CompletableFuture<T> reply;
			try {
				reply = apply(command, nativeCommands(connection));
			}
			catch (RuntimeException ex) {
				connection.close();
				return CompletableFuture.failedFuture(ex);
			}
			return reply.whenComplete((value, failure) -> connection.close());
		}

		@SuppressWarnings("unchecked")
		private static RedisClusterAsyncCommands<byte[], byte[]> nativeCommands(RedisConnection connection) {
			return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
		}

		@SuppressWarnings("unchecked")
		private static <T> CompletableFuture<T> apply(
				Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<? extends T>> command,
				RedisClusterAsyncCommands<byte[], byte[]> commands) {
			try {
				return (CompletableFuture<T>) command.apply(commands).toCompletableFuture();
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

		private static Throwable causeOf(Throwable failure) {
			Throwable cause = failure;
			while (cause instanceof CompletionException && cause.getCause() != null) {
				cause = cause.getCause();
			}
			return cause;
		}

		private static ScriptOutputType outputType(@Nullable Class<?> resultType) {
			if (resultType == null) {
				return ScriptOutputType.STATUS;
			}
			if (List.class.isAssignableFrom(resultType)) {
				return ScriptOutputType.MULTI;
			}
			if (Long.class.equals(resultType)) {
				return ScriptOutputType.INTEGER;
			}
			if (Boolean.class.equals(resultType)) {
				return ScriptOutputType.BOOLEAN;
			}
			return ScriptOutputType.VALUE;
		}

		private static @Nullable Object decoded(@Nullable Object reply) {
			if (reply instanceof byte[] bytes) {
				return new String(bytes, StandardCharsets.UTF_8);
			}
			if (reply instanceof List<?> list) {
				List<@Nullable Object> decoded = new ArrayList<>(list.size());
				for (Object element : list) {
					decoded.add(decoded(element));
				}
				return decoded;
			}
			return reply;
		}

		private static @Nullable String string(byte @Nullable [] value) {
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}

		private static byte[] bytes(String value) {
			return value.getBytes(StandardCharsets.UTF_8);
		}

		private static byte[][] bytes(List<String> values) {
			if (values.isEmpty()) {
				return NO_KEYS;
			}
			byte[][] bytes = new byte[values.size()][];
			for (int i = 0; i < bytes.length; i++) {
				bytes[i] = bytes(values.get(i));
			}
			return bytes;
		}

	}

	/**
	 * Commands through Spring Data's template, for clients other than Lettuce: each call
	 * blocks until Redis answers.
	 */
	static final class Template extends StoreCommands {

		private final StringRedisTemplate redis;

		Template(StringRedisTemplate redis) {
			this.redis = redis;
		}

		@Override
		boolean nonBlocking() {
			return false;
		}

		@Override
		Duration timeout() {
			// The client enforces its own timeout on each blocking call.
			return Duration.ofDays(1);
		}

		@Override
		<T> CompletableFuture<@Nullable T> eval(RedisScript<T> script, List<String> keys, List<String> args) {
			return run(() -> this.redis.execute(script, keys, args.toArray()));
		}

		@Override
		CompletableFuture<@Nullable String> get(String key) {
			return run(() -> this.redis.opsForValue().get(key));
		}

		@Override
		CompletableFuture<Boolean> setIfAbsent(String key, String value, Duration timeToLive) {
			return run(() -> Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key, value, timeToLive)));
		}

		@Override
		CompletableFuture<Long> delete(String key) {
			return run(() -> Boolean.TRUE.equals(this.redis.delete(key)) ? 1L : 0L);
		}

		@Override
		CompletableFuture<@Nullable String> hget(String key, String field) {
			return run(() -> (String) this.redis.opsForHash().get(key, field));
		}

		@Override
		CompletableFuture<Long> zrem(String key, String member) {
			return run(() -> {
				Long removed = this.redis.opsForZSet().remove(key, member);
				return (removed != null) ? removed : 0L;
			});
		}

		private static <T> CompletableFuture<T> run(java.util.function.Supplier<T> call) {
			try {
				return CompletableFuture.completedFuture(call.get());
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

	}

}
