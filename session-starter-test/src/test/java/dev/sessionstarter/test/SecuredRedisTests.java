package dev.sessionstarter.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link SecuredRedis}: a server that speaks TLS with its own certificate and
 * serves only its ACL user.
 */
class SecuredRedisTests {

	private static SecuredRedis redis;

	@BeforeAll
	static void start() {
		redis = SecuredRedis.start("tester", "secret-password");
	}

	@AfterAll
	static void stop() {
		redis.stop();
	}

	@Test
	void onlyTheNamedUserMayDoMoreThanPing() {
		assertThat(redis.commandWithoutAuthentication("PING")).isEqualTo("PONG");
		assertThat(redis.commandWithoutAuthentication("SET", "k", "v")).startsWith("NOPERM");
		assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
		assertThat(redis.command("GET", "k")).isEqualTo("v");
	}

	@Test
	void theTlsPortCompletesAHandshakeWithTheCertificateForItsAddress() throws Exception {
		X509Certificate certificate;
		try (var in = Files.newInputStream(redis.certificate())) {
			certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
		assertThat(certificate.getSubjectAlternativeNames().stream().map((name) -> String.valueOf(name.get(1))))
			.contains("127.0.0.1");
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		trust.setCertificateEntry("redis", certificate);
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), null);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
			socket.connect(new InetSocketAddress(redis.host(), redis.tlsPort()), 2_000);
			socket.setSoTimeout(5_000);
			socket.startHandshake();
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] reply = new byte[7];
			int read = socket.getInputStream().read(reply);
			assertThat(new String(reply, 0, read, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
		}
	}

	@Test
	void aPlainTextClientGetsNothingFromTheTlsPort() throws IOException {
		try (RespClient client = RespClient.connect(redis.host(), redis.tlsPort())) {
			assertThatException().isThrownBy(() -> client.send("PING"));
		}
	}

}
