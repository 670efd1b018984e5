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

package dev.sessionstarter.sample.reactive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.Browsers;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive sample as a backend-for-frontend: Spring Cloud Gateway holds the browser's
 * session and routes {@code /service/**} to a servlet service (the servlet sample, in a
 * JVM of its own) that shares the gateway's Redis. The browser only ever talks to the
 * gateway; the service reads the same session from Redis, so it knows the user without
 * any header the gateway would have to vouch for, and a logout at the gateway ends the
 * session for the service at the same moment. A user signed in at the identity provider
 * (the one the servlet sample runs) has the gateway relay the access token kept in the
 * session to the provider's userinfo endpoint (Spring Cloud Gateway's
 * {@code TokenRelay}).
 *
 * @author session-starter
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@AutoConfigureRealRedis
class GatewayBffTests {

	/**
	 * The gateway's port, chosen before the service starts: the identity provider the
	 * service runs registers the gateway's exact redirect address.
	 */
	private static final int GATEWAY_PORT = freePort();

	private static final ServletService service = ServletService.start(RealRedis.get(),
			"--sample.idp.gateway.url=http://localhost:" + GATEWAY_PORT);

	private static final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void route(DynamicPropertyRegistry registry) {
		registry.add("sample.service.uri", () -> "http://localhost:" + service.port());
		registry.add("sample.idp.url", service::identityProvider);
		registry.add("server.port", () -> GATEWAY_PORT);
	}

	@AfterAll
	static void stopService() {
		service.close();
	}

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Test
	void theGatewaysSessionReachesTheServletServiceAndItsLogoutEndsItThereToo() throws Exception {
		ReactivePages alice = new ReactivePages(this.browsers.open(), this.port).login("alice");
		String token = alice.sessionToken();

		// Through the gateway: the servlet service answers for the signed-in user.
		alice.visit("/service/api/me");
		assertThat(alice.driver().findElement(By.tagName("body")).getText()).contains("\"name\":\"alice\"");
		assertThat(alice.sessionToken()).as("the service used the session, it did not replace it").isEqualTo(token);
		// The service itself resolves the token against the shared Redis.
		assertThat(serviceMe(token).statusCode()).isEqualTo(200);
		assertThat(serviceMe(token).body()).contains("\"name\":\"alice\"");

		alice.visit("/account");
		alice.clickAndWait(By.id("logout"));
		assertThat(alice.path()).isEqualTo("/login?logout");

		// The gateway no longer lets the browser through, and the service, asked directly
		// with the cookie from before the logout, does not know it either.
		alice.visit("/service/api/me");
		assertThat(alice.isLoginPage()).as("after logout /service/api/me shows %s", alice.path()).isTrue();
		assertThat(serviceMe(token).statusCode()).isEqualTo(401);
	}

	@Test
	void aLoginAtTheIdentityProviderLetsTheGatewayRelayTheUsersAccessTokenFromTheSession() throws Exception {
		ReactivePages alice = new ReactivePages(this.browsers.open(), this.port).loginAtIdentityProvider("alice");
		String token = alice.sessionToken();

		// TokenRelay: the provider's userinfo endpoint answers for alice, asked with the
		// access token the gateway keeps in the session.
		alice.visit("/idp/userinfo");
		String userinfo = alice.driver().findElement(By.tagName("body")).getText();
		assertThat(userinfo).contains("\"sub\":\"alice\"");
		assertThat(alice.sessionToken()).as("the relay used the session, it did not replace it").isEqualTo(token);
		// The same session serves the servlet service behind the gateway.
		assertThat(serviceMe(token).body()).contains("\"name\":\"alice\"");

		alice.visit("/account");
		alice.clickAndWait(By.id("logout"));
		alice.visit("/idp/userinfo");
		assertThat(alice.isLoginPage()).as("after logout /idp/userinfo shows %s", alice.path()).isTrue();
	}

	@Test
	void withoutASessionTheGatewayRoutesNothing() throws Exception {
		ReactivePages anonymous = new ReactivePages(this.browsers.open(), this.port).visit("/service/api/me");
		assertThat(anonymous.isLoginPage()).as("anonymous /service/api/me shows %s", anonymous.path()).isTrue();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static HttpResponse<String> serviceMe(String token) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + "/api/me"))
			.header("Cookie", ReactivePages.COOKIE + "=" + token)
			.header("Accept", "application/json")
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
