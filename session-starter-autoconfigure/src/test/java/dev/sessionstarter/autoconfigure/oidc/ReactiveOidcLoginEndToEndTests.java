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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.sessionstarter.autoconfigure.oidc.app.OidcApplication;
import dev.sessionstarter.autoconfigure.oidc.reactive.ReactiveOidcApplication;
import dev.sessionstarter.autoconfigure.reactive.ReactiveBlockingChecks;
import dev.sessionstarter.core.oauth2.BackChannelLogout;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import static dev.sessionstarter.autoconfigure.oidc.AppNodes.closeAll;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.json;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.page;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.sessionKey;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.started;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC login on reactive nodes against a real OpenID Provider (Spring Authorization
 * Server), the reactive mirror of {@link OidcLoginEndToEndTests}: two WebFlux nodes and a
 * servlet node of the same relying party share one Redis. A login through the provider on
 * a reactive node gives a new token, the session and its authorized client serve the
 * other reactive node without a trip to the provider, the servlet node knows the user
 * too, a request costs one round trip, Redis holds neither the session's tokens nor the
 * provider's, an expired access token is refreshed once for parallel requests on both
 * nodes, a refresh the provider refuses ends the session, a logout ends the session for
 * every node, and so does a back-channel logout token delivered to either kind of node.
 * The provider and the nodes start once for the class; no event-loop thread may block
 * ({@link ReactiveBlockingChecks}).
 */
@RealRedisTest
@ExtendWith(ReactiveBlockingChecks.class)
class ReactiveOidcLoginEndToEndTests {

	private static @Nullable AuthorizationServer provider;

	private static @Nullable ConfigurableApplicationContext nodeA;

	private static @Nullable ConfigurableApplicationContext nodeB;

	private static @Nullable ConfigurableApplicationContext servletNode;

	@BeforeAll
	static void start() {
		provider = AuthorizationServer.start();
		nodeA = AppNodes.startSasNode(ReactiveOidcApplication.class, WebApplicationType.REACTIVE, provider.issuer());
		nodeB = AppNodes.startSasNode(ReactiveOidcApplication.class, WebApplicationType.REACTIVE, provider.issuer());
		servletNode = AppNodes.startSasNode(OidcApplication.class, WebApplicationType.SERVLET, provider.issuer());
	}

	@AfterAll
	static void stop() {
		closeAll(servletNode, nodeB, nodeA, provider);
	}

	@BeforeEach
	void resetProvider() {
		provider().reset();
	}

	@Test
	void loginThroughTheProviderChangesTheTokenAndTheSessionWorksOnEveryNode() {
		OidcLogin browser = new OidcLogin();
		OidcLogin.Result login = browser.login(page(nodeA(), "/me"), "alice", "password");
		assertThat(login.page().statusCode()).as(login.toString()).isEqualTo(200);
		assertThat(login.hops()).as("the authorization-code flow")
			.anySatisfy((hop) -> assertThat(hop).endsWith("/oauth2/authorization/sas"))
			.anySatisfy((hop) -> assertThat(hop).isEqualTo(provider().issuer() + "/oauth2/authorize"))
			.anySatisfy((hop) -> assertThat(hop).endsWith("/login/oauth2/code/sas"));
		assertThat(json(login.page().body())).containsEntry("name", "alice")
			.containsEntry("principal", DefaultOidcUser.class.getName());
		assertThat(login.token().equals(login.preLoginToken())).as("the session token changed at login").isFalse();
		assertThat(provider().authorizationCodeGrants()).isEqualTo(1);

		for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { nodeB(), servletNode() }) {
			HttpResponse<String> other = OidcLogin.get(page(node, "/me"), login.token());
			assertThat(other.statusCode()).as(OidcLogin.describe(other)).isEqualTo(200);
			assertThat(json(other.body())).containsEntry("name", "alice")
				.containsEntry("principal", DefaultOidcUser.class.getName());
		}

		HttpResponse<String> preLogin = OidcLogin.get(page(nodeB(), "/me"), login.preLoginToken());
		assertThat(preLogin.statusCode()).as("the pre-login token is dead").isEqualTo(302);
		assertThat(preLogin.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/oauth2/authorization/sas"));
	}

	// SessionStarterReactiveOAuth2ClientAutoConfiguration keeps authorized clients in the
	// session. With Boot's default (InMemoryReactiveOAuth2AuthorizedClientService) only
	// node A knows the authorized client, and node B sends the browser back to the
	// provider.
	@Test
	void authorizedClientFromTheLoginServesTheOtherNodeWithoutATripToTheProvider() {
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		int tokenRequests = provider().tokenRequests();
		HttpResponse<String> onA = OidcLogin.get(page(nodeA(), "/api/token"), login.token());
		assertThat(onA.statusCode()).as(OidcLogin.describe(onA)).isEqualTo(200);
		HttpResponse<String> onB = OidcLogin.get(page(nodeB(), "/api/token"), login.token());
		assertThat(onB.statusCode()).as(OidcLogin.describe(onB)).isEqualTo(200);
		assertThat(json(onB.body())).as("the access token node A got at login").isEqualTo(json(onA.body()));
		assertThat(provider().tokenRequests()).as("token requests to the provider").isEqualTo(tokenRequests);
	}

	@Test
	void requestWithAnOidcSessionCostsOneRedisRoundTrip(RealRedis redis) {
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { nodeA(), nodeB() }) {
			URI me = page(node, "/me");
			assertThat(OidcLogin.get(me, login.token()).statusCode()).as("warm-up").isEqualTo(200);
			Map<String, Long> before = redis.commandStats();
			HttpResponse<String> response = OidcLogin.get(me, login.token());
			assertThat(response.statusCode()).isEqualTo(200);
			// A reactive node saves before the response is written: nothing comes late.
			assertThat(redis.commandStatsDelta(before)).as(me.toString())
				.isEqualTo(Map.of("evalsha", 1L, "hgetall", 1L));
		}
	}

	@Test
	void redisHoldsNoSessionTokenAndNoProviderTokenAfterTheFlow(RealRedis redis) {
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		assertThat(OidcLogin.get(page(nodeA(), "/api/token"), login.token()).statusCode()).isEqualTo(200);
		assertThat(OidcLogin.get(page(nodeB(), "/me"), login.token()).statusCode()).isEqualTo(200);
		RedisContents.assertNoSecret(redis, login, provider().issuedTo("alice"));
		assertThat(redis.command("EXISTS", sessionKey(login.token()))).as("the session itself")
			.isEqualToIgnoringWhitespace("1");
	}

	@Test
	void logoutOnOneReactiveNodeEndsTheSessionForEveryNode(RealRedis redis) {
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		String csrf = OidcLogin.get(page(nodeB(), "/csrf"), login.token()).body();
		HttpResponse<String> logout = OidcLogin.post(page(nodeB(), "/logout"), login.token(), Map.of("_csrf", csrf));
		assertThat(logout.statusCode()).as(OidcLogin.describe(logout)).isEqualTo(302);
		assertThat(redis.command("EXISTS", sessionKey(login.token()))).as("the session in Redis")
			.isEqualToIgnoringWhitespace("0");
		assertThat(OidcLogin.get(page(nodeA(), "/me"), login.token()).statusCode()).isEqualTo(302);
		assertThat(OidcLogin.get(page(servletNode(), "/me"), login.token()).statusCode()).isEqualTo(302);
	}

	@Test
	void anExpiredAccessTokenNeededByTwentyParallelRequestsOnTwoNodesIsRefreshedOnce() throws Exception {
		// Shorter than the client's 60 s clock skew: the first use after login refreshes.
		provider().accessTokenTimeToLive(Duration.ofSeconds(30));
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		// The refreshed token lives long enough not to need a refresh itself.
		provider().accessTokenTimeToLive(Duration.ofMinutes(10));
		int refreshesBefore = provider().refreshTokenGrants();
		List<URI> pages = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			pages.add(page((i % 2 == 0) ? nodeA() : nodeB(), "/api/token"));
		}
		AppNodes.assertOneAccessTokenServedAll(AppNodes.getAtOnce(pages, login.token()));
		assertThat(provider().refreshTokenGrants() - refreshesBefore).as("refreshes at the provider").isEqualTo(1);
	}

	@Test
	void aRefusedRefreshEndsTheReactiveSessionWith401ForApiCallsAndThenANewLoginForPages(RealRedis redis) {
		provider().accessTokenTimeToLive(Duration.ofSeconds(30));
		OidcLogin.Result api = new OidcLogin().login(page(nodeA(), "/me"), "bob", "password");
		OidcLogin.Result browser = new OidcLogin().login(page(nodeB(), "/me"), "bob", "password");
		assertThat(provider().revokeRefreshTokens("bob")).isEqualTo(2);
		HttpResponse<String> refused = OidcLogin.get(page(nodeB(), "/api/token"), api.token(), "application/json");
		assertThat(refused.statusCode()).as(OidcLogin.describe(refused)).isEqualTo(401);
		assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(refused.body()).contains("session_ended");
		assertThat(redis.command("EXISTS", sessionKey(api.token()))).as("the session is deleted")
			.isEqualToIgnoringWhitespace("0");
		HttpResponse<String> after = OidcLogin.get(page(nodeA(), "/api/token"), api.token(), "application/json");
		assertThat(after.statusCode()).as("no session any more: a new login, not the refusal again").isEqualTo(302);
		assertThat(after.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/oauth2/authorization/sas"));
		HttpResponse<String> page = OidcLogin.get(page(nodeA(), "/api/token?x=1"), browser.token(), "text/html");
		assertThat(page.statusCode()).as(OidcLogin.describe(page)).isEqualTo(302);
		assertThat(page.headers().firstValue("Location").map(page(nodeA(), "/")::resolve))
			.as("back to the page asked for, on the same node")
			.hasValue(page(nodeA(), "/api/token?x=1"));
		assertThat(redis.command("EXISTS", sessionKey(browser.token()))).isEqualToIgnoringWhitespace("0");
		assertThat(provider().refusedRefreshTokenGrants()).as("one refusal per session, no loop").isEqualTo(2);
	}

	@Test
	void logoutTokensDeliveredToReactiveNodesEndTheirProviderSessionsOnEveryNode(RealRedis redis) throws Exception {
		OidcLogin.Result reactive = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		Object reactiveSid = LogoutTokens.idTokenClaims(provider().issuedTo("alice")).get("sid");
		OidcLogin.Result servlet = new OidcLogin().login(page(servletNode(), "/me"), "alice", "password");
		Object servletSid = LogoutTokens.idTokenClaims(provider().issuedTo("alice")).get("sid");
		OidcLogin.Result other = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		assertThat(servletSid).as("three provider sessions").isNotEqualTo(reactiveSid);

		String logoutToken = logoutToken((token) -> token.claim("sid", reactiveSid));
		HttpResponse<String> logout = backChannelLogout(nodeB(), logoutToken);
		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
		assertThat(logout.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(redis.command("EXISTS", sessionKey(reactive.token()))).as("the session is deleted")
			.isEqualToIgnoringWhitespace("0");
		assertThat(OidcLogin.get(page(nodeA(), "/me"), reactive.token()).statusCode()).isEqualTo(302);
		assertThat(OidcLogin.get(page(nodeA(), "/me"), servlet.token()).statusCode())
			.as("the session of another provider session stays")
			.isEqualTo(200);

		String before = RedisContents.dump(redis);
		HttpResponse<String> replayed = backChannelLogout(nodeA(), logoutToken);
		assertThat(replayed.statusCode()).as("replayed").isEqualTo(400);
		assertThat(replayed.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(replayed.body()).contains("invalid_request");
		assertThat(RedisContents.dump(redis)).as("a replay changes nothing in Redis").isEqualTo(before);

		HttpResponse<String> servletLogout = backChannelLogout(nodeA(),
				logoutToken((token) -> token.claim("sid", servletSid)));
		assertThat(servletLogout.statusCode()).as(servletLogout.body()).isEqualTo(200);
		assertThat(OidcLogin.get(page(servletNode(), "/me"), servlet.token()).statusCode())
			.as("a reactive node ends the session a servlet node signed in")
			.isEqualTo(302);
		assertThat(OidcLogin.get(page(nodeB(), "/me"), other.token()).statusCode()).isEqualTo(200);
	}

	@Test
	void forgedWrongAudienceAndMalformedLogoutTokensGet400OnAReactiveNodeAndChangeNothing(RealRedis redis)
			throws Exception {
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		Object sid = LogoutTokens.idTokenClaims(provider().issuedTo("alice")).get("sid");
		RSAKey forger = new RSAKeyGenerator(2048).keyID(provider().signingKey().getKeyID()).generate();
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("forged", LogoutTokens.sign(provider(), forger, provider().issuedTo("alice"),
				(token) -> token.claim("sid", sid)));
		refused.put("wrong audience", logoutToken((token) -> token.claim("sid", sid).audience("another-client")));
		refused.put("with nonce", logoutToken((token) -> token.claim("sid", sid).claim("nonce", "n")));
		refused.put("not a JWT", "not-a-jwt");
		refused.put("too long", "a".repeat(BackChannelLogout.MAX_TOKEN_LENGTH + 1));
		String before = RedisContents.dump(redis);
		refused.forEach((kind, token) -> {
			HttpResponse<String> response = backChannelLogout(nodeB(), token);
			assertThat(response.statusCode()).as(kind + ": " + response.body()).isEqualTo(400);
			assertThat(response.headers().firstValue("Cache-Control")).as(kind).hasValue("no-store");
			assertThat(response.body()).as(kind).contains("\"error\":\"invalid_request\"");
		});
		HttpResponse<String> unknown = LogoutTokens.deliver(page(nodeB(), "/logout/connect/back-channel/other"),
				logoutToken((token) -> token.claim("sid", sid)));
		assertThat(unknown.statusCode()).as("no such registration").isEqualTo(400);
		String valid = logoutToken((token) -> token.claim("sid", sid));
		URI endpoint = page(nodeB(), BackChannelLogout.PATH.replace("{registrationId}", "sas"));
		assertThat(LogoutTokens.deliverInUrl(endpoint, valid).statusCode()).as("a valid token in the URL")
			.isEqualTo(400);
		assertThat(LogoutTokens.deliverTwice(endpoint, valid).statusCode()).as("a valid token sent twice")
			.isEqualTo(400);
		assertThat(RedisContents.dump(redis)).as("refused tokens change nothing in Redis").isEqualTo(before);
		assertThat(OidcLogin.get(page(nodeA(), "/me"), login.token()).statusCode()).isEqualTo(200);
	}

	@Test
	void theSessionsListOfAReactiveLoginShowsTheProvider() {
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "dave", "password");
		assertThat(nodeB().getBean(UserSessions.class).list("dave", login.token()))
			.anySatisfy((session) -> assertThat(session.provider()).isEqualTo("sas"));
	}

	private static HttpResponse<String> backChannelLogout(ConfigurableApplicationContext node, String logoutToken) {
		return LogoutTokens.deliver(page(node, BackChannelLogout.PATH.replace("{registrationId}", "sas")), logoutToken);
	}

	private static String logoutToken(Consumer<JWTClaimsSet.Builder> change) throws Exception {
		return LogoutTokens.sign(provider(), provider().signingKey(), provider().issuedTo("alice"), change);
	}

	private static AuthorizationServer provider() {
		return started(provider);
	}

	private static ConfigurableApplicationContext nodeA() {
		return started(nodeA);
	}

	private static ConfigurableApplicationContext nodeB() {
		return started(nodeB);
	}

	private static ConfigurableApplicationContext servletNode() {
		return started(servletNode);
	}

}
