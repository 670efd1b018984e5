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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches Redis with {@code MONITOR} to tell round trips from commands: {@code INFO
 * commandstats} also counts the commands a Lua script runs, while {@code MONITOR} marks
 * those with {@code [0 lua]}. Used only in the quiet counting pass, never under load
 * (monitoring slows Redis down).
 *
 * @author session-starter
 */
final class RedisMonitor implements AutoCloseable {

	/** Prefix of commands run inside a script. */
	static final String IN_SCRIPT = "lua:";

	// +1700000000.123456 [0 127.0.0.1:50000] "evalsha" "..." or [0 lua] "hgetall" "..."
	private static final Pattern LINE = Pattern.compile("^\\+\\d+\\.\\d+ \\[\\d+ ([^\\]]+)\\] \"([^\"]+)\"");

	private final Socket socket;

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final Thread reader;

	RedisMonitor(String host, int port) throws IOException {
		this.socket = new Socket(host, port);
		OutputStream out = this.socket.getOutputStream();
		out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		BufferedReader in = new BufferedReader(
				new InputStreamReader(this.socket.getInputStream(), StandardCharsets.ISO_8859_1));
		this.reader = new Thread(() -> read(in), "redis-monitor");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	private void read(BufferedReader in) {
		try {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				Matcher matcher = LINE.matcher(line);
				if (matcher.find()) {
					String command = matcher.group(2).toLowerCase(java.util.Locale.ROOT);
					// The harness's own INFO calls are not the application's.
					if (!command.equals("info")) {
						String key = (matcher.group(1).equals("lua") ? IN_SCRIPT : "") + command;
						this.counts.computeIfAbsent(key, (k) -> new LongAdder()).increment();
					}
				}
			}
		}
		catch (IOException ex) {
			// Closed.
		}
	}

	/**
	 * Returns the counts so far: command name for commands a client sent (round trips),
	 * {@code lua:} and the name for commands a script ran.
	 * @return counts by command, sorted
	 */
	Map<String, Long> snapshot() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.counts.forEach((command, count) -> snapshot.put(command, count.sum()));
		return snapshot;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
