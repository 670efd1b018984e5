package dev.sessionstarter.test;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for the loopback Redis Cluster that
 * {@code SESSION_STARTER_TEST_REDIS_TOPOLOGY=cluster} gives a test run.
 */
class RealRedisClusterTests {

	private static RealRedis cluster;

	@BeforeAll
	static void start() {
		cluster = RealRedis.startCluster(LookupSettings.fromEnvironment());
	}

	@AfterAll
	static void stop() {
		cluster.stop();
	}

	@Test
	void formsAClusterOfThreePrimariesThatServeEverySlot() {
		assertThat(cluster.isCluster()).isTrue();
		assertThat(cluster.nodePorts()).hasSize(3).doesNotHaveDuplicates().startsWith(cluster.port());
		String info = cluster.command("CLUSTER", "INFO");
		assertThat(info).contains("cluster_state:ok", "cluster_known_nodes:3", "cluster_slots_ok:16384");
	}

	@Test
	void commandsAboutKeysReachTheNodeThatHoldsTheirSlot() {
		cluster.flushAll();
		for (int i = 0; i < 30; i++) {
			assertThat(cluster.command("SET", "key-" + i, "value-" + i)).isEqualTo("OK");
		}
		for (int i = 0; i < 30; i++) {
			assertThat(cluster.command("GET", "key-" + i)).isEqualTo("value-" + i);
			assertThat(cluster.commandOn(cluster.nodePortOf("key-" + i), "GET", "key-" + i)).isEqualTo("value-" + i);
		}
		// Thirty keys spread over three equal shares of the slots land on more than one
		// node, so the redirection was really exercised.
		long nodesWithKeys = cluster.nodePorts().stream().filter((port) -> keysOn(port) > 0).count();
		assertThat(nodesWithKeys).isGreaterThan(1);
	}

	@Test
	void flushAllEmptiesEveryNodeAndCommandStatsAddUpOverTheNodes() {
		for (int i = 0; i < 30; i++) {
			cluster.command("SET", "key-" + i, "value");
		}
		cluster.flushAll();
		assertThat(cluster.nodePorts()).allSatisfy((port) -> assertThat(keysOn(port)).isZero());
		Map<String, Long> before = cluster.commandStats();
		for (int i = 0; i < 30; i++) {
			cluster.command("SET", "key-" + i, "value");
		}
		assertThat(cluster.commandStatsDelta(before)).containsEntry("set", 30L);
	}

	@Test
	void stopEndsEveryNode() {
		RealRedis other = RealRedis.startCluster(LookupSettings.fromEnvironment());
		other.stop();
		assertThat(other.nodePorts()).allSatisfy((port) -> assertThatIOException()
			.isThrownBy(() -> RespClient.connect(LocalRedisProcess.HOST, port).close()));
	}

	private static long keysOn(int port) {
		try (RespClient client = RespClient.connect(LocalRedisProcess.HOST, port)) {
			return (Long) client.send("DBSIZE");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
