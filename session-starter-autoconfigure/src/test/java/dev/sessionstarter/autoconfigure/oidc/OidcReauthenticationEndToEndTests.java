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

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.autoconfigure.MovableClockConfiguration;
import dev.sessionstarter.autoconfigure.oidc.app.OidcApplication;
import dev.sessionstarter.autoconfigure.oidc.provider.ProviderApplication;
import dev.sessionstarter.autoconfigure.oidc.reactive.ReactiveOidcApplication;
import dev.sessionstarter.autoconfigure.reactive.ReactiveBlockingChecks;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.test.MovableClock;
import dev.sessionstarter.test.RealRedisConfiguration;
import dev.sessionstarter.test.RealRedisTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.sessionstarter.autoconfigure.oidc.AppNodes.closeAll;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.page;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.started;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route that requires a login within the last 5 minutes ({@code /sensitive}) in an
 * application whose users sign in with an OpenID Provider (Spring Authorization Server),
 * over real HTTP with a real Redis. The re-authentication goes to the provider with
 * {@code prompt=login} and {@code max_age=0}, and the {@code auth_time} that comes back
 * decides: this provider ignores both parameters while its own session lives, which the
 * application refuses; a real new sign-in there is accepted. Each test runs on a servlet
 * and on a reactive node of the same relying party (no event-loop thread may block). The
 * nodes' clocks are moved by the test.
 */
@RealRedisTest
@ExtendWith(ReactiveBlockingChecks.class)
class OidcReauthenticationEndToEndTests {

	private static @Nullable AuthorizationServer provider;

	private String kind = "servlet";

	private static final Map<String, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();

	@BeforeAll
	static void start() {
		provider = AuthorizationServer.start();
		nodes.put("servlet", start(OidcApplication.class, WebApplicationType.SERVLET));
		nodes.put("reactive", start(ReactiveOidcApplication.class, WebApplicationType.REACTIVE));
	}

	private static ConfigurableApplicationContext start(Class<?> application, WebApplicationType type) {
		String registration = "spring.security.oauth2.client.registration.sas.";
		return new SpringApplicationBuilder(application, RealRedisConfiguration.class, MovableClockConfiguration.class)
			.web(type)
			.properties("server.port=0", "spring.main.banner-mode=off",
					registration + "client-id=" + ProviderApplication.CLIENT_ID,
					registration + "client-secret=" + ProviderApplication.CLIENT_SECRET,
					registration + "scope=openid,profile",
					"spring.security.oauth2.client.provider.sas.issuer-uri=" + started(provider).issuer())
			.run();
	}

	@AfterAll
	static void stop() {
		List<AutoCloseable> all = new ArrayList<>(nodes.values());
		all.add(provider);
		closeAll(all.toArray(new AutoCloseable[0]));
		nodes.clear();
	}

	@BeforeEach
	void resetProvider() {
		started(provider).reset();
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void aStaleLoginGoesBackToTheProviderWhichMustAuthenticateTheUserAgain(String kind) {
		this.kind = kind;
		OidcLogin browser = new OidcLogin();
		OidcLogin.Result login = browser.login(page(node(), "/sensitive"), "alice", "password");
		assertThat(login.page().body()).as("a login just now").isEqualTo("sensitive");
		List<URI> firstLogin = authorizationRequests(browser);
		assertThat(firstLogin).as("a first login asks for nothing more")
			.isNotEmpty()
			.allSatisfy((first) -> assertThat(first.getRawQuery()).doesNotContain("prompt=", "max_age="));
		StoredSession before = store().findById(login.token());
		assertThat(before).isNotNull();
		clock().advance(Duration.ofMinutes(6));

		HttpResponse<String> stale = OidcLogin.get(page(node(), "/sensitive"), login.token());
		assertThat(stale.statusCode()).isEqualTo(302);
		assertThat(stale.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/oauth2/authorization/sas"));

		// The provider still has its own session and signs alice in without asking.
		List<String> hops = new ArrayList<>();
		HttpResponse<String> silent = browser.open(page(node(), "/sensitive"), hops);
		assertThat(authorizationRequests(browser)).hasSize(firstLogin.size() + 1)
			.last()
			.satisfies((again) -> assertThat(again.getRawQuery()).contains("prompt=login", "max_age=0"));
		assertThat(hops).as("refused on the way back").last().satisfies((hop) -> assertThat(hop).endsWith("/login"));
		assertThat(silent.statusCode()).isEqualTo(200);
		assertThat(browser.sessionToken(page(node(), "/"))).as("the session is the same as before")
			.isEqualTo(login.token());
		assertThat(OidcLogin.get(page(node(), "/sensitive"), login.token()).statusCode())
			.as("and no fresher than before")
			.isEqualTo(302);

		// Signed out at the provider, alice enters her password there again.
		awaitNextSecond(login);
		browser.forget(URI.create(started(provider).issuer()));
		OidcLogin.Result again = browser.login(page(node(), "/sensitive"), "alice", "password");
		assertThat(again.page().statusCode()).as(again.toString()).isEqualTo(200);
		assertThat(again.page().body()).isEqualTo("sensitive");
		assertThat(again.token()).as("a new token").isNotEqualTo(login.token());
		StoredSession after = store().findById(again.token());
		assertThat(after).isNotNull();
		assertThat(after.getCreationTime()).as("the absolute deadline stays").isEqualTo(before.getCreationTime());
		assertThat(OidcLogin.get(page(node(), "/me"), login.token()).statusCode()).as("the previous token is dead")
			.isEqualTo(302);
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void anotherUserAtTheProviderIsRefusedAndTheSessionStaysAsItWas(String kind) {
		this.kind = kind;
		OidcLogin browser = new OidcLogin();
		OidcLogin.Result alice = browser.login(page(node(), "/me"), "alice", "password");
		String providerTokens = OidcLogin.get(page(node(), "/api/token"), alice.token()).body();
		clock().advance(Duration.ofMinutes(6));
		awaitNextSecond(alice);
		browser.forget(URI.create(started(provider).issuer()));

		List<String> hops = new ArrayList<>();
		OidcLogin.Result bob = browser.login(page(node(), "/sensitive"), "bob", "password");
		hops.addAll(bob.hops());
		assertThat(hops).last().satisfies((hop) -> assertThat(hop).endsWith("/login"));
		assertThat(bob.token()).as("the session is the same as before").isEqualTo(alice.token());
		assertThat(OidcLogin.get(page(node(), "/me"), alice.token()).body()).contains("\"name\":\"alice\"");
		assertThat(OidcLogin.get(page(node(), "/api/token"), alice.token()).body())
			.as("alice's provider tokens, not bob's")
			.isEqualTo(providerTokens);
	}

	private static List<URI> authorizationRequests(OidcLogin browser) {
		return browser.redirects().stream().filter((uri) -> uri.getPath().endsWith("/oauth2/authorize")).toList();
	}

	/**
	 * {@code auth_time} counts seconds: a sign-in at the provider within the second of
	 * the previous one could not be told apart from a silent one.
	 */
	private static void awaitNextSecond(OidcLogin.Result previous) {
		long second = Instant.now().getEpochSecond();
		while (Instant.now().getEpochSecond() == second) {
			Thread.onSpinWait();
		}
	}

	private ConfigurableApplicationContext node() {
		return started(nodes.get(this.kind));
	}

	private RedisSessionStore store() {
		return node().getBean(RedisSessionStore.class);
	}

	private MovableClock clock() {
		return node().getBean(MovableClock.class);
	}

}
