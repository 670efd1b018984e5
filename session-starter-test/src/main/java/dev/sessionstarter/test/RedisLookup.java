package dev.sessionstarter.test;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Finds a Redis in the documented order: an existing server named by URL, Testcontainers,
 * {@code redis-server} on {@code PATH}, the binary bundled in embedded-redis. The first
 * source that yields a server answering PING wins; if none does, the failure names every
 * reason and the fix, because a test run without Redis must fail, not skip.
 */
final class RedisLookup {

	static final String INSTALL_HINT = "To fix, do one of: install Redis so redis-server is on PATH"
			+ " (Debian/Ubuntu: sudo apt-get install redis-server; Fedora: sudo dnf install redis;"
			+ " macOS: brew install redis); or set " + LookupSettings.URL_VARIABLE
			+ "=redis://host:port to a throwaway Redis server; or make a Docker engine available to Testcontainers;"
			+ " or keep " + BundledRedisBinary.ARTIFACT + " on the test classpath on Linux or macOS.";

	private static final System.Logger logger = System.getLogger(RedisLookup.class.getName());

	private RedisLookup() {
	}

	/**
	 * A server together with the name of the source that provided it.
	 *
	 * @param source {@code env}, {@code testcontainers}, {@code path} or {@code bundled}
	 * @param server the running server
	 */
	record Found(String source, RunningRedis server) {
	}

	/**
	 * The sources, in lookup order.
	 */
	enum Source {

		ENV, TESTCONTAINERS, PATH, BUNDLED;

		String id() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	static Found find(LookupSettings settings) {
		List<Source> sources = sourcesToTry(settings.forcedSource());
		List<String> reasons = new ArrayList<>();
		for (Source source : sources) {
			try {
				RunningRedis server = tryStart(source, settings, reasons);
				if (server != null) {
					return new Found(source.id(), server);
				}
			}
			catch (RealRedisUnavailableException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				// A source that is present but broken should not hide a working one
				// behind it.
				reasons.add(source.id() + ": failed to start: " + ex.getMessage());
				logger.log(System.Logger.Level.WARNING, "Redis source '" + source.id() + "' failed, trying the next",
						ex);
			}
		}
		throw new RealRedisUnavailableException(
				"No Redis server for the tests. Tried:\n  - " + String.join("\n  - ", reasons) + "\n" + INSTALL_HINT);
	}

	/**
	 * Starts a {@link DedicatedRedis} from the first local binary: {@code redis-server}
	 * on {@code PATH}, then the bundled one. A forced {@code path} or {@code bundled}
	 * source is the only one tried; {@code env} and {@code testcontainers} name servers
	 * that cannot be stopped and restarted by us, so with those forced both local sources
	 * are tried.
	 */
	static Found startDedicated(LookupSettings settings) {
		String forced = settings.forcedSource();
		List<Source> sources = switch ((forced != null) ? forced.toLowerCase(Locale.ROOT) : "") {
			case "path" -> List.of(Source.PATH);
			case "bundled" -> List.of(Source.BUNDLED);
			default -> List.of(Source.PATH, Source.BUNDLED);
		};
		List<String> reasons = new ArrayList<>();
		for (Source source : sources) {
			DedicatedRedis.Executable executable = (source == Source.PATH) ? onPath(settings.path(), reasons)
					: bundled(settings, reasons);
			if (executable != null) {
				try {
					return new Found(source.id(), DedicatedRedis.start(executable));
				}
				catch (RuntimeException ex) {
					reasons.add(source.id() + ": failed to start: " + ex.getMessage());
					logger.log(System.Logger.Level.WARNING,
							"Redis source '" + source.id() + "' failed for a dedicated server, trying the next", ex);
				}
			}
		}
		throw new RealRedisUnavailableException("No redis-server binary for a dedicated Redis (it must be a local"
				+ " process, so " + LookupSettings.URL_VARIABLE + " and Testcontainers do not count). Tried:\n  - "
				+ String.join("\n  - ", reasons) + "\nTo fix, install Redis so redis-server is on PATH, or keep "
				+ BundledRedisBinary.ARTIFACT + " 1.4.3 on the test classpath on Linux or macOS.");
	}

	/**
	 * Starts a loopback Redis Cluster of three primaries from the first local binary, as
	 * {@link #startDedicated} picks it.
	 */
	static Found startCluster(LookupSettings settings) {
		List<String> reasons = new ArrayList<>();
		for (Source source : localSources(settings)) {
			DedicatedRedis.Executable executable = (source == Source.PATH) ? onPath(settings.path(), reasons)
					: bundled(settings, reasons);
			if (executable != null) {
				return new Found(source.id(), LocalRedisCluster.start(executable, 3));
			}
		}
		throw new RealRedisUnavailableException("No redis-server binary for a loopback Redis Cluster ("
				+ LookupSettings.TOPOLOGY_VARIABLE + "=cluster needs local processes). Tried:\n  - "
				+ String.join("\n  - ", reasons) + "\n" + INSTALL_HINT);
	}

	/**
	 * The first local redis-server binary, for servers with a special set-up (Sentinel,
	 * TLS) that tests start themselves.
	 */
	static DedicatedRedis.Executable localBinary(LookupSettings settings) {
		List<String> reasons = new ArrayList<>();
		for (Source source : localSources(settings)) {
			DedicatedRedis.Executable executable = (source == Source.PATH) ? onPath(settings.path(), reasons)
					: bundled(settings, reasons);
			if (executable != null) {
				return executable;
			}
		}
		throw new RealRedisUnavailableException(
				"No local redis-server binary. Tried:\n  - " + String.join("\n  - ", reasons) + "\n" + INSTALL_HINT);
	}

	private static List<Source> localSources(LookupSettings settings) {
		String forced = settings.forcedSource();
		return switch ((forced != null) ? forced.toLowerCase(Locale.ROOT) : "") {
			case "path" -> List.of(Source.PATH);
			case "bundled" -> List.of(Source.BUNDLED);
			default -> List.of(Source.PATH, Source.BUNDLED);
		};
	}

	private static DedicatedRedis.@Nullable Executable onPath(String path, List<String> reasons) {
		Path binary = findOnPath(path);
		if (binary == null) {
			reasons.add("path: no executable redis-server on PATH (" + (path.isBlank() ? "empty" : path) + ")");
			return null;
		}
		return () -> new DedicatedRedis.Executable.Prepared(binary, null);
	}

	private static DedicatedRedis.@Nullable Executable bundled(LookupSettings settings, List<String> reasons) {
		String resource = BundledRedisBinary.resourceName(settings.osName(), settings.osArch());
		if (resource == null) {
			reasons.add("bundled: " + BundledRedisBinary.ARTIFACT + " ships no redis-server we can run on "
					+ settings.osName() + "/" + settings.osArch());
			return null;
		}
		if (BundledRedisBinary.class.getClassLoader().getResource(resource) == null) {
			reasons.add("bundled: resource " + resource + " is not on the classpath (add " + BundledRedisBinary.ARTIFACT
					+ " 1.4.3)");
			return null;
		}
		return () -> {
			Path binary = BundledRedisBinary.extract(resource);
			if (binary == null) {
				throw new IllegalStateException("Resource " + resource + " disappeared from the classpath");
			}
			return new DedicatedRedis.Executable.Prepared(binary, binary.getParent());
		};
	}

	private static @Nullable Path findOnPath(String path) {
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isBlank()) {
				Path candidate = Path.of(directory, "redis-server");
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

	private static List<Source> sourcesToTry(@Nullable String forced) {
		if (forced == null) {
			return List.of(Source.values());
		}
		return Arrays.stream(Source.values())
			.filter((source) -> source.id().equals(forced.toLowerCase(Locale.ROOT)))
			.findFirst()
			.map(List::of)
			.orElseThrow(() -> new RealRedisUnavailableException(
					LookupSettings.SOURCE_VARIABLE + "='" + forced + "' is not a Redis source; use one of "
							+ Arrays.stream(Source.values()).map(Source::id).collect(Collectors.joining(", "))
							+ ", or unset it to try them in that order.\n" + INSTALL_HINT));
	}

	private static @Nullable RunningRedis tryStart(Source source, LookupSettings settings, List<String> reasons) {
		return switch (source) {
			case ENV -> fromUrl(settings.url(), reasons);
			case TESTCONTAINERS -> fromDocker(settings, reasons);
			case PATH -> fromPath(settings.path(), reasons);
			case BUNDLED -> fromBundle(settings, reasons);
		};
	}

	private static @Nullable RunningRedis fromUrl(@Nullable String url, List<String> reasons) {
		if (url == null) {
			reasons.add("env: " + LookupSettings.URL_VARIABLE + " is not set");
			return null;
		}
		RunningRedis server = parseUrl(url);
		// The user named this server explicitly; falling back to another would hide their
		// mistake.
		try (RespClient client = RespClient.connect(server.host(), server.port())) {
			client.send("PING");
			return server;
		}
		catch (IOException | RuntimeException ex) {
			throw new RealRedisUnavailableException(LookupSettings.URL_VARIABLE + "=" + url + " does not answer PING ("
					+ ex.getMessage() + "); start that server or unset the variable.", ex);
		}
	}

	private static RunningRedis parseUrl(String url) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new RealRedisUnavailableException(
					LookupSettings.URL_VARIABLE + "=" + url + " is not a URL; expected redis://host:port", ex);
		}
		if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
			throw new RealRedisUnavailableException(LookupSettings.URL_VARIABLE + "=" + url
					+ " is not supported; expected redis://host:port (no password, no TLS)");
		}
		return new RunningRedis.External(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379);
	}

	private static @Nullable RunningRedis fromDocker(LookupSettings settings, List<String> reasons) {
		if (!settings.dockerAvailable().getAsBoolean()) {
			reasons.add("testcontainers: no Docker engine answered");
			return null;
		}
		return ContainerRedis.start();
	}

	private static @Nullable RunningRedis fromPath(String path, List<String> reasons) {
		Path candidate = findOnPath(path);
		if (candidate != null) {
			return LocalRedisProcess.start(candidate, null);
		}
		reasons.add("path: no executable redis-server on PATH (" + (path.isBlank() ? "empty" : path) + ")");
		return null;
	}

	private static @Nullable RunningRedis fromBundle(LookupSettings settings, List<String> reasons) {
		String resource = BundledRedisBinary.resourceName(settings.osName(), settings.osArch());
		if (resource == null) {
			reasons.add("bundled: " + BundledRedisBinary.ARTIFACT + " ships no redis-server we can run on "
					+ settings.osName() + "/" + settings.osArch());
			return null;
		}
		Path binary = BundledRedisBinary.extract(resource);
		if (binary == null) {
			reasons.add("bundled: resource " + resource + " is not on the classpath (add " + BundledRedisBinary.ARTIFACT
					+ " 1.4.3)");
			return null;
		}
		try {
			return new BundledRedisBinary.Running(LocalRedisProcess.start(binary, binary.getParent()), binary);
		}
		catch (RuntimeException ex) {
			TempDirectory.delete(binary.getParent());
			throw ex;
		}
	}

}
