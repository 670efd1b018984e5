package dev.sessionstarter.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Sends the harness's own commands to the nodes of a server over short-lived plain
 * sockets. A key command sent to the wrong Cluster node is answered with {@code MOVED},
 * naming the node that holds the key; it is sent again to the node named there, as a
 * cluster-aware client would.
 *
 * @author session-starter
 */
final class NodeCommands {

	private final String host;

	private final List<Integer> ports;

	NodeCommands(String host, List<Integer> ports) {
		this.host = host;
		this.ports = List.copyOf(ports);
	}

	static NodeCommands of(RunningRedis server) {
		if (server instanceof LocalRedisCluster cluster) {
			return new NodeCommands(cluster.host(), cluster.ports());
		}
		return new NodeCommands(server.host(), List.of(server.port()));
	}

	List<Integer> ports() {
		return this.ports;
	}

	/**
	 * Sends one command, following a {@code MOVED} redirection.
	 */
	@Nullable Object send(String... command) {
		List<String[]> single = Collections.singletonList(command);
		String name = command[0].toUpperCase(Locale.ROOT);
		if (this.ports.size() > 1 && (name.equals("KEYS") || name.equals("DBSIZE"))) {
			return wholeKeyspace(name, single);
		}
		try {
			return send(this.ports.get(0), single).get(0);
		}
		catch (IllegalStateException ex) {
			String target = movedTo(ex);
			if (target != null) {
				int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
				return send(port, single).get(0);
			}
			throw ex;
		}
	}

	/**
	 * Asks every node, so that a question about the whole keyspace gets a Cluster-wide
	 * answer: the keys of all nodes, or their sum.
	 */
	private Object wholeKeyspace(String name, List<String[]> command) {
		List<Object> keys = new ArrayList<>();
		long size = 0;
		for (List<Object> replies : sendToEach(command)) {
			Object reply = replies.get(0);
			if (reply instanceof List<?> list) {
				keys.addAll(list);
			}
			else if (reply instanceof Long count) {
				size += count;
			}
		}
		return name.equals("KEYS") ? keys : size;
	}

	private static @Nullable String movedTo(IllegalStateException ex) {
		String message = (ex.getCause() instanceof RespClient.RedisErrorReply) ? ex.getCause().getMessage() : null;
		return (message != null && message.startsWith("MOVED ")) ? message.split(" ")[2] : null;
	}

	/**
	 * Sends one command to one node, without following redirections.
	 */
	@Nullable Object sendTo(int port, String... command) {
		return send(port, Collections.singletonList(command)).get(0);
	}

	/**
	 * The port of the node serving a key's hash slot.
	 */
	int portOf(String key) {
		if (this.ports.size() == 1) {
			return this.ports.get(0);
		}
		long slot = (Long) Objects.requireNonNull(sendTo(this.ports.get(0), "CLUSTER", "KEYSLOT", key));
		for (Object range : (List<?>) Objects.requireNonNull(sendTo(this.ports.get(0), "CLUSTER", "SLOTS"))) {
			List<?> fields = (List<?>) range;
			if ((Long) fields.get(0) <= slot && slot <= (Long) fields.get(1)) {
				return ((Long) ((List<?>) fields.get(2)).get(1)).intValue();
			}
		}
		throw new IllegalStateException("No Cluster node serves slot " + slot);
	}

	/**
	 * Sends the same commands to every node.
	 * @return the replies, one list per node
	 */
	List<List<Object>> sendToEach(List<String[]> commands) {
		List<List<Object>> replies = new ArrayList<>();
		for (int port : this.ports) {
			replies.add(send(port, commands));
		}
		return replies;
	}

	private List<@Nullable Object> send(int port, List<String[]> commands) {
		try (RespClient client = RespClient.connect(this.host, port)) {
			List<@Nullable Object> replies = new ArrayList<>();
			for (String[] command : commands) {
				try {
					replies.add(client.send(command));
				}
				catch (RespClient.RedisErrorReply ex) {
					throw new IllegalStateException(
							"Redis replied to " + String.join(" ", command) + " with: " + ex.getMessage(), ex);
				}
			}
			return replies;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not reach Redis at " + this.host + ":" + port, ex);
		}
	}

}
