/*
 * Copyright 2026 the session-starter authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.sessionstarter.autoconfigure.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The JDK Keycloak runs on. Keycloak 26 needs Java 21 or newer while this build needs
 * only 17, so the JDK is looked for in this order: the one named by the system property
 * {@value #PROPERTY} or the environment variable {@value #VARIABLE} (used as named, or
 * the build fails); the JDK running the tests, if it is new enough; the JDKs installed
 * beside it and in the usual places ({@code /usr/lib/jvm}, {@code /usr/java},
 * {@code /opt/java}, macOS' {@code /Library/Java/JavaVirtualMachines}, SDKMAN's and
 * IntelliJ's folders), the oldest that is new enough. A JDK's version is read from its
 * {@code release} file. None found fails with what to install: never a silent skip.
 */
final class KeycloakJava {

	static final String PROPERTY = "session-starter.keycloak.java-home";

	static final String VARIABLE = "SESSION_STARTER_KEYCLOAK_JAVA_HOME";

	static final int MINIMUM_VERSION = 21;

	private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([^\"\\s]+)\"?");

	private KeycloakJava() {
	}

	/**
	 * The home directory of a JDK Keycloak can run on.
	 * @return e.g. {@code /usr/lib/jvm/temurin-21-jdk-amd64}
	 * @throws IllegalStateException if the named JDK is too old or none is found
	 */
	static Path find() {
		Optional<Path> named = named();
		if (named.isPresent()) {
			return named.get();
		}
		Path running = Path.of(System.getProperty("java.home"));
		if (Runtime.version().feature() >= MINIMUM_VERSION) {
			return running;
		}
		Map<Path, Integer> found = installed(running);
		return found.entrySet()
			.stream()
			.filter((jdk) -> jdk.getValue() >= MINIMUM_VERSION)
			.min(Map.Entry.<Path, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
			.map(Map.Entry::getKey)
			.orElseThrow(() -> new IllegalStateException("Keycloak needs a JDK " + MINIMUM_VERSION
					+ " or newer and none was found. Install one (e.g. Temurin 21 or Debian's openjdk-21-jdk) beside "
					+ running.getParent() + " or in /usr/lib/jvm, or name its home with -D" + PROPERTY + "= or "
					+ VARIABLE + ". The tests run on Java " + Runtime.version().feature()
					+ "; JDKs looked at (version from their release file): " + found));
	}

	private static Optional<Path> named() {
		String property = System.getProperty(PROPERTY);
		String variable = System.getenv(VARIABLE);
		String source = (property != null && !property.isBlank()) ? "-D" + PROPERTY : VARIABLE;
		String value = (property != null && !property.isBlank()) ? property : variable;
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		Path home = Path.of(value.trim());
		Integer version = version(home);
		if (version == null || version < MINIMUM_VERSION) {
			throw new IllegalStateException(source + "=" + value + " names no JDK " + MINIMUM_VERSION
					+ " or newer for Keycloak: " + ((version == null) ? "no bin/java and release file with JAVA_VERSION"
							: "its release file says Java " + version));
		}
		return Optional.of(home);
	}

	/**
	 * Every JDK found in the usual places, by real path, with its feature version.
	 */
	private static Map<Path, Integer> installed(Path running) {
		Set<Path> roots = new LinkedHashSet<>();
		Optional.ofNullable(running.getParent()).ifPresent(roots::add);
		roots.add(Path.of("/usr/lib/jvm"));
		roots.add(Path.of("/usr/java"));
		roots.add(Path.of("/opt/java"));
		roots.add(Path.of("/Library/Java/JavaVirtualMachines"));
		String userHome = System.getProperty("user.home");
		roots.add(Path.of(userHome, ".sdkman", "candidates", "java"));
		roots.add(Path.of(userHome, ".jdks"));
		Map<Path, Integer> found = new LinkedHashMap<>();
		for (Path root : roots) {
			for (Path candidate : children(root)) {
				// A macOS bundle keeps the JDK under Contents/Home.
				for (Path home : List.of(candidate, candidate.resolve("Contents").resolve("Home"))) {
					Integer version = version(home);
					if (version != null) {
						found.putIfAbsent(realPath(home), version);
					}
				}
			}
		}
		return found;
	}

	private static List<Path> children(Path root) {
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> children = Files.list(root)) {
			return children.filter(Files::isDirectory).sorted(Comparator.naturalOrder()).toList();
		}
		catch (IOException | UncheckedIOException ex) {
			return List.of();
		}
	}

	/**
	 * The feature version a JDK's {@code release} file states
	 * ({@code JAVA_VERSION="21.0.5"} is 21, {@code "1.8.0_402"} is 8), if the directory
	 * holds a JDK with a {@code bin/java}.
	 */
	static @Nullable Integer version(Path home) {
		Path release = home.resolve("release");
		if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
			return null;
		}
		try {
			Matcher version = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
			if (!version.find()) {
				return null;
			}
			List<String> parts = new ArrayList<>(List.of(version.group(1).split("[.\\-+_]")));
			if (parts.size() > 1 && parts.get(0).equals("1")) {
				parts.remove(0);
			}
			return Integer.valueOf(parts.get(0));
		}
		catch (IOException | NumberFormatException ex) {
			return null;
		}
	}

	private static Path realPath(Path path) {
		try {
			return path.toRealPath();
		}
		catch (IOException ex) {
			return path.toAbsolutePath().normalize();
		}
	}

}
