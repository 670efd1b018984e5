package dev.sessionstarter.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether asking Testcontainers is worth it. Testcontainers' own check walks
 * every strategy, logs each failure at ERROR level and can take seconds; on a machine
 * with no Docker at all that is pure noise. So we first look for any sign of an engine (a
 * {@code DOCKER_HOST}, a Testcontainers config, a socket file) and only then ask
 * Testcontainers, which stays the final judge.
 */
final class DockerProbe {

	private DockerProbe() {
	}

	static boolean isDockerAvailable() {
		if (!hasSignOfDocker()) {
			return false;
		}
		try {
			return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			// Testcontainers missing from a user's classpath (NoClassDefFoundError) or a
			// broken engine must not stop the lookup: the next source may still work.
			return false;
		}
	}

	private static boolean hasSignOfDocker() {
		if (System.getenv("DOCKER_HOST") != null || System.getProperty("DOCKER_HOST") != null) {
			return true;
		}
		String home = System.getProperty("user.home", "");
		List<Path> candidates = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
				Path.of(home, ".testcontainers.properties"), Path.of(home, ".docker", "run", "docker.sock"),
				Path.of(home, ".docker", "desktop", "docker.sock"), Path.of(home, ".colima", "default", "docker.sock"),
				Path.of(home, ".rd", "docker.sock")));
		String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
		if (runtimeDir != null) {
			candidates.add(Path.of(runtimeDir, "docker.sock"));
			candidates.add(Path.of(runtimeDir, "podman", "podman.sock"));
		}
		return candidates.stream().anyMatch(Files::exists) || isWindows();
	}

	private static boolean isWindows() {
		// Docker Desktop on Windows uses a named pipe we cannot cheaply stat; let
		// Testcontainers decide.
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
	}

}
