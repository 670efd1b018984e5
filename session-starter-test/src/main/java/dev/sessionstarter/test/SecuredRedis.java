package dev.sessionstarter.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} that accepts clients only over TLS and only as a named ACL user
 * with a password, for testing that an application connects through Boot's standard
 * {@code spring.data.redis.ssl.*}, {@code spring.ssl.bundle.*} and
 * {@code spring.data.redis.username/password} properties.
 * <p>
 * The certificate is self-signed for {@code 127.0.0.1}, made with the JDK's
 * {@code keytool} (no OpenSSL needed) and written as PEM next to its key; clients trust
 * it through {@link #certificate()}. The {@code default} user may only {@code PING},
 * which the harness needs to see the server up on its plain-text port; everything else
 * needs the named user. Stopped at JVM exit at the latest, and by the watchdog if the JVM
 * is killed.
 *
 * @author session-starter
 */
public final class SecuredRedis {

	private static final String STORE_PASSWORD = "throwaway";

	private final LocalRedisProcess process;

	private final Path directory;

	private final int tlsPort;

	private final String username;

	private final String password;

	private SecuredRedis(LocalRedisProcess process, Path directory, int tlsPort, String username, String password) {
		this.process = process;
		this.directory = directory;
		this.tlsPort = tlsPort;
		this.username = username;
		this.password = password;
	}

	/**
	 * Starts a server with a TLS port and one ACL user allowed everything.
	 * @param username the user's name
	 * @param password the user's password
	 * @return the running server
	 * @throws RealRedisUnavailableException if no local redis-server binary can be run
	 * @throws IllegalStateException if the binary was built without TLS
	 */
	public static SecuredRedis start(String username, String password) {
		Path directory = TempDirectory.create("session-starter-tls-");
		try {
			Path certificate = directory.resolve("redis.crt");
			Path key = directory.resolve("redis.key");
			writeCertificate(directory, certificate, key);
			DedicatedRedis.Executable.Prepared prepared = RedisLookup.localBinary(LookupSettings.fromEnvironment())
				.prepare();
			int[] tlsPort = new int[1];
			LocalRedisProcess process = LocalRedisProcess.onFreePort((port) -> {
				tlsPort[0] = port;
				return LocalRedisProcess.start(prepared.binary(), prepared.extractedDirectory(),
						LocalRedisProcess.Options.of("--tls-port", Integer.toString(port), "--tls-cert-file",
								certificate.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file",
								certificate.toString(), "--tls-auth-clients", "no", "--user", "default", "on", "nopass",
								"-@all", "+ping", "--user", username, "on", ">" + password, "~*", "&*", "+@all"));
			});
			SecuredRedis redis = new SecuredRedis(process, directory, tlsPort[0], username, password);
			Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "secured-redis-shutdown"));
			return redis;
		}
		catch (RuntimeException ex) {
			TempDirectory.delete(directory);
			throw ex;
		}
	}

	/**
	 * The TLS port ({@code spring.data.redis.port}).
	 * @return the port
	 */
	public int tlsPort() {
		return this.tlsPort;
	}

	/**
	 * The host ({@code spring.data.redis.host}).
	 * @return {@code 127.0.0.1}, the address the certificate names
	 */
	public String host() {
		return LocalRedisProcess.HOST;
	}

	/**
	 * The server's self-signed certificate, PEM encoded, for a trust store
	 * ({@code spring.ssl.bundle.pem.<name>.truststore.certificate}).
	 * @return the file
	 */
	public Path certificate() {
		return this.directory.resolve("redis.crt");
	}

	/**
	 * Sends a command as the ACL user over the plain-text port (the harness's own
	 * connection) and renders the reply as {@link RealRedis#command} does.
	 * @param args the command and its arguments
	 * @return the rendered reply, or {@code null} for a nil reply
	 */
	public @Nullable String command(String... args) {
		try (RespClient client = RespClient.connect(host(), this.process.port())) {
			client.send("AUTH", this.username, this.password);
			Object reply = client.send(args);
			return (reply != null) ? String.valueOf(reply) : null;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not reach the secured Redis", ex);
		}
	}

	/**
	 * Sends a command without authenticating, as an unknown client would.
	 * @param args the command and its arguments
	 * @return the reply's text, or the error Redis answered with
	 */
	public String commandWithoutAuthentication(String... args) {
		try (RespClient client = RespClient.connect(host(), this.process.port())) {
			return String.valueOf(client.send(args));
		}
		catch (RespClient.RedisErrorReply ex) {
			return ex.getMessage();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not reach the secured Redis", ex);
		}
	}

	/**
	 * Stops the server and deletes its certificate and key. Safe to call twice.
	 */
	public void stop() {
		this.process.stop();
		TempDirectory.delete(this.directory);
	}

	private static void writeCertificate(Path directory, Path certificate, Path key) {
		Path keyStore = directory.resolve("redis.p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		run(List.of(keytool.toString(), "-genkeypair", "-alias", "redis", "-keyalg", "EC", "-groupname", "secp256r1",
				"-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-keystore",
				keyStore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
		try (InputStream in = Files.newInputStream(keyStore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, STORE_PASSWORD.toCharArray());
			PrivateKey privateKey = (PrivateKey) store.getKey("redis", STORE_PASSWORD.toCharArray());
			Files.writeString(certificate, pem("CERTIFICATE", store.getCertificate("redis").getEncoded()),
					StandardCharsets.US_ASCII);
			Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not write the test certificate as PEM", ex);
		}
	}

	private static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed to make the test certificate: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while making the test certificate", ex);
		}
	}

}
