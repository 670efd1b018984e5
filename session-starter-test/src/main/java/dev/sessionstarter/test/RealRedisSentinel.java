package dev.sessionstarter.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A Redis Sentinel deployment on loopback for failover tests: one primary, one replica
 * and three sentinels (quorum two), all real {@code redis-server} processes (a sentinel
 * is {@code redis-server <config> --sentinel}). Sentinels declare the primary down after
 * one second, so a failover takes a few seconds. Every process has the watchdog of the
 * other servers this module starts, so a killed JVM leaves none behind; {@link #stop()}
 * ends them all.
 *
 * @author session-starter
 */
public final class RealRedisSentinel {

	/**
	 * The name the sentinels monitor the primary under
	 * ({@code spring.data.redis.sentinel.master}).
	 */
	public static final String MASTER_NAME = "sessions";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private final DedicatedRedis.Executable executable;

	private final List<LocalRedisProcess> servers = new ArrayList<>();

	private final List<LocalRedisProcess> sentinels = new ArrayList<>();

	private final Path configDirectory = TempDirectory.create("session-starter-sentinel-");

	private RealRedisSentinel(DedicatedRedis.Executable executable) {
		this.executable = executable;
	}

	/**
	 * Starts the primary, the replica and the sentinels, and returns once the replica is
	 * in sync and every sentinel knows the replica and the two other sentinels.
	 * @return the running deployment
	 * @throws RealRedisUnavailableException if no local redis-server binary can be run
	 */
	public static RealRedisSentinel start() {
		RealRedisSentinel deployment = new RealRedisSentinel(RedisLookup.localBinary(LookupSettings.fromEnvironment()));
		Runtime.getRuntime().addShutdownHook(new Thread(deployment::stop, "real-redis-sentinel-shutdown"));
		try {
			deployment.startAll();
			return deployment;
		}
		catch (RuntimeException ex) {
			deployment.stop();
			throw ex;
		}
	}

	private void startAll() {
		LocalRedisProcess primary = server(LocalRedisProcess.Options.NONE);
		server(LocalRedisProcess.Options.of("--replicaof", LocalRedisProcess.HOST, Integer.toString(primary.port())));
		for (int i = 0; i < 3; i++) {
			Path config = this.configDirectory.resolve("sentinel-" + i + ".conf");
			write(config,
					String.join("\n",
							"sentinel monitor " + MASTER_NAME + " " + LocalRedisProcess.HOST + " " + primary.port()
									+ " 2",
							"sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
							"sentinel failover-timeout " + MASTER_NAME + " 10000", ""));
			this.sentinels.add(process(new LocalRedisProcess.Options(config, List.of("--sentinel"))));
		}
		await("the replica to sync with the primary",
				() -> info(replicaPort(), "replication").contains("master_link_status:up"));
		await("every sentinel to see the replica and two other sentinels", () -> this.sentinels.stream()
			.map((sentinel) -> render(send(sentinel.port(), "SENTINEL", "MASTER", MASTER_NAME)))
			.allMatch((master) -> master.contains("num-slaves\n1") && master.contains("num-other-sentinels\n2")));
	}

	private LocalRedisProcess server(LocalRedisProcess.Options options) {
		LocalRedisProcess server = process(options);
		this.servers.add(server);
		return server;
	}

	private LocalRedisProcess process(LocalRedisProcess.Options options) {
		DedicatedRedis.Executable.Prepared prepared = this.executable.prepare();
		return LocalRedisProcess.start(prepared.binary(), prepared.extractedDirectory(), options);
	}

	/**
	 * The sentinels' addresses ({@code spring.data.redis.sentinel.nodes}).
	 * @return {@code host:port} of each sentinel
	 */
	public List<String> sentinelNodes() {
		return this.sentinels.stream().map((sentinel) -> LocalRedisProcess.HOST + ":" + sentinel.port()).toList();
	}

	/**
	 * The port of the server that started as primary.
	 * @return the port
	 */
	public int primaryPort() {
		return this.servers.get(0).port();
	}

	/**
	 * The port of the server that started as replica.
	 * @return the port
	 */
	public int replicaPort() {
		return this.servers.get(1).port();
	}

	/**
	 * Waits until the replica has acknowledged every write the primary took so far
	 * ({@code WAIT 1}), so that nothing written before a failover is lost by it.
	 */
	public void awaitReplicated() {
		Object acknowledged = send(primaryPort(), "WAIT", "1", Long.toString(READY_TIMEOUT.toMillis()));
		if (!Long.valueOf(1).equals(acknowledged)) {
			throw new IllegalStateException("The replica did not acknowledge the primary's writes: " + acknowledged);
		}
	}

	/**
	 * Kills the primary with {@code SIGKILL}, as a crashed machine would go: no shutdown,
	 * no last words to the replica.
	 */
	public void killPrimary() {
		LocalRedisProcess primary = this.servers.get(0);
		primary.processHandle().destroyForcibly();
		primary.stop();
	}

	/**
	 * Waits until the sentinels have promoted the replica.
	 * @return the port of the new primary (the former replica)
	 * @throws IllegalStateException if no failover happens in time
	 */
	public int awaitFailover() {
		await("the sentinels to promote the replica", () -> this.sentinels.stream()
			.allMatch((sentinel) -> render(send(sentinel.port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME))
				.endsWith("\n" + replicaPort())) && info(replicaPort(), "replication").contains("role:master"));
		return replicaPort();
	}

	/**
	 * Sends a command to one of the deployment's servers and renders the reply as
	 * {@link RealRedis#command} does.
	 * @param port the server's port
	 * @param args the command and its arguments
	 * @return the rendered reply, or {@code null} for a nil reply
	 */
	public @Nullable String command(int port, String... args) {
		Object reply = send(port, args);
		return (reply != null) ? render(reply) : null;
	}

	/**
	 * Stops every process and deletes the sentinels' configuration. Safe to call twice.
	 */
	public synchronized void stop() {
		this.sentinels.forEach(LocalRedisProcess::stop);
		this.servers.forEach(LocalRedisProcess::stop);
		this.sentinels.clear();
		this.servers.clear();
		TempDirectory.delete(this.configDirectory);
	}

	private static String info(int port, String section) {
		return String.valueOf(send(port, "INFO", section));
	}

	private static @Nullable Object send(int port, String... args) {
		return new NodeCommands(LocalRedisProcess.HOST, List.of(port)).send(args);
	}

	private static String render(@Nullable Object reply) {
		if (reply instanceof List<?> items) {
			List<String> lines = new ArrayList<>();
			items.forEach((item) -> lines.add(render(item)));
			return String.join("\n", lines);
		}
		return String.valueOf(reply);
	}

	private static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (condition.getAsBoolean()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// Not there yet (a server still starting, a sentinel still electing).
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + what, ex);
			}
		}
		throw new IllegalStateException("Timed out after " + READY_TIMEOUT.toSeconds() + "s waiting for " + what);
	}

	private static void write(Path file, String content) {
		try {
			Files.writeString(file, content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not write " + file, ex);
		}
	}

}
