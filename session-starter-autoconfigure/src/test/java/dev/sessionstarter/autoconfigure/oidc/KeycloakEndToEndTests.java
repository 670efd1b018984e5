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
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.sessionstarter.autoconfigure.oidc.app.OidcApplication;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisConfiguration;
import dev.sessionstarter.test.RealRedisTest;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import static dev.sessionstarter.autoconfigure.oidc.AppNodes.closeAll;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.json;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.sessionKey;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.started;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC login against a real Keycloak, started as a child process
 * ({@link KeycloakServer}), on two nodes of one application that share one Redis. The
 * realm ({@code keycloak-realm.json} beside this class) has the confidential client
 * {@code session-app} with both nodes' redirect URIs, node B's back-channel logout URL
 * with {@code sid} required, and the users alice and bob (password {@code password}).
 * Keycloak and both nodes start once for the class; the nodes' ports are chosen first,
 * because the realm names them.
 * <p>
 * Runs only in the {@code keycloak} Maven profile ({@code ./mvnw -Pkeycloak verify}),
 * which unpacks Keycloak's distribution from Maven Central; Keycloak needs a JDK 21 or
 * newer, which {@link KeycloakJava} finds.
 */
@RealRedisTest
@Tag("keycloak")
// standalone-only: Keycloak takes most of a minute to start, and what the topology
// changes for an OIDC session the Cluster run of OidcLoginEndToEndTests shows.
@Tag("standalone-only")
class KeycloakEndToEndTests {

	private static final String CLIENT_ID = "session-app";

	private static final String CLIENT_SECRET = "session-app-secret";

	private static @Nullable KeycloakServer keycloak;

	private static @Nullable ConfigurableApplicationContext nodeA;

	private static @Nullable ConfigurableApplicationContext nodeB;

	@BeforeAll
	static void start() {
		int portA = KeycloakServer.freePort();
		int portB = KeycloakServer.freePort();
		while (portB == portA) {
			portB = KeycloakServer.freePort();
		}
		keycloak = KeycloakServer
			.start(Map.of("SESSION_STARTER_NODE_A", origin(portA), "SESSION_STARTER_NODE_B", origin(portB)));
		nodeA = startNode(portA, keycloak.issuer());
		nodeB = startNode(portB, keycloak.issuer());
	}

	@AfterAll
	static void stop() {
		closeAll(nodeB, nodeA, keycloak);
	}

	@BeforeEach
	void forgetDeliveries() {
		deliveries(nodeB()).clear();
	}

	@Test
	void loginOnKeycloaksPageOnNodeAServesThePageAndTheAuthorizedClientOnNodeBWithoutAskingKeycloak() {
		OidcLogin browser = new OidcLogin(LoginPage.KEYCLOAK);
		OidcLogin.Result login = browser.login(page(nodeA(), "/me"), "alice", "password");
		assertThat(login.page().statusCode()).as(login.toString()).isEqualTo(200);
		assertThat(login.hops()).as("the authorization-code flow through Keycloak's login page")
			.anySatisfy((hop) -> assertThat(hop).endsWith("/oauth2/authorization/keycloak"))
			.anySatisfy((hop) -> assertThat(hop).isEqualTo(keycloak().issuer() + "/protocol/openid-connect/auth"))
			.anySatisfy((hop) -> assertThat(hop).endsWith("/login/oauth2/code/keycloak"))
			.last()
			.isEqualTo(page(nodeA(), "/me").toString());
		assertThat(json(login.page().body())).containsEntry("name", "alice")
			.containsEntry("principal", DefaultOidcUser.class.getName());
		assertThat(login.token()).as("the session token changed at login").isNotEqualTo(login.preLoginToken());
		assertThat(browser.cookieNames(URI.create(keycloak().issuer()))).as("Keycloak's own session")
			.contains("KEYCLOAK_SESSION");
		HttpResponse<String> tokenOnA = OidcLogin.get(page(nodeA(), "/api/token"), login.token());
		assertThat(tokenOnA.statusCode()).as(OidcLogin.describe(tokenOnA)).isEqualTo(200);
		List<String> seenByKeycloak = keycloak().admin().events("alice");
		assertThat(seenByKeycloak).as("Keycloak's events of the login").contains("LOGIN", "CODE_TO_TOKEN");

		HttpResponse<String> onB = OidcLogin.get(page(nodeB(), "/me"), login.token());
		assertThat(onB.statusCode()).as(OidcLogin.describe(onB)).isEqualTo(200);
		assertThat(json(onB.body())).containsEntry("name", "alice")
			.containsEntry("principal", DefaultOidcUser.class.getName());
		HttpResponse<String> tokenOnB = OidcLogin.get(page(nodeB(), "/api/token"), login.token());
		assertThat(tokenOnB.statusCode()).as(OidcLogin.describe(tokenOnB)).isEqualTo(200);
		assertThat(json(tokenOnB.body())).as("the access token node A got at login").isEqualTo(json(tokenOnA.body()));
		assertThat(keycloak().admin().events("alice")).as("Keycloak's events after node B served the session")
			.isEqualTo(seenByKeycloak);
	}

	// Expected to fail until OIDC back-channel logout has a Redis registry: Spring
	// Security's InMemoryOidcSessionRegistry on node B knows no session of node A, and
	// its default handler would end one by calling /logout with a JSESSIONID cookie.
	@Test
	void keycloakSigningTheUserOutEndsTheSessionOnEveryNodeThroughBackChannelLogout(RealRedis redis) {
		OidcLogin.Result login = new OidcLogin(LoginPage.KEYCLOAK).login(page(nodeA(), "/me"), "bob", "password");
		assertThat(login.page().statusCode()).as(login.toString()).isEqualTo(200);
		assertThat(OidcLogin.get(page(nodeB(), "/me"), login.token()).statusCode()).as("node B before the sign-out")
			.isEqualTo(200);
		assertThat(keycloak().admin().sessions("bob")).as("bob's Keycloak sessions").isEqualTo(1);

		keycloak().admin().signOut("bob");

		assertThat(keycloak().admin().sessions("bob")).as("bob's Keycloak sessions after the sign-out").isZero();
		assertThat(deliveries(nodeB())).as("statuses node B answered Keycloak's logout tokens with")
			.containsExactly(200);
		assertThat(redis.command("EXISTS", sessionKey(login.token())))
			.as("the session in Redis after Keycloak's back-channel logout")
			.isEqualToIgnoringWhitespace("0");
		for (ConfigurableApplicationContext node : List.of(nodeA(), nodeB())) {
			HttpResponse<String> me = OidcLogin.get(page(node, "/me"), login.token());
			assertThat(me.statusCode()).as("after the sign-out: " + OidcLogin.describe(me)).isEqualTo(302);
			assertThat(me.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/oauth2/authorization/keycloak"));
		}
	}

	private static ConfigurableApplicationContext startNode(int port, String issuer) {
		String registration = "spring.security.oauth2.client.registration.keycloak.";
		String provider = "spring.security.oauth2.client.provider.keycloak.";
		return new SpringApplicationBuilder(OidcApplication.class, RealRedisConfiguration.class,
				LogoutTokenDeliveries.class)
			.properties("server.address=127.0.0.1", "server.port=" + port, "spring.main.banner-mode=off",
					registration + "client-id=" + CLIENT_ID, registration + "client-secret=" + CLIENT_SECRET,
					registration + "scope=openid,profile", provider + "issuer-uri=" + issuer,
					provider + "user-name-attribute=preferred_username")
			.run();
	}

	private static String origin(int port) {
		return "http://127.0.0.1:" + port;
	}

	/**
	 * The nodes are reached on the loopback IP literal, Keycloak on {@code localhost}:
	 * the two never share cookies.
	 */
	private static URI page(ConfigurableApplicationContext node, String path) {
		return URI.create(origin(((WebServerApplicationContext) node).getWebServer().getPort()) + path);
	}

	private static List<Integer> deliveries(ConfigurableApplicationContext node) {
		return node.getBean(LogoutTokenDeliveries.class).statuses;
	}

	private static KeycloakServer keycloak() {
		return started(keycloak);
	}

	private static ConfigurableApplicationContext nodeA() {
		return started(nodeA);
	}

	private static ConfigurableApplicationContext nodeB() {
		return started(nodeB);
	}

	/**
	 * Records how a node answered each back-channel logout request, ahead of every other
	 * filter: whether Keycloak's logout token arrived at all tells a failed delivery from
	 * a logout that ended nothing.
	 */
	static final class LogoutTokenDeliveries implements Filter, Ordered {

		final List<Integer> statuses = new CopyOnWriteArrayList<>();

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			chain.doFilter(request, response);
			HttpServletRequest http = (HttpServletRequest) request;
			if (http.getMethod().equals("POST") && http.getRequestURI().startsWith("/logout/connect/back-channel/")) {
				this.statuses.add(((HttpServletResponse) response).getStatus());
			}
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
