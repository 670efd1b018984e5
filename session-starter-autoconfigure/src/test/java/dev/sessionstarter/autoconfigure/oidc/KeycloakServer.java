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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Keycloak for tests: the distribution the {@code keycloak} Maven profile unpacks
 * (its home in the system property {@value #HOME_PROPERTY}), started in development mode
 * as a child process on a free loopback port with an in-memory database, so every start
 * imports the test realm afresh. It runs on a JDK {@link KeycloakJava} finds. Keycloak is
 * reached as {@code localhost} (its issuer), the applications as {@code 127.0.0.1}. Close
 * it after the test class.
 */
final class KeycloakServer implements AutoCloseable {

	static final String HOME_PROPERTY = "session-starter.keycloak.home";

	static final String REALM = "session-starter";

	private static final String REALM_RESOURCE = "keycloak-realm.json";

	private static final String HOST = "localhost";

	private static final String BIND_ADDRESS = "127.0.0.1";

	private static final String ADMIN = "admin";

	/**
	 * Generous: a fresh distribution first rebuilds itself for development mode (about
	 * half a minute on two cores), then starts (as long again), on a machine other builds
	 * share.
	 */
	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Started as {@code sh -c WATCHDOG keycloak-watchdog sh bin/kc.sh <args>}, as
	 * {@code LocalRedisProcess} starts redis-server: the JVM's pipe moves to fd 3, a
	 * watcher blocks reading it, and kc.sh is exec'd in a process group of its own
	 * ({@code setsid}, which keeps the pid), so our child's pid is kc.sh's. If the JVM
	 * dies, even by {@code kill -9}, the watcher reads EOF and kills the whole group:
	 * kc.sh and the Keycloak JVM it starts (a second one after the rebuild) keep no port
	 * and no memory after a crashed build. Without {@code setsid} (macOS) only kc.sh is
	 * killed.
	 */
	private static final String WATCHDOG = """
			exec 3<&0 0</dev/null
			( cat >/dev/null <&3; kill -9 -$$ || kill -9 $$ ) >/dev/null 2>&1 &
			if command -v setsid >/dev/null 2>&1; then exec setsid "$@" 3<&-; fi
			exec "$@" 3<&-
			""";

	private final Process process;

	private final int port;

	private final Path log;

	private final KeycloakAdmin admin;

	private KeycloakServer(Process process, int port, Path log, String adminPassword) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.admin = new KeycloakAdmin(URI.create(baseUrl()), REALM, ADMIN, adminPassword);
	}

	/**
	 * Starts Keycloak with the test realm and waits until the realm answers discovery.
	 * @param realmVariables values of the realm file's {@code ${...}} placeholders, which
	 * Keycloak takes from its environment
	 * @return the running server
	 */
	static KeycloakServer start(Map<String, String> realmVariables) {
		Path home = home();
		Path javaHome = KeycloakJava.find();
		importRealm(home);
		int port = freePort();
		String adminPassword = adminPassword();
		List<String> command = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "keycloak-watchdog", "sh",
				home.resolve("bin").resolve("kc.sh").toString(), "start-dev", "--http-host=" + BIND_ADDRESS,
				"--http-port=" + port, "--hostname=http://" + HOST + ":" + port, "--db=dev-mem", "--import-realm"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
		Map<String, String> environment = builder.environment();
		// Nothing of the developer's own Keycloak or JVM settings: kc.sh reads them.
		environment.keySet()
			.removeIf((name) -> name.startsWith("KC_") || name.equals("JAVA") || name.startsWith("JAVA_OPTS"));
		environment.put("JAVA_HOME", javaHome.toString());
		environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
		environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
		environment.putAll(realmVariables);
		Path log = home.resolveSibling("keycloak.log");
		Process process;
		try {
			process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + home.resolve("bin/kc.sh") + " through sh", ex);
		}
		KeycloakServer server = new KeycloakServer(process, port, log, adminPassword);
		try {
			server.awaitRealm(javaHome);
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	private static String adminPassword() {
		byte[] secret = new byte[16];
		new SecureRandom().nextBytes(secret);
		return HexFormat.of().formatHex(secret);
	}

	private static Path home() {
		String home = System.getProperty(HOME_PROPERTY);
		if (home == null || !Files.isRegularFile(Path.of(home, "bin", "kc.sh"))) {
			throw new IllegalStateException("No Keycloak distribution at " + HOME_PROPERTY + "=" + home
					+ ". The Keycloak tests run in the keycloak profile, which unpacks one into target/keycloak:"
					+ " ./mvnw -Pkeycloak verify");
		}
		return Path.of(home);
	}

	/**
	 * Keycloak imports every JSON file in {@code data/import} at start; an in-memory
	 * database makes it import them every time.
	 */
	private static void importRealm(Path home) {
		Path directory = home.resolve("data").resolve("import");
		try (InputStream realm = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
			if (realm == null) {
				throw new IllegalStateException("No " + REALM_RESOURCE + " beside " + KeycloakServer.class);
			}
			Files.createDirectories(directory);
			Files.copy(realm, directory.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not copy the test realm into " + directory, ex);
		}
	}

	private void awaitRealm(Path javaHome) {
		URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
		long started = System.nanoTime();
		long deadline = started + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Keycloak (on " + javaHome + ") exited with code "
						+ this.process.exitValue() + " before it served " + discovery + ". " + logTail());
			}
			if (answers(discovery)) {
				System.out.printf("[keycloak] realm %s served after %.1f s on %s%n", REALM,
						(System.nanoTime() - started) / 1e9, javaHome);
				return;
			}
			sleep(500);
		}
		throw new IllegalStateException("Keycloak (on " + javaHome + ") did not serve " + discovery + " within "
				+ STARTUP_TIMEOUT.toSeconds() + " s. " + logTail());
	}

	private static boolean answers(URI uri) {
		try {
			HttpResponse<String> response = OidcLogin.get(uri);
			return response.statusCode() == 200;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The issuer of the test realm, also the base of its endpoints.
	 * @return e.g. {@code http://localhost:41234/realms/session-starter}
	 */
	String issuer() {
		return baseUrl() + "/realms/" + REALM;
	}

	private String baseUrl() {
		return "http://" + HOST + ":" + this.port;
	}

	/**
	 * The admin REST API, signed in as the bootstrap admin of the master realm.
	 * @return the API
	 */
	KeycloakAdmin admin() {
		return this.admin;
	}

	/**
	 * Stops kc.sh and every process it started: TERM first, which Keycloak answers with
	 * an orderly shutdown, then KILL for what is still running.
	 */
	@Override
	public void close() {
		ProcessHandle root = this.process.toHandle();
		List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
		tree.add(root);
		tree.forEach(ProcessHandle::destroy);
		List<CompletableFuture<ProcessHandle>> exits = tree.stream().map(ProcessHandle::onExit).toList();
		try {
			CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
				.get(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			tree.forEach(ProcessHandle::destroyForcibly);
		}
		catch (InterruptedException ex) {
			tree.forEach(ProcessHandle::destroyForcibly);
			Thread.currentThread().interrupt();
		}
		// Only now release the watchdog: the group it kills is gone already.
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Closed already: the watchdog has its EOF either way.
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return "The last lines of " + this.log + ":\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "Its output is in " + this.log + ".";
		}
	}

	/**
	 * A free port on the loopback address, for Keycloak and for an application node that
	 * Keycloak must know before the node starts (its redirect and back-channel logout
	 * URLs).
	 * @return the port
	 */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(BIND_ADDRESS))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port on " + BIND_ADDRESS, ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Keycloak", ex);
		}
	}

}
