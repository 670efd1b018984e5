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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.Assert;

/**
 * Sessions that did not change, served from this node's memory with no Redis round trip,
 * kept correct by Redis itself: every load that fills the cache runs on one dedicated
 * connection with client tracking on ({@code CLIENT TRACKING ON NOLOOP}, RESP3), so any
 * later write, delete, rename or expiry of the session's key, by any node, reaches this
 * node as an invalidation that drops the copy. Deadlines are checked locally with the
 * store's clock, and a session is read through the load script again once its last-access
 * touch is due, so the touch is written as without the cache.
 *
 * <p>
 * Fails closed: while the tracking connection is down, reconnecting, or not yet confirmed
 * to track again (a Redis restart, a failover), nothing is served from memory and the
 * cache is flushed when tracking resumes, so no copy outlives an invalidation it may have
 * missed. A load whose reply might predate an invalidation (it raced one, or the
 * connection dropped meanwhile) is not cached.
 *
 * @author session-starter
 */
public final class NearCache implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(NearCache.class);

	/** How often the tracking connection is checked, and replaced when it is down. */
	private static final Duration RECONNECT_INTERVAL = Duration.ofMillis(500);

	private static final Duration CHECK_TIMEOUT = Duration.ofMillis(1000);

	private final RedisClient client;

	private final SessionKeys keys;

	private final Cache<String, Object> entries;

	private final ScheduledExecutorService reconnects;

	/** Changes whenever cached copies may have missed an invalidation. */
	private final AtomicLong epoch = new AtomicLong();

	private final AtomicLong hits = new AtomicLong();

	private final AtomicLong invalidations = new AtomicLong();

	private volatile @Nullable StatefulRedisConnection<String, String> connection;

	private volatile boolean tracking;

	private volatile boolean closed;

	private boolean reportedDown;

	private volatile long trackedClientId = -1;

	private @Nullable String loadScript;

	private @Nullable String loadScriptSha;

	private NearCache(RedisClient client, SessionKeys keys, long maximumSize) {
		this.client = client;
		this.keys = keys;
		this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build();
		this.reconnects = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "session-starter-near-cache");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Start a near cache over the Redis of a connection factory, and its tracking
	 * connection.
	 * @param connectionFactory a Lettuce connection factory for a standalone or Sentinel
	 * Redis (Redis Cluster is not supported: its keys live on several nodes)
	 * @param keys the store's keys
	 * @param maximumSize the most sessions kept
	 * @return the started cache
	 * @throws IllegalStateException if the factory is not Lettuce's, is a Cluster, or the
	 * server does not accept client tracking
	 */
	public static NearCache start(RedisConnectionFactory connectionFactory, SessionKeys keys, long maximumSize) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException(
					"The session near cache needs Lettuce (spring.data.redis.client-type=lettuce)");
		}
		Assert.state(!lettuce.isClusterAware(),
				"The session near cache does not support Redis Cluster; turn session-starter.near-cache.enabled off");
		Assert.isTrue(maximumSize > 0, "The near cache's maximum size must be positive");
		if (!(lettuce.getRequiredNativeClient() instanceof RedisClient client)) {
			throw new IllegalStateException("The session near cache needs a standalone or Sentinel Redis");
		}
		NearCache cache = new NearCache(client, keys, maximumSize);
		// An unreachable Redis is an outage the cache waits out (bypassed meanwhile); a
		// Redis that refuses tracking will never serve it.
		if (!cache.connect()) {
			cache.close();
			throw new IllegalStateException("Redis did not accept CLIENT TRACKING (RESP3, Redis 6 or newer) for the"
					+ " session near cache; turn session-starter.near-cache.enabled off");
		}
		cache.reconnects.scheduleWithFixedDelay(cache::checkSafely, RECONNECT_INTERVAL.toMillis(),
				RECONNECT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		return cache;
	}

	void useLoadScript(String script, String sha) {
		this.loadScript = script;
		this.loadScriptSha = sha;
	}

	/**
	 * Whether sessions may be served from memory now: the tracking connection is up and
	 * confirmed to track.
	 * @return whether the cache serves
	 */
	public boolean isServing() {
		return this.tracking && !this.closed;
	}

	/**
	 * How many loads were answered from memory.
	 * @return the count
	 */
	public long hits() {
		return this.hits.get();
	}

	/**
	 * The sessions held now, and an estimate of the heap they take: per session the
	 * characters of its fields and values (Java keeps them one byte each when they are
	 * Latin-1, as tokens, JSON and numbers are) plus 56 bytes per string and 64 per entry
	 * for object headers, references and the cache's node.
	 * @return {@code {sessions, estimated bytes}}
	 */
	public long[] footprint() {
		long sessions = 0;
		long bytes = 0;
		for (Object value : this.entries.asMap().values()) {
			if (value instanceof Entry entry) {
				sessions++;
				bytes += 64;
				for (String element : entry.reply()) {
					bytes += 56 + ((element != null) ? element.length() : 0);
				}
			}
		}
		return new long[] { sessions, bytes };
	}

	/**
	 * How many keys Redis reported changed (or flushes) since the start.
	 * @return the count
	 */
	public long invalidations() {
		return this.invalidations.get();
	}

	/**
	 * The fields of a cached session that is still live by both deadlines and whose touch
	 * is not due, as the load script would return them; {@code null} when the load must
	 * go to Redis.
	 */
	@Nullable List<String> cached(String storageId, long now, long touchMillis) {
		if (!isServing() || !(this.entries.getIfPresent(storageId) instanceof Entry entry)) {
			return null;
		}
		if (now >= entry.idleDeadline() || now >= entry.absolute() || now - entry.lastAccess() >= touchMillis) {
			return null;
		}
		this.hits.incrementAndGet();
		return entry.reply();
	}

	/**
	 * Run the load script on the tracking connection, so that Redis reports every later
	 * change of the key, and keep a live session's reply.
	 * @return the script's reply, or {@code null} when the cache is not serving (the
	 * caller loads the usual way)
	 */
	@Nullable List<String> load(String storageId, List<String> args) {
		StatefulRedisConnection<String, String> current = this.connection;
		if (!isServing() || current == null) {
			return null;
		}
		Pending pending = new Pending(this.epoch.get());
		this.entries.put(storageId, pending);
		List<String> reply;
		try {
			reply = evaluate(current, this.keys.session(storageId), args);
		}
		catch (RedisException ex) {
			this.entries.asMap().remove(storageId, pending);
			// The tracking connection failed: serve nothing from memory until it is back.
			lost("a load failed (" + ex.getMessage() + ")");
			return null;
		}
		Entry entry = Entry.of(reply);
		if (entry == null || !this.entries.asMap().replace(storageId, pending, entry)) {
			this.entries.asMap().remove(storageId, pending);
		}
		else if (pending.epoch() != this.epoch.get() || !isServing()) {
			// Tracking was lost while the load ran: its reply may predate a change.
			this.entries.invalidate(storageId);
		}
		return reply;
	}

	@SuppressWarnings("unchecked")
	private List<String> evaluate(StatefulRedisConnection<String, String> connection, String key, List<String> args) {
		String[] keys = { key };
		String[] values = args.toArray(new String[0]);
		List<Object> raw;
		try {
			raw = connection.sync().evalsha(this.loadScriptSha, ScriptOutputType.MULTI, keys, values);
		}
		catch (RedisNoScriptException ex) {
			raw = connection.sync().eval(this.loadScript, ScriptOutputType.MULTI, keys, values);
		}
		List<String> reply = new ArrayList<>(raw.size());
		raw.forEach((value) -> reply.add((value != null) ? value.toString() : null));
		return reply;
	}

	/**
	 * Drop this node's copy of sessions it is writing or ending, before the write
	 * returns.
	 * @param storageIds the storage ids
	 */
	void forget(@Nullable String... storageIds) {
		for (String storageId : storageIds) {
			if (storageId != null) {
				this.entries.invalidate(storageId);
			}
		}
	}

	void forget(List<String> storageIds) {
		this.entries.invalidateAll(storageIds);
	}

	private void onPush(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		this.invalidations.incrementAndGet();
		List<Object> content = message.getContent();
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (!(keys instanceof List<?> list)) {
			// A null key list: Redis flushed its tracking table (FLUSHALL, or its
			// tracking-table-max-keys limit), so every copy is suspect.
			flush();
			return;
		}
		for (Object key : list) {
			String name = (key instanceof ByteBuffer buffer)
					? StandardCharsets.UTF_8.decode(buffer.duplicate()).toString() : String.valueOf(key);
			String storageId = this.keys.storageIdOfSession(name);
			if (storageId != null) {
				this.entries.invalidate(storageId);
			}
		}
	}

	private void flush() {
		this.epoch.incrementAndGet();
		this.entries.invalidateAll();
	}

	/**
	 * Open a tracking connection.
	 * @return {@code false} only when Redis refused client tracking (a lasting
	 * misconfiguration); {@code true} when tracking is on or Redis could not be reached
	 * (the reconnect task tries again)
	 */
	private synchronized boolean connect() {
		if (this.closed) {
			return true;
		}
		StatefulRedisConnection<String, String> created = null;
		try {
			created = this.client.connect(StringCodec.UTF8);
			created.addListener(this::onPush);
			created.addListener(new RedisConnectionStateListener() {

				@Override
				public void onRedisDisconnected(RedisChannelHandler<?, ?> disconnected) {
					// At once, not at the next check: invalidations are being missed. (A
					// replaced connection closing later changes nothing.)
					if (disconnected == NearCache.this.connection) {
						lost("the tracking connection closed");
					}
				}

			});
			created.sync().clientTracking(TrackingArgs.Builder.enabled().noloop());
			// The server-side id of the tracking client: Lettuce may reconnect this
			// connection on its own, as a new client that does not track.
			long id = created.sync().clientId();
			flush();
			this.trackedClientId = id;
			this.connection = created;
			this.tracking = true;
			this.reportedDown = false;
			logger.info("Session near cache: tracking connection established");
			return true;
		}
		catch (RedisCommandExecutionException ex) {
			close(created);
			logger.error("Session near cache: Redis refused client tracking (" + ex.getMessage() + ")");
			return false;
		}
		catch (RedisException | IllegalArgumentException ex) {
			close(created);
			// Once per outage, not on every attempt.
			if (!this.reportedDown) {
				logger.warn("Session near cache: no tracking connection (" + ex.getMessage() + "); serving from Redis");
				this.reportedDown = true;
			}
			return true;
		}
	}

	private static void close(@Nullable StatefulRedisConnection<String, String> connection) {
		if (connection != null) {
			connection.closeAsync();
		}
	}

	/**
	 * Checks the tracking connection; a dropped one is replaced by a new connection that
	 * tracks again before anything is served from memory (Lettuce's own reconnect would
	 * bring back a connection that no longer tracks).
	 */
	private void checkSafely() {
		try {
			reconnectIfNeeded();
		}
		catch (RuntimeException ex) {
			// A task that throws is never run again: stay bypassed and try next time.
			lost("the check failed (" + ex.getMessage() + ")");
		}
	}

	private void reconnectIfNeeded() {
		StatefulRedisConnection<String, String> current = this.connection;
		if (current != null && current.isOpen() && this.tracking && stillTracks(current)) {
			return;
		}
		lost("the tracking connection is down");
		if (current != null) {
			current.closeAsync();
		}
		this.connection = null;
		connect();
	}

	/**
	 * Whether the connection still answers as the client that turned tracking on: a
	 * connection cut without a close (a network partition) would otherwise look alive
	 * while invalidations are missed, and one Lettuce reconnected by itself is a new
	 * client that does not track.
	 */
	private boolean stillTracks(StatefulRedisConnection<String, String> connection) {
		try {
			Long id = connection.async().clientId().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return id != null && id == this.trackedClientId;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException | RedisException ex) {
			return false;
		}
	}

	private void lost(String why) {
		if (this.tracking) {
			logger.warn("Session near cache bypassed: " + why);
		}
		this.tracking = false;
		flush();
	}

	/**
	 * Stop serving, close the tracking connection and drop every copy.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.tracking = false;
		this.reconnects.shutdownNow();
		StatefulRedisConnection<String, String> current = this.connection;
		if (current != null) {
			current.close();
		}
		flush();
	}

	/**
	 * A load in progress; replaced by its entry only if no invalidation or write removed
	 * it. Compared by identity (not a record): a later load's marker must never stand in
	 * for an earlier one that a write removed.
	 */
	private static final class Pending {

		private final long epoch;

		Pending(long epoch) {
			this.epoch = epoch;
		}

		long epoch() {
			return this.epoch;
		}

	}

	/** A live session's load reply, with the deadlines it is served within. */
	private record Entry(List<String> reply, long lastAccess, long idleDeadline, long absolute) {

		static @Nullable Entry of(List<String> reply) {
			if (reply.isEmpty() || !"ok".equals(reply.get(0))) {
				return null;
			}
			String last = null;
			String idle = null;
			String absolute = null;
			for (int i = 1; i + 1 < reply.size(); i += 2) {
				switch (reply.get(i)) {
					case "lastAccess" -> last = reply.get(i + 1);
					case "idle" -> idle = reply.get(i + 1);
					case "absolute" -> absolute = reply.get(i + 1);
					default -> {
					}
				}
			}
			try {
				long lastAccess = Long.parseLong(String.valueOf(last));
				return new Entry(List.copyOf(reply), lastAccess, lastAccess + Long.parseLong(String.valueOf(idle)),
						Long.parseLong(String.valueOf(absolute)));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

}
