package dev.sessionstarter.test;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a Testcontainers container. Kept in its own class so Testcontainers is only
 * loaded when a Docker engine answered; Testcontainers' Ryuk reaps the container if the
 * JVM dies without running its shutdown hooks.
 */
final class ContainerRedis implements RunningRedis {

	static final String IMAGE = "redis:7-alpine";

	private static final int REDIS_PORT = 6379;

	private final GenericContainer<?> container;

	private ContainerRedis(GenericContainer<?> container) {
		this.container = container;
	}

	@SuppressWarnings("resource") // closed by stop()
	static ContainerRedis start() {
		GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
			.withExposedPorts(REDIS_PORT)
			.withCommand("redis-server", "--save", "", "--appendonly", "no");
		container.start();
		return new ContainerRedis(container);
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(REDIS_PORT);
	}

	@Override
	public void stop() {
		this.container.stop();
	}

}
