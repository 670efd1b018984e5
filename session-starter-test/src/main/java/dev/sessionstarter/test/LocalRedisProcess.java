package dev.sessionstarter.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} binary (from {@code PATH} or extracted from the bundled jar) run
 * as a child process on a free loopback port, without persistence, in a private
 * directory. A {@linkplain DedicatedRedis dedicated} server instead persists every write
 * into a data directory that outlives the process, on a port it chose before.
 */
final class LocalRedisProcess implements RunningRedis {

	static final String HOST = "127.0.0.1";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private static final int PORT_ATTEMPTS = 3;

	/**
	 * Started as
	 * {@code sh -c WATCHDOG redis-watchdog <work-dir> <bin-dir> <binary> <args>}. The
	 * shell moves the pipe the JVM holds as our stdin to fd 3 (a background job's own
	 * stdin would be {@code /dev/null}), starts a watcher blocked reading it, then
	 * {@code exec}s redis-server so the JVM's child pid <em>is</em> redis-server and
	 * {@code destroy()} reaches it directly. If the JVM dies, even by {@code kill -9}
	 * with no shutdown hook, the kernel closes its end of the pipe, the watcher reads EOF
	 * and kills redis-server: no orphan keeps a port and memory after a crashed build. It
	 * then removes the two temporary directories (the second may be empty), which no
	 * shutdown hook will delete after a crash.
	 */
	private static final String WATCHDOG = """
			work=$1; extracted=$2; shift 2
			exec 3<&0 0</dev/null
			( cat >/dev/null <&3; kill -9 $$; sleep 1; rm -rf -- "$work" ${extracted:+"$extracted"} ) >/dev/null 2>&1 &
			exec "$@" 3<&-
			""";

	private final Process process;

	private final int port;

	private final Path directory;

	private final OutputTail output;

	private LocalRedisProcess(Process process, int port, Path directory, OutputTail output) {
		this.process = process;
		this.port = port;
		this.directory = directory;
		this.output = output;
	}

	/**
	 * Starts the binary and waits until it answers PING.
	 * @param binary the redis-server executable
	 * @param extractedDirectory a temporary directory holding the binary, to delete if
	 * the JVM dies, or {@code null}
	 * @return the running server
	 */
	static LocalRedisProcess start(Path binary, @Nullable Path extractedDirectory) {
		return onFreePort((port) -> startOnce(binary, extractedDirectory, port, null, Options.NONE));
	}

	/**
	 * Starts the binary on a free port with more options (a cluster node, a sentinel, a
	 * TLS listener) and waits until it answers PING on that (plain-text) port.
	 * @param binary the redis-server executable
	 * @param extractedDirectory a temporary directory holding the binary, to delete if
	 * the JVM dies, or {@code null}
	 * @param options the extra options
	 * @return the running server
	 */
	static LocalRedisProcess start(Path binary, @Nullable Path extractedDirectory, Options options) {
		return onFreePort((port) -> startOnce(binary, extractedDirectory, port, null, options));
	}

	/**
	 * Starts the binary on a given port with persistence ({@code appendonly yes},
	 * {@code appendfsync always}) into {@code dataDirectory}, so a later process started
	 * on the same directory finds every write again; waits until it answers PING.
	 * @param binary the redis-server executable
	 * @param extractedDirectory a temporary directory holding the binary, to delete if
	 * the JVM dies, or {@code null}
	 * @param port the port to listen on
	 * @param dataDirectory the directory for the append-only file, which this class never
	 * deletes
	 * @return the running server
	 * @throws PortTakenException if the port is in use
	 */
	static LocalRedisProcess startPersistent(Path binary, @Nullable Path extractedDirectory, int port,
			Path dataDirectory) {
		return startOnce(binary, extractedDirectory, port, dataDirectory, Options.NONE);
	}

	/**
	 * Runs {@code starter} with a free loopback port, again with another port when
	 * redis-server finds it taken.
	 */
	static <T> T onFreePort(IntFunction<T> starter) {
		for (int attempt = 1;; attempt++) {
			try {
				return starter.apply(freeLoopbackPort());
			}
			catch (PortTakenException ex) {
				// Another process grabbed the port between our probe and redis' bind.
				if (attempt == PORT_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private static LocalRedisProcess startOnce(Path binary, @Nullable Path extractedDirectory, int port,
			@Nullable Path dataDirectory, Options options) {
		Path directory = TempDirectory.create("session-starter-redis-");
		List<String> command = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "redis-watchdog", directory.toString(),
				(extractedDirectory != null) ? extractedDirectory.toString() : "", binary.toString()));
		if (options.configFile() != null) {
			// redis-server reads a configuration file only as its first argument.
			command.add(options.configFile().toString());
		}
		command.addAll(List.of("--port", String.valueOf(port), "--bind", HOST, "--save", ""));
		command.addAll(options.arguments());
		if (dataDirectory != null) {
			command
				.addAll(List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", dataDirectory.toString()));
		}
		else {
			command.addAll(List.of("--appendonly", "no", "--dir", directory.toString()));
		}
		command.addAll(List.of("--daemonize", "no"));
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			TempDirectory.delete(directory);
			throw new UncheckedIOException("Could not start " + binary + " through sh", ex);
		}
		LocalRedisProcess server = new LocalRedisProcess(process, port, directory, OutputTail.follow(process));
		try {
			server.awaitPing(binary);
		}
		catch (RuntimeException ex) {
			server.stop();
			throw ex;
		}
		return server;
	}

	private void awaitPing(Path binary) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				String log = this.output.awaitText();
				if (log.contains("Address already in use")) {
					throw new PortTakenException(log);
				}
				throw new IllegalStateException(binary + " exited with code " + this.process.exitValue()
						+ " before answering PING. Its output:\n" + log);
			}
			if (answersPing()) {
				return;
			}
			sleep(50);
		}
		throw new IllegalStateException(binary + " did not answer PING on " + HOST + ":" + this.port + " within "
				+ STARTUP_TIMEOUT.toSeconds() + "s. Its output:\n" + this.output.text());
	}

	private boolean answersPing() {
		try (RespClient client = RespClient.connect(HOST, this.port)) {
			return "PONG".equals(client.send("PING"));
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	@Override
	public String host() {
		return HOST;
	}

	@Override
	public int port() {
		return this.port;
	}

	ProcessHandle processHandle() {
		return this.process.toHandle();
	}

	/**
	 * Closes our end of the watchdog's pipe, exactly as a crashing JVM would.
	 */
	void closeWatchdogPipe() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Already closed: the watchdog has its EOF either way.
		}
	}

	@Override
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		// Only now release the watchdog: it kill -9s a pid we have already reaped, which
		// Linux hands out again only after wrapping around pid_max.
		closeWatchdogPipe();
		TempDirectory.delete(this.directory);
	}

	private static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port on " + HOST, ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for redis-server", ex);
		}
	}

	/**
	 * The last lines redis-server printed, kept for error messages. Reading the pipe also
	 * keeps redis-server from blocking on a full stdout buffer.
	 */
	private static final class OutputTail {

		private static final int MAX_LINES = 60;

		private final Deque<String> lines = new ArrayDeque<>();

		private final Thread reader;

		private OutputTail(Process process) {
			this.reader = new Thread(() -> drain(process), "redis-server-output");
			this.reader.setDaemon(true);
		}

		static OutputTail follow(Process process) {
			OutputTail tail = new OutputTail(process);
			tail.reader.start();
			return tail;
		}

		private void drain(Process process) {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					synchronized (this.lines) {
						if (this.lines.size() == MAX_LINES) {
							this.lines.removeFirst();
						}
						this.lines.addLast(line);
					}
				}
			}
			catch (IOException ex) {
				// The process is gone; what we have read is all there is.
			}
		}

		/**
		 * The output after the process exited, once the reader has caught up.
		 */
		String awaitText() {
			try {
				this.reader.join(2_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return text();
		}

		String text() {
			synchronized (this.lines) {
				return String.join("\n", this.lines);
			}
		}

	}

	/**
	 * What a server needs beyond the defaults.
	 *
	 * @param configFile a configuration file to start from (a sentinel needs one it may
	 * rewrite), or {@code null}
	 * @param arguments more command-line options, e.g. {@code --cluster-enabled yes}
	 */
	record Options(@Nullable Path configFile, List<String> arguments) {

		static final Options NONE = new Options(null, List.of());

		static Options of(String... arguments) {
			return new Options(null, List.of(arguments));
		}

	}

	/**
	 * redis-server could not bind the port we picked.
	 */
	static final class PortTakenException extends RuntimeException {

		PortTakenException(String output) {
			super("redis-server could not bind the free port it was given (" + PORT_ATTEMPTS
					+ " attempts for a new server, one for a restart). Its output:\n" + output);
		}

	}

}
