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

package dev.sessionstarter.autoconfigure;

import dev.sessionstarter.autoconfigure.CookieSessionEndToEndTests.Session;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.SecuredRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter connects to a Redis that speaks only TLS and serves only a named ACL user,
 * configured with nothing but Boot's standard properties: {@code spring.data.redis.ssl.*}
 * with a PEM {@code spring.ssl.bundle}, and {@code spring.data.redis.username/password}.
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=redis",
				"spring.data.redis.username=sessions" })
// Starts its own TLS server (the connection is its subject), so the cluster run leaves it
// out.
@Tag("own-redis")
class TlsAclEndToEndTests {

	private static final String PASSWORD = "correct-horse-battery-staple";

	private static final SecuredRedis redis = SecuredRedis.start("sessions", PASSWORD);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::tlsPort);
		registry.add("spring.data.redis.password", () -> PASSWORD);
		registry.add("spring.ssl.bundle.pem.redis.truststore.certificate",
				() -> redis.certificate().toUri().toString());
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

	@Value("${local.server.port}")
	int port;

	@Test
	void sessionsAreStoredOverTlsAsTheConfiguredUser() {
		Http http = new Http(this.port);
		String token = Session.start(http).login("alice", "password").token;
		assertThat(http.get("/me", "Cookie", Http.cookie(token)).body()).contains("\"name\":\"alice\"");
		String key = "session-starter:s:{" + SessionTokens.storageId(token) + "}";
		assertThat(redis.command("HGET", key, "principal")).isEqualTo("alice");
		// The application's connection arrived on the TLS port and authenticated as the
		// configured user.
		assertThat(redis.command("CLIENT", "LIST").lines())
			.anySatisfy((client) -> assertThat(client).contains("laddr=127.0.0.1:" + redis.tlsPort(), "user=sessions"));
	}

	@Test
	void theServerServesNobodyElse() {
		// Without the user's password nothing but PING is allowed, so the sessions above
		// were written by the configured user and no other.
		assertThat(redis.commandWithoutAuthentication("PING")).isEqualTo("PONG");
		assertThat(redis.commandWithoutAuthentication("GET", "anything")).startsWith("NOPERM");
	}

}
