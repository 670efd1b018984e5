package dev.sessionstarter.test;

import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Everything the lookup reads from the outside world, gathered in one value so tests can
 * replace the environment (an empty {@code PATH}, an unknown operating system) without
 * touching the real one.
 *
 * @param url the {@code SESSION_STARTER_TEST_REDIS} URL, if set
 * @param forcedSource the {@code SESSION_STARTER_TEST_REDIS_SOURCE} value, if set
 * @param path the {@code PATH} to search for {@code redis-server}
 * @param osName the operating system name, as in {@code os.name}
 * @param osArch the processor architecture, as in {@code os.arch}
 * @param dockerAvailable answers whether a Docker engine is reachable
 */
record LookupSettings(@Nullable String url, @Nullable String forcedSource, String path, String osName, String osArch,
		BooleanSupplier dockerAvailable) {

	static final String URL_VARIABLE = "SESSION_STARTER_TEST_REDIS";

	static final String SOURCE_VARIABLE = "SESSION_STARTER_TEST_REDIS_SOURCE";

	static final String URL_PROPERTY = "session-starter.test.redis";

	static final String SOURCE_PROPERTY = "session-starter.test.redis-source";

	static final String TOPOLOGY_VARIABLE = "SESSION_STARTER_TEST_REDIS_TOPOLOGY";

	static final String TOPOLOGY_PROPERTY = "session-starter.test.redis-topology";

	/**
	 * The topology the shared server of a run has: {@code standalone} (the default) or
	 * {@code cluster}.
	 * @return the topology, lower case
	 */
	static String topology() {
		String topology = setting(TOPOLOGY_VARIABLE, TOPOLOGY_PROPERTY);
		return (topology != null) ? topology.toLowerCase(java.util.Locale.ROOT) : "standalone";
	}

	static LookupSettings fromEnvironment() {
		String path = System.getenv("PATH");
		return new LookupSettings(setting(URL_VARIABLE, URL_PROPERTY), setting(SOURCE_VARIABLE, SOURCE_PROPERTY),
				(path != null) ? path : "", System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
				DockerProbe::isDockerAvailable);
	}

	LookupSettings withForcedSource(String source) {
		return new LookupSettings(this.url, source, this.path, this.osName, this.osArch, this.dockerAvailable);
	}

	/**
	 * Reads a setting from a system property (the variable's exact name or its dotted
	 * form), falling back to the environment. System properties win so a build (e.g.
	 * surefire's {@code systemPropertyVariables}) can override a developer's shell.
	 */
	private static @Nullable String setting(String variable, String property) {
		for (String value : new String[] { System.getProperty(variable), System.getProperty(property),
				System.getenv(variable) }) {
			if (value != null && !value.isBlank()) {
				return value.trim();
			}
		}
		return null;
	}

}
