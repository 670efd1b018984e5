package dev.sessionstarter.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Handle to a real Redis server shared by everything in this JVM: tests, and a sample
 * application's {@code main} at development time. {@link #get()} obtains it on first use,
 * trying in order:
 * <ol>
 * <li>{@code SESSION_STARTER_TEST_REDIS} — a {@code redis://host:port} URL to an
 * existing, throwaway server (tests flush it!);</li>
 * <li>Testcontainers ({@code redis:7-alpine}) when a Docker engine answers;</li>
 * <li>a {@code redis-server} binary on {@code PATH};</li>
 * <li>the redis-server binary shipped in
 * {@code com.github.codemonstur:embedded-redis}.</li>
 * </ol>
 * {@code SESSION_STARTER_TEST_REDIS_SOURCE=env|testcontainers|path|bundled} forces one
 * source. Servers this class starts listen on {@code 127.0.0.1} only, persist nothing and
 * stop when the JVM exits — also when it is killed hard. If no source works,
 * {@link RealRedisUnavailableException} says what to install.
 * <p>
 * {@code SESSION_STARTER_TEST_REDIS_TOPOLOGY=cluster} makes the shared server a loopback
 * Redis Cluster of three primaries instead (from a local binary, 3 or 4 above); see
 * {@link #isCluster()}.
 * <p>
 * The inspection methods ({@link #command}, {@link #commandStats}, {@link #flushAll}) use
 * their own short-lived plain socket, never the application's Lettuce connections.
 * <p>
 * To test what an application does while Redis is down, {@link #startDedicated()} starts
 * a server of the caller's own that {@link #stop()} and {@link #restart()} take away and
 * bring back on the same port, with its data.
 */
public final class RealRedis {

	private static final Log logger = LogFactory.getLog(RealRedis.class);

	private static @Nullable RealRedis shared;

	private static @Nullable RealRedisUnavailableException sharedFailure;

	private final String source;

	private final RunningRedis server;

	private RealRedis(String source, RunningRedis server) {
		this.source = source;
		this.server = server;
	}

	/**
	 * Returns the server shared by this JVM, starting it on the first call. Safe to call
	 * from any thread, in or outside JUnit.
	 * @return the running server
	 * @throws RealRedisUnavailableException if no source can provide Redis
	 */
	public static synchronized RealRedis get() {
		if (shared != null) {
			return shared;
		}
		if (sharedFailure != null) {
			// Don't repeat a slow, doomed lookup for every test class; repeat its
			// message.
			throw new RealRedisUnavailableException(sharedFailure.getMessage(), sharedFailure);
		}
		try {
			RealRedis redis = start(LookupSettings.fromEnvironment());
			Runtime.getRuntime().addShutdownHook(new Thread(redis.server::stop, "real-redis-shutdown"));
			shared = redis;
			logger.info("Using Redis " + redis.version() + " (" + redis.source() + ") at " + redis.uri()
					+ (redis.isCluster() ? " as a Cluster of nodes " + redis.nodePorts() : ""));
			return redis;
		}
		catch (RealRedisUnavailableException ex) {
			sharedFailure = ex;
			throw ex;
		}
	}

	/**
	 * Starts a separate server, not the shared one; the caller must {@link #stop()} it.
	 */
	static RealRedis start(LookupSettings settings) {
		String topology = LookupSettings.topology();
		RedisLookup.Found found = switch (topology) {
			case "standalone" -> RedisLookup.find(settings);
			case "cluster" -> RedisLookup.startCluster(settings);
			default -> throw new RealRedisUnavailableException(LookupSettings.TOPOLOGY_VARIABLE + "='" + topology
					+ "' is not a topology; use standalone (the default) or cluster.");
		};
		return new RealRedis(found.source(), found.server());
	}

	/**
	 * Starts a separate loopback Cluster of three primaries; the caller must
	 * {@link #stop()} it.
	 */
	static RealRedis startCluster(LookupSettings settings) {
		RedisLookup.Found found = RedisLookup.startCluster(settings);
		return new RealRedis(found.source(), found.server());
	}

	/**
	 * Starts a new local Redis for the caller alone, never the shared server: a
	 * {@code redis-server} process from {@code PATH}, else the bundled binary (a URL in
	 * {@code SESSION_STARTER_TEST_REDIS} and Testcontainers are not used, since neither
	 * is a process this class can stop and start again; a forced {@code path} or
	 * {@code bundled} source is honoured). It listens on {@code 127.0.0.1} at a free port
	 * and, unlike the shared server, persists every write (append-only file,
	 * {@code appendfsync always}) into a private temporary directory, so that
	 * {@link #restart()} brings the data back, as a production Redis with AOF would.
	 * <p>
	 * Use it to test outages: {@link #stop()} makes the port refuse connections,
	 * {@link #restart()} starts a new process on the same port. It is stopped and its
	 * data deleted when the JVM exits; if the JVM is killed hard, the watchdog still
	 * kills the process (only the small data directory may remain in the temporary
	 * directory). Each call starts another server; start one per test class, not per
	 * test.
	 * @return the running server, with {@link #source()} {@code path} or {@code bundled}
	 * @throws RealRedisUnavailableException if no local redis-server binary can be run
	 */
	public static RealRedis startDedicated() {
		return startDedicated(LookupSettings.fromEnvironment());
	}

	static RealRedis startDedicated(LookupSettings settings) {
		RedisLookup.Found found = RedisLookup.startDedicated(settings);
		RealRedis redis = new RealRedis(found.source(), found.server());
		Runtime.getRuntime().addShutdownHook(new Thread(found.server()::stop, "real-redis-dedicated-shutdown"));
		logger.info("Started dedicated Redis " + redis.version() + " (" + redis.source() + ") at " + redis.uri());
		return redis;
	}

	/**
	 * Stops a server from {@link #startDedicated()}: its process exits (a clean
	 * {@code SIGTERM} shutdown, waited for), so connections to its port are refused until
	 * {@link #restart()}. Its port number and data are kept. Does nothing if it is
	 * already stopped.
	 * @throws IllegalStateException for the shared server from {@link #get()}, which the
	 * rest of the JVM relies on
	 */
	public void stop() {
		if (this.server instanceof DedicatedRedis dedicated) {
			dedicated.stopProcess();
			return;
		}
		synchronized (RealRedis.class) {
			if (this == shared) {
				throw new IllegalStateException(
						"The shared Redis cannot be stopped; use RealRedis.startDedicated() for a server to stop");
			}
		}
		this.server.stop();
	}

	/**
	 * Starts a server from {@link #startDedicated()} again: stops its process if it still
	 * runs, then starts a new {@code redis-server} on the same port and data directory
	 * and returns once it answers PING, with the data written before the stop. Like any
	 * restarted Redis it has no cached Lua scripts.
	 * @throws IllegalStateException if this server is not from {@link #startDedicated()},
	 * or if another process took the port while it was stopped
	 */
	public void restart() {
		if (!(this.server instanceof DedicatedRedis dedicated)) {
			throw new IllegalStateException(
					"Only a server from RealRedis.startDedicated() can be restarted, not " + this);
		}
		dedicated.restart();
	}

	RunningRedis server() {
		return this.server;
	}

	/**
	 * Returns the host to connect to.
	 * @return the host, {@code 127.0.0.1} for servers started here
	 */
	public String host() {
		return this.server.host();
	}

	/**
	 * Returns the port to connect to.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Returns the server's address as a URL.
	 * @return {@code redis://host:port}
	 */
	public String uri() {
		return "redis://" + host() + ":" + port();
	}

	/**
	 * Returns which source provided the server.
	 * @return {@code env}, {@code testcontainers}, {@code path} or {@code bundled}
	 */
	public String source() {
		return this.source;
	}

	/**
	 * Returns the server's version.
	 * @return {@code redis_version} from {@code INFO server}, e.g. {@code 7.0.15}
	 */
	public String version() {
		return RedisInfo.field(info("server"), "redis_version");
	}

	/**
	 * Empties every database and resets what a test may assert on: {@code FLUSHALL},
	 * {@code SCRIPT FLUSH} (so the code under test must cope with {@code NOSCRIPT}, as
	 * Spring Data's script executor does) and {@code CONFIG RESETSTAT}; on every node of
	 * a Cluster.
	 */
	public void flushAll() {
		NodeCommands.of(this.server)
			.sendToEach(List.of(new String[] { "FLUSHALL" }, new String[] { "SCRIPT", "FLUSH" },
					new String[] { "CONFIG", "RESETSTAT" }));
	}

	/**
	 * Returns how often each command ran since the last reset, from
	 * {@code INFO commandstats}, summed over the nodes of a Cluster. Raw: the harness's
	 * own commands ({@code info}, {@code flushall}, {@code script|flush},
	 * {@code config|resetstat}, {@code ping}) are included; use
	 * {@link #commandStatsDelta(Map)} to see only what the code under test did. Redis 7
	 * names subcommands ({@code config|resetstat}); Redis 6.2 does not ({@code config}).
	 * @return lowercase command name to number of calls, sorted by name
	 */
	public Map<String, Long> commandStats() {
		Map<String, Long> total = new TreeMap<>();
		for (List<@Nullable Object> reply : NodeCommands.of(this.server)
			.sendToEach(Collections.singletonList(new String[] { "INFO", "commandstats" }))) {
			RedisInfo.commandStats(String.valueOf(reply.get(0)))
				.forEach((command, calls) -> total.merge(command, calls, Long::sum));
		}
		return Collections.unmodifiableMap(total);
	}

	/**
	 * Whether this is a Redis Cluster (see {@code SESSION_STARTER_TEST_REDIS_TOPOLOGY}).
	 * @return {@code true} for a Cluster, {@code false} for a single server
	 */
	public boolean isCluster() {
		return this.server instanceof LocalRedisCluster;
	}

	/**
	 * Returns the ports of every node: one for a single server, one per primary for a
	 * Cluster, all on {@link #host()}.
	 * @return the ports, the seed {@link #port()} first
	 */
	public List<Integer> nodePorts() {
		return NodeCommands.of(this.server).ports();
	}

	/**
	 * Returns the commands that ran since {@code before} was taken, with how many more
	 * times each ran. {@code info} is left out, since taking the stats runs it.
	 * @param before an earlier result of {@link #commandStats()}
	 * @return lowercase command name to the growth of its call count, only for counts
	 * that grew
	 */
	public Map<String, Long> commandStatsDelta(Map<String, Long> before) {
		Map<String, Long> delta = new TreeMap<>();
		commandStats().forEach((command, calls) -> {
			long grown = calls - before.getOrDefault(command, 0L);
			if (grown > 0 && !command.equals("info")) {
				delta.put(command, grown);
			}
		});
		return Collections.unmodifiableMap(delta);
	}

	/**
	 * Sends one raw command and renders the reply as text: strings as they are, integers
	 * in decimal, arrays as their elements joined by {@code '\n'} (nested arrays
	 * flattened, nil elements as empty lines).
	 * @param args the command and its arguments, e.g. {@code "PTTL", "key"} In a Cluster,
	 * a command about a key goes to the node that holds its slot.
	 * @return the rendered reply, or {@code null} for a nil reply such as a missing key
	 * @throws IllegalStateException if Redis replies with an error
	 */
	public @Nullable String command(String... args) {
		Object reply = NodeCommands.of(this.server).send(args);
		return (reply != null) ? render(reply) : null;
	}

	/**
	 * Sends one raw command to one node, without following {@code MOVED}; rendered as by
	 * {@link #command}. Lets a test act on one Cluster node only, e.g. pause it.
	 * @param port the node's port, one of {@link #nodePorts()}
	 * @param args the command and its arguments
	 * @return the rendered reply, or {@code null} for a nil reply
	 * @throws IllegalStateException if Redis replies with an error
	 */
	public @Nullable String commandOn(int port, String... args) {
		Object reply = NodeCommands.of(this.server).sendTo(port, args);
		return (reply != null) ? render(reply) : null;
	}

	/**
	 * Returns the port of the node that holds a key: in a Cluster the node serving the
	 * key's hash slot, else the only port.
	 * @param key the key
	 * @return one of {@link #nodePorts()}
	 */
	public int nodePortOf(String key) {
		return NodeCommands.of(this.server).portOf(key);
	}

	private String info(String section) {
		String info = command("INFO", section);
		return (info != null) ? info : "";
	}

	private static String render(Object reply) {
		if (reply instanceof List<?> items) {
			List<String> lines = new ArrayList<>();
			for (Object item : items) {
				lines.add((item != null) ? render(item) : "");
			}
			return String.join("\n", lines);
		}
		return String.valueOf(reply);
	}

	@Override
	public String toString() {
		return "RealRedis[" + uri() + " from " + this.source + "]";
	}

}
