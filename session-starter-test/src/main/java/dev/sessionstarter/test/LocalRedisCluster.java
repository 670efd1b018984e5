package dev.sessionstarter.test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of three primaries (no replicas) on loopback, formed from plain
 * {@code redis-server --cluster-enabled yes} processes with {@code CLUSTER ADDSLOTS} and
 * {@code CLUSTER MEET}, so it needs neither {@code redis-cli} nor Docker. Each process
 * has the usual watchdog of {@link LocalRedisProcess}, so a killed JVM leaves no node
 * behind. {@link #host()} and {@link #port()} name the first node, the seed clients start
 * from.
 *
 * @author session-starter
 */
final class LocalRedisCluster implements RunningRedis {

	static final int SLOTS = 16384;

	private static final long FORMATION_TIMEOUT_MILLIS = 30_000;

	private final List<LocalRedisProcess> nodes;

	private LocalRedisCluster(List<LocalRedisProcess> nodes) {
		this.nodes = nodes;
	}

	/**
	 * Starts the nodes, assigns each an equal share of the slots, introduces them to each
	 * other and waits until every node reports {@code cluster_state:ok}.
	 * @param executable where the redis-server binary comes from
	 * @param primaries how many primaries
	 * @return the formed cluster
	 */
	static LocalRedisCluster start(DedicatedRedis.Executable executable, int primaries) {
		List<LocalRedisProcess> nodes = new ArrayList<>();
		LocalRedisCluster cluster = new LocalRedisCluster(nodes);
		try {
			for (int i = 0; i < primaries; i++) {
				DedicatedRedis.Executable.Prepared prepared = executable.prepare();
				nodes.add(LocalRedisProcess.start(prepared.binary(), prepared.extractedDirectory(),
						LocalRedisProcess.Options.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
								"--cluster-node-timeout", "5000")));
			}
			cluster.form();
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.stop();
			throw ex;
		}
	}

	private void form() {
		int share = SLOTS / this.nodes.size();
		for (int i = 0; i < this.nodes.size(); i++) {
			int first = i * share;
			int last = (i == this.nodes.size() - 1) ? SLOTS - 1 : first + share - 1;
			List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
			// ADDSLOTS rather than ADDSLOTSRANGE, which Redis 6.2 lacks.
			for (int slot = first; slot <= last; slot++) {
				command.add(Integer.toString(slot));
			}
			send(this.nodes.get(i), command.toArray(String[]::new));
		}
		for (LocalRedisProcess node : this.nodes.subList(1, this.nodes.size())) {
			send(this.nodes.get(0), "CLUSTER", "MEET", LocalRedisProcess.HOST, Integer.toString(node.port()));
		}
		awaitFormed();
	}

	private void awaitFormed() {
		long deadline = System.currentTimeMillis() + FORMATION_TIMEOUT_MILLIS;
		String last = "";
		while (System.currentTimeMillis() < deadline) {
			boolean formed = true;
			for (LocalRedisProcess node : this.nodes) {
				last = String.valueOf(send(node, "CLUSTER", "INFO"));
				formed &= last.contains("cluster_state:ok") && last.contains("cluster_known_nodes:" + this.nodes.size())
						&& last.contains("cluster_slots_ok:" + SLOTS);
			}
			if (formed) {
				return;
			}
			pause();
		}
		throw new IllegalStateException("The loopback Redis Cluster on ports " + ports() + " did not form within "
				+ FORMATION_TIMEOUT_MILLIS / 1000 + "s; last CLUSTER INFO:\n" + last);
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while forming the Redis Cluster", ex);
		}
	}

	private static Object send(LocalRedisProcess node, String... command) {
		try (RespClient client = RespClient.connect(node.host(), node.port())) {
			Object reply = client.send(command);
			return (reply != null) ? reply : "";
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cluster node " + node.port() + " did not answer " + command[0], ex);
		}
	}

	/**
	 * The ports of the nodes.
	 * @return one port per primary
	 */
	List<Integer> ports() {
		return this.nodes.stream().map(LocalRedisProcess::port).toList();
	}

	@Override
	public String host() {
		return LocalRedisProcess.HOST;
	}

	@Override
	public int port() {
		return this.nodes.get(0).port();
	}

	@Override
	public void stop() {
		this.nodes.forEach(LocalRedisProcess::stop);
	}

}
