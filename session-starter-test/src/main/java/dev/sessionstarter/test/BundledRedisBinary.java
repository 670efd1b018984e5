package dev.sessionstarter.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The real redis-server executables that {@code com.github.codemonstur:embedded-redis}
 * ships as classpath resources. We only borrow the binary and launch it with our own
 * watchdog; the library's server API does not protect against orphans.
 */
final class BundledRedisBinary {

	static final String ARTIFACT = "com.github.codemonstur:embedded-redis";

	private BundledRedisBinary() {
	}

	/**
	 * The resource for an operating system and architecture, or {@code null} when the jar
	 * has none we can run. Windows is left out on purpose: the only Windows binary is
	 * Redis 5 and our watchdog needs {@code sh}.
	 */
	static @Nullable String resourceName(String osName, String osArch) {
		String os = osName.toLowerCase(Locale.ROOT);
		String arch = osArch.toLowerCase(Locale.ROOT);
		boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.contains("linux")) {
			if (x64) {
				return "redis-server-6.2.6-v5-linux-amd64";
			}
			if (arm64) {
				return "redis-server-6.2.7-linux-arm64";
			}
			return (arch.equals("x86") || arch.equals("i386") || arch.equals("i686")) ? "redis-server-6.2.7-linux-386"
					: null;
		}
		if (os.contains("mac") || os.contains("darwin")) {
			return x64 ? "redis-server-6.2.6-v5-darwin-amd64" : (arm64 ? "redis-server-6.2.6-v5-darwin-arm64" : null);
		}
		return null;
	}

	/**
	 * Copies the resource into a fresh private directory and marks it executable.
	 * @param resource the resource name from {@link #resourceName}
	 * @return the executable, or {@code null} when the resource is not on the classpath
	 */
	static @Nullable Path extract(String resource) {
		ClassLoader loader = BundledRedisBinary.class.getClassLoader();
		try (InputStream in = loader.getResourceAsStream(resource)) {
			if (in == null) {
				return null;
			}
			Path binary = TempDirectory.create("session-starter-redis-bin-").resolve(resource);
			Files.copy(in, binary);
			if (!binary.toFile().setExecutable(true, true)) {
				throw new IOException("Could not mark " + binary + " executable");
			}
			return binary;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract " + resource + " from " + ARTIFACT
					+ " (is the temp directory mounted noexec? set java.io.tmpdir elsewhere)", ex);
		}
	}

	/**
	 * A bundled redis-server that also removes its extracted binary when stopped.
	 *
	 * @param process the running server
	 * @param binary the extracted executable
	 */
	record Running(LocalRedisProcess process, Path binary) implements RunningRedis {

		@Override
		public String host() {
			return this.process.host();
		}

		@Override
		public int port() {
			return this.process.port();
		}

		@Override
		public void stop() {
			this.process.stop();
			TempDirectory.delete(this.binary.getParent());
		}

	}

}
