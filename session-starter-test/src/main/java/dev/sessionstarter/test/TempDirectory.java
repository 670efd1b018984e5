package dev.sessionstarter.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Private temporary directories for a redis-server's working files and extracted binary.
 */
final class TempDirectory {

	private TempDirectory() {
	}

	static Path create(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a temporary directory for redis-server", ex);
		}
	}

	/**
	 * Best effort: a leftover in the temp directory must never fail a test run.
	 */
	static void delete(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			directory.toFile().deleteOnExit();
		}
	}

}
