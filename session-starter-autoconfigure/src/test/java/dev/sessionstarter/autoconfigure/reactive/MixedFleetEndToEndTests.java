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

package dev.sessionstarter.autoconfigure.reactive;

import java.util.Map;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.autoconfigure.reactive.app.ReactiveApplication;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.cookie;
import static dev.sessionstarter.autoconfigure.reactive.WebClientHttp.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mixed fleet on one Redis: the servlet end-to-end application (Tomcat) and the
 * reactive one (Netty) share sessions both ways. A session started and signed in on the
 * servlet node is used on the reactive node, rotated there (keeping its data), used again
 * on the servlet node under its new token only, and ended there; the reactive node then
 * refuses it. A session signed in on the reactive node is revoked by a password change on
 * the servlet node. A device remembered at a login on the servlet node signs in again on
 * the reactive node, and a logout there forgets it for the whole fleet.
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "session-starter.remember-device.enabled=true")
@AutoConfigureRealRedis
@ExtendWith(ReactiveBlockingChecks.class)
class MixedFleetEndToEndTests {

	private static ConfigurableApplicationContext reactiveNode;

	@Value("${local.server.port}")
	int servletPort;

	WebClientHttp servlet;

	WebClientHttp reactive;

	@BeforeAll
	static void startReactiveNode() {
		reactiveNode = new SpringApplicationBuilder(ReactiveApplication.class, RealRedisConfiguration.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "session-starter.remember-device.enabled=true")
			.run();
	}

	@AfterAll
	static void stopReactiveNode() {
		reactiveNode.close();
	}

	@BeforeEach
	void clients() {
		this.servlet = new WebClientHttp(this.servletPort);
		this.reactive = new WebClientHttp(((WebServerApplicationContext) reactiveNode).getWebServer().getPort());
	}

	@Test
	void signedInOnServletUsedAndRotatedOnReactiveEndedOnServlet() {
		BrowserSession anonymous = BrowserSession.start(this.servlet);
		anonymous.addToCart("apple");
		BrowserSession onServlet = anonymous.login("alice", "password");

		BrowserSession onReactive = BrowserSession.of(this.reactive, onServlet.token);
		assertThat(onReactive.get("/me").getResponseBody()).contains("\"name\":\"alice\"");
		assertThat(onReactive.get("/public/cart").getResponseBody()).contains("apple");
		assertThat(status(onReactive.get("/admin"))).isEqualTo(403);

		// The CSRF token of a page the servlet node rendered is accepted by the reactive
		// node: both keep its bare value under the same attribute.
		EntityExchangeResult<String> stepUp = this.reactive.post("/step-up", Map.of("_csrf", onServlet.csrf), "Cookie",
				cookie(onServlet.token));
		assertThat(status(stepUp)).isEqualTo(200);
		String elevated = WebClientHttp.sessionToken(stepUp);
		assertThat(elevated).isNotNull().isNotEqualTo(onServlet.token);

		BrowserSession backOnServlet = BrowserSession.of(this.servlet, elevated);
		assertThat(status(backOnServlet.get("/admin"))).isEqualTo(200);
		assertThat(backOnServlet.get("/public/cart").getResponseBody()).contains("apple");
		assertThat(status(onServlet.get("/me"))).as("the token before the rotation").isEqualTo(302);

		assertThat(status(backOnServlet.post("/logout"))).isEqualTo(302);
		assertThat(status(this.reactive.get("/me", "Cookie", cookie(elevated)))).isEqualTo(302);
	}

	@Test
	void signedInOnReactiveRevokedByAPasswordChangeOnServlet() {
		BrowserSession onReactive = BrowserSession.start(this.reactive).login("alice", "password");
		assertThat(status(onReactive.get("/me"))).isEqualTo(200);
		assertThat(status(BrowserSession.of(this.servlet, onReactive.token).get("/me"))).isEqualTo(200);

		BrowserSession changing = BrowserSession.start(this.servlet).login("alice", "password");
		assertThat(status(changing.post("/password"))).isEqualTo(200);

		assertThat(status(onReactive.get("/me"))).as("revoked on the servlet node").isEqualTo(302);
	}

	@Test
	void aDeviceRememberedOnServletSignsInAgainOnReactiveAndItsLogoutThereForgetsIt() {
		BrowserSession anonymous = BrowserSession.start(this.servlet);
		EntityExchangeResult<String> login = this.servlet.post("/login",
				Map.of("username", "alice", "password", "password", "_csrf", anonymous.csrf, "remember-device", "on"),
				"Cookie", cookie(anonymous.token));
		assertThat(status(login)).isEqualTo(302);
		String device = deviceCookie(login);

		EntityExchangeResult<String> restored = this.reactive.get("/me", "Cookie", "__Host-Device=" + device);
		assertThat(status(restored)).as("no session cookie, only the device's").isEqualTo(200);
		assertThat(restored.getResponseBody()).contains("\"name\":\"alice\"");
		String session = WebClientHttp.sessionToken(restored);
		String next = deviceCookie(restored);
		assertThat(next).as("a new credential").isNotEqualTo(device);
		BrowserSession onServlet = BrowserSession.of(this.servlet, String.valueOf(session));
		assertThat(status(onServlet.get("/me"))).as("the restored session on the servlet node").isEqualTo(200);

		BrowserSession onReactive = BrowserSession.of(this.reactive, String.valueOf(session));
		EntityExchangeResult<String> logout = this.reactive.post("/logout", Map.of("_csrf", onReactive.csrf), "Cookie",
				cookie(String.valueOf(session)) + "; __Host-Device=" + next);
		assertThat(status(logout)).isEqualTo(302);
		assertThat(status(this.servlet.get("/me", "Cookie", "__Host-Device=" + next))).as("forgotten for every node")
			.isEqualTo(302);
		assertThat(status(onReactive.get("/me"))).isEqualTo(302);
	}

	private static String deviceCookie(EntityExchangeResult<String> response) {
		return WebClientHttp.setCookies(response)
			.stream()
			.filter((cookie) -> cookie.matches("__Host-Device=[^;]+.*"))
			.map((cookie) -> cookie.substring("__Host-Device=".length(), cookie.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no device cookie in " + WebClientHttp.setCookies(response)));
	}

}
