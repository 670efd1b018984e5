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

package dev.sessionstarter.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts Redis round trips: the commands clients send, told apart from the commands Lua
 * scripts run (which {@code INFO commandstats} counts alike), using Redis's
 * {@code MONITOR}. Use it to assert that an operation costs a given number of round
 * trips, never to measure time:
 *
 * <pre class="code">
 * try (RedisMonitor monitor = RedisMonitor.start(redis)) {
 *     store.findById(token);
 *     assertThat(monitor.roundTrips()).isEqualTo(Map.of("evalsha", 1L));
 * }
 * </pre>
 *
 * {@code MONITOR} slows Redis down; keep it to tests.
 *
 * @author session-starter
 */
public final class RedisMonitor implements AutoCloseable {

	// +1700000000.123456 [0 127.0.0.1:50000] "evalsha" "..." or [0 lua] "hgetall" "..."
	private static final Pattern LINE = Pattern.compile("^\\+\\d+\\.\\d+ \\[\\d+ ([^\\]]+)\\] \"([^\"]+)\"(.*)$");

	private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(10);

	private final RealRedis redis;

	private final Socket socket;

	private final BufferedReader in;

	private final List<String[]> seen = new ArrayList<>();

	private RedisMonitor(RealRedis redis) throws IOException {
		this.redis = redis;
		this.socket = new Socket(redis.host(), redis.port());
		this.socket.setSoTimeout((int) SYNC_TIMEOUT.toMillis());
		OutputStream out = this.socket.getOutputStream();
		out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		this.in = new BufferedReader(new InputStreamReader(this.socket.getInputStream(), StandardCharsets.ISO_8859_1));
		String reply = this.in.readLine();
		if (!"+OK".equals(reply)) {
			throw new IllegalStateException("MONITOR was refused: " + reply);
		}
	}

	/**
	 * Start monitoring; every command executed from now on is seen.
	 * @param redis the server
	 * @return the monitor, to close when done
	 */
	public static RedisMonitor start(RealRedis redis) {
		try {
			return new RedisMonitor(redis);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot monitor " + redis.uri(), ex);
		}
	}

	/**
	 * Commands sent by clients since the monitor started, by lower-case name: one entry
	 * per round trip (pipelined commands each count). Waits until Redis has executed
	 * everything sent before this call.
	 * @return round trips by command name
	 */
	public Map<String, Long> roundTrips() {
		return count(false);
	}

	/**
	 * Commands run inside Lua scripts since the monitor started, by lower-case name.
	 * @return script commands by command name
	 */
	public Map<String, Long> scriptCommands() {
		return count(true);
	}

	private synchronized Map<String, Long> count(boolean inScripts) {
		sync();
		Map<String, Long> counts = new TreeMap<>();
		for (String[] command : this.seen) {
			if (command[0].equals("lua") == inScripts) {
				counts.merge(command[1], 1L, Long::sum);
			}
		}
		return counts;
	}

	/**
	 * Reads the feed up to a marker sent now: Redis executes and reports commands in
	 * order, so everything before the marker has been seen when it arrives.
	 */
	private void sync() {
		String marker = "session-starter-monitor-" + UUID.randomUUID();
		this.redis.command("ECHO", marker);
		try {
			for (String line = this.in.readLine(); line != null; line = this.in.readLine()) {
				if (line.contains(marker)) {
					return;
				}
				Matcher matcher = LINE.matcher(line);
				if (matcher.find()) {
					String command = matcher.group(2).toLowerCase(Locale.ROOT);
					if (!isHarness(command, matcher.group(3))) {
						this.seen.add(new String[] { matcher.group(1).equals("lua") ? "lua" : "client", command });
					}
				}
			}
			throw new IllegalStateException("MONITOR connection closed");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("MONITOR feed stopped", ex);
		}
	}

	private static boolean isHarness(String command, String arguments) {
		return command.equals("info") || (command.equals("echo") && arguments.contains("session-starter-monitor-"));
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closing only.
		}
	}

}
