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
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sessionstarter.autoconfigure.app.InFlightRequests;
import dev.sessionstarter.autoconfigure.oidc.AuthorizationServer.IssuedTokens;
import dev.sessionstarter.autoconfigure.oidc.app.OidcApplication;
import dev.sessionstarter.autoconfigure.oidc.provider.ProviderApplication;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.oauth2.BackChannelLogout;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import static dev.sessionstarter.autoconfigure.oidc.AppNodes.closeAll;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.json;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.sessionKey;
import static dev.sessionstarter.autoconfigure.oidc.AppNodes.started;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC login against a real OpenID Provider (Spring Authorization Server), on two nodes
 * of one application that share one Redis: what {@code oauth2Login()} keeps in a session
 * survives the store, serves every node, costs one round trip per request and leaves no
 * session token in Redis. The provider and both nodes start once for the class.
 */
@RealRedisTest
class OidcLoginEndToEndTests {

	private static @Nullable AuthorizationServer provider;

	private static @Nullable ConfigurableApplicationContext nodeA;

	private static @Nullable ConfigurableApplicationContext nodeB;

	@BeforeAll
	static void start() {
		provider = AuthorizationServer.start();
		nodeA = startNode(provider.issuer());
		nodeB = startNode(provider.issuer());
	}

	@AfterAll
	static void stop() {
		closeAll(nodeB, nodeA, provider);
	}

	@BeforeEach
	void resetProvider() {
		provider().reset();
	}

	@Test
	void providerAdvertisesUserInfoAndEndSessionEndpoints() {
		HttpResponse<String> discovery = OidcLogin
			.get(URI.create(provider().issuer() + "/.well-known/openid-configuration"));
		assertThat(discovery.statusCode()).isEqualTo(200);
		Map<String, Object> metadata = json(discovery.body());
		assertThat(metadata).containsEntry("issuer", provider().issuer())
			.containsKeys("userinfo_endpoint", "end_session_endpoint", "jwks_uri");
	}

	// The security context of a real OIDC login (URLs, instants and the JSON parser's own
	// maps among the ID token's claims) goes through the codec here; before the codec
	// knew them, the callback answered 500 "Could not resolve type id 'java.net.URL'".
	@Test
	void loginThroughTheProviderChangesTheTokenAndTheSessionWorksOnTheOtherNode() {
		OidcLogin browser = new OidcLogin();
		OidcLogin.Result login = browser.login(page(nodeA(), "/me"), "alice", "password");
		assertThat(login.page().statusCode()).as(login.toString()).isEqualTo(200);
		assertThat(login.hops()).as("the authorization-code flow")
			.anySatisfy((hop) -> assertThat(hop).endsWith("/oauth2/authorization/sas"))
			.anySatisfy((hop) -> assertThat(hop).isEqualTo(provider().issuer() + "/oauth2/authorize"))
			.anySatisfy((hop) -> assertThat(hop).endsWith("/login/oauth2/code/sas"))
			.last()
			.isEqualTo(page(nodeA(), "/me").toString());
		assertThat(json(login.page().body())).containsEntry("name", "alice")
			.containsEntry("principal", DefaultOidcUser.class.getName());
		assertThat(login.token().equals(login.preLoginToken())).as("the session token changed at login").isFalse();
		assertThat(provider().authorizationCodeGrants()).isEqualTo(1);
		assertThat(browser.cookieNames(URI.create(provider().issuer()))).as("the provider's own session")
			.containsExactly("JSESSIONID");

		HttpResponse<String> onB = OidcLogin.get(page(nodeB(), "/me"), login.token());
		assertThat(onB.statusCode()).as(OidcLogin.describe(onB)).isEqualTo(200);
		assertThat(json(onB.body())).containsEntry("name", "alice")
			.containsEntry("principal", DefaultOidcUser.class.getName());

		HttpResponse<String> preLogin = OidcLogin.get(page(nodeB(), "/me"), login.preLoginToken());
		assertThat(preLogin.statusCode()).as("the pre-login token is dead").isEqualTo(302);
		assertThat(preLogin.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/oauth2/authorization/sas"));
	}

	// The starter keeps authorized clients in the session
	// (SessionStarterOAuth2ClientAutoConfiguration). With Boot's default
	// (InMemoryOAuth2AuthorizedClientService behind the principal's repository) only
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
			settle();
			Map<String, Long> before = redis.commandStats();
			HttpResponse<String> response = OidcLogin.get(me, login.token());
			assertThat(response.statusCode()).isEqualTo(200);
			settle();
			assertThat(redis.commandStatsDelta(before)).as(me.toString())
				.isEqualTo(Map.of("evalsha", 1L, "hgetall", 1L));
		}
	}

	@Test
	void redisHoldsNoSessionTokenAndNoProviderTokenAfterTheFlow(RealRedis redis) {
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		assertThat(OidcLogin.get(page(nodeA(), "/api/token"), login.token()).statusCode()).isEqualTo(200);
		assertThat(OidcLogin.get(page(nodeB(), "/me"), login.token()).statusCode()).isEqualTo(200);
		settle();
		assertNoSecretInRedis(redis, login, "alice");
		String contents = RedisContents.dump(redis);
		report("Redis " + redis.version() + " (" + redis.source() + (redis.isCluster() ? ", cluster" : "") + ")");
		String session = "session-starter:s:{" + SessionTokens.storageId(login.token()) + "}";
		report("keys: " + RedisContents.describeKeys(redis));
		// Every field counted: by default Redis estimates a large hash from a sample.
		report("session hash MEMORY USAGE: " + redis.command("MEMORY", "USAGE", session, "SAMPLES", "0") + " bytes");
		report("session hash fields (bytes): " + RedisContents.fieldSizes(redis, session));
		report("dump size: " + contents.length() + " characters");
	}

	private static void assertNoSecretInRedis(RealRedis redis, OidcLogin.Result login, String user) {
		RedisContents.assertNoSecret(redis, login, provider().issuedTo(user));
	}

	@Test
	void accessTokensLiveAsLongAsTheProviderIsTold() {
		provider().accessTokenTimeToLive(Duration.ofMinutes(10));
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		HttpResponse<String> token = OidcLogin.get(page(nodeA(), "/api/token"), login.token());
		assertThat(token.statusCode()).as(OidcLogin.describe(token)).isEqualTo(200);
		Map<String, Object> times = json(token.body());
		// The client learns the lifetime from expires_in, whole seconds counted down from
		// when the provider issued the token.
		assertThat(Duration.between(Instant.parse((String) times.get("issuedAt")),
				Instant.parse((String) times.get("expiresAt"))))
			.isBetween(Duration.ofMinutes(10).minusSeconds(2), Duration.ofMinutes(10));
		assertThat(provider().refreshTokenGrants()).isZero();
	}

	@Test
	void rpInitiatedLogoutEndsTheSessionHereThenSendsTheBrowserToTheProvider(RealRedis redis) {
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		String csrf = OidcLogin.get(page(nodeB(), "/csrf"), login.token()).body();
		HttpResponse<String> logout = OidcLogin.post(page(nodeB(), "/logout"), login.token(), Map.of("_csrf", csrf));
		assertThat(logout.statusCode()).as(OidcLogin.describe(logout)).isEqualTo(302);
		URI endSession = URI.create(logout.headers().firstValue("Location").orElseThrow());
		assertThat(endSession.getPath()).as("the provider's end_session_endpoint").isEqualTo("/connect/logout");
		assertThat(endSession.getAuthority()).isEqualTo(URI.create(provider().issuer()).getAuthority());
		assertThat(endSession.getRawQuery()).contains("id_token_hint=").contains("post_logout_redirect_uri=");
		assertThat(redis.command("EXISTS", sessionKey(login.token()))).as("the local session ended first")
			.isEqualToIgnoringWhitespace("0");
		assertThat(logout.headers().firstValue("Clear-Site-Data")).isPresent();
		assertThat(OidcLogin.get(page(nodeA(), "/me"), login.token()).statusCode()).isEqualTo(302);
	}

	@Test
	void anExpiredAccessTokenNeededByTwentyParallelRequestsOnTwoNodesIsRefreshedOnce(RealRedis redis) throws Exception {
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
		settle();
		assertNoSecretInRedis(redis, login, "alice");
	}

	@Test
	void aRefusedRefreshEndsTheSessionWith401ForApiCallsAndThenANewLoginForPages(RealRedis redis) {
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
		assertThat(page.headers().firstValue("Location")).as("back to the page asked for, on the same node")
			.hasValue(page(nodeA(), "/api/token?x=1").toString());
		assertThat(redis.command("EXISTS", sessionKey(browser.token()))).isEqualToIgnoringWhitespace("0");
		assertThat(provider().refusedRefreshTokenGrants()).as("one refusal per session, no loop").isEqualTo(2);
	}

	@Test
	void aLogoutTokenDeliveredToNodeBEndsTheSessionOfThatProviderSessionOnNodeA(RealRedis redis) throws Exception {
		OidcLogin.Result ended = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		Map<String, Object> claims = idTokenClaims(provider().issuedTo("alice"));
		OidcLogin.Result otherBrowser = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		assertThat(idTokenClaims(provider().issuedTo("alice")).get("sid")).as("another provider session")
			.isNotEqualTo(claims.get("sid"));
		String logoutToken = logoutToken(provider().signingKey(), (token) -> token.claim("sid", claims.get("sid")));
		List<SessionRevokedEvent> revoked = nodeB().getBean(OidcApplication.RevokedSessions.class).events();
		revoked.clear();
		HttpResponse<String> logout = backChannelLogout(nodeB(), logoutToken);
		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
		assertThat(revoked).singleElement().satisfies((event) -> {
			assertThat(event.getReason()).isEqualTo(SessionRevokedEvent.Reason.PROVIDER_LOGOUT);
			assertThat(event.getSessionId()).isEqualTo(SessionTokens.storageId(ended.token()));
			assertThat(event.getPrincipal()).isEqualTo("alice");
		});
		assertThat(logout.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(redis.command("EXISTS", sessionKey(ended.token()))).as("the session is deleted")
			.isEqualToIgnoringWhitespace("0");
		assertThat(OidcLogin.get(page(nodeA(), "/me"), ended.token()).statusCode()).isEqualTo(302);
		assertThat(OidcLogin.get(page(nodeA(), "/me"), otherBrowser.token()).statusCode())
			.as("the user's session of another provider session stays")
			.isEqualTo(200);

		String before = RedisContents.dump(redis);
		HttpResponse<String> replayed = backChannelLogout(nodeA(), logoutToken);
		assertThat(replayed.statusCode()).as("replayed").isEqualTo(400);
		assertThat(replayed.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(replayed.body()).contains("invalid_request");
		assertThat(RedisContents.dump(redis)).as("a replay changes nothing in Redis").isEqualTo(before);
		assertNoSecretInRedis(redis, otherBrowser, "alice");
	}

	@Test
	void aLogoutTokenWithoutSidEndsEverySessionOfTheSubjectAtThatProvider(RealRedis redis) throws Exception {
		OidcLogin.Result first = new OidcLogin().login(page(nodeA(), "/me"), "bob", "password");
		OidcLogin.Result second = new OidcLogin().login(page(nodeB(), "/me"), "bob", "password");
		HttpResponse<String> logout = backChannelLogout(nodeB(),
				logoutToken(provider().signingKey(), provider().issuedTo("bob"), (token) -> {
				}));
		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
		for (OidcLogin.Result login : List.of(first, second)) {
			assertThat(redis.command("EXISTS", sessionKey(login.token()))).isEqualToIgnoringWhitespace("0");
		}
	}

	@Test
	void forgedExpiredWrongAudienceAndMalformedLogoutTokensGet400AndChangeNothing(RealRedis redis) throws Exception {
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "alice", "password");
		Object sid = idTokenClaims(provider().issuedTo("alice")).get("sid");
		RSAKey forger = new RSAKeyGenerator(2048).keyID(provider().signingKey().getKeyID()).generate();
		Instant now = Instant.now();
		Map<String, String> refused = new java.util.LinkedHashMap<>();
		refused.put("forged", logoutToken(forger, (token) -> token.claim("sid", sid)));
		refused.put("expired",
				logoutToken(provider().signingKey(),
						(token) -> token.claim("sid", sid)
							.issueTime(java.util.Date.from(now.minusSeconds(600)))
							.expirationTime(java.util.Date.from(now.minusSeconds(300)))));
		refused.put("wrong audience",
				logoutToken(provider().signingKey(), (token) -> token.claim("sid", sid).audience("another-client")));
		refused.put("wrong issuer", logoutToken(provider().signingKey(),
				(token) -> token.claim("sid", sid).issuer("http://localhost:1/other")));
		refused.put("no events",
				logoutToken(provider().signingKey(), (token) -> token.claim("sid", sid).claim("events", null)));
		refused.put("with nonce",
				logoutToken(provider().signingKey(), (token) -> token.claim("sid", sid).claim("nonce", "n")));
		refused.put("no jti", logoutToken(provider().signingKey(), (token) -> token.claim("sid", sid).jwtID(null)));
		refused.put("not a JWT", "not-a-jwt");
		refused.put("unsigned",
				new com.nimbusds.jwt.PlainJWT(new JWTClaimsSet.Builder().issuer(provider().issuer())
					.audience(ProviderApplication.CLIENT_ID)
					.claim("sid", sid)
					.build()).serialize());
		String before = RedisContents.dump(redis);
		refused.forEach((kind, token) -> {
			HttpResponse<String> response = backChannelLogout(nodeB(), token);
			assertThat(response.statusCode()).as(kind + ": " + response.body()).isEqualTo(400);
			assertThat(response.headers().firstValue("Cache-Control")).as(kind).hasValue("no-store");
		});
		String valid = logoutToken(provider().signingKey(), (token) -> token.claim("sid", sid));
		URI endpoint = page(nodeB(), BackChannelLogout.PATH.replace("{registrationId}", "sas"));
		assertThat(LogoutTokens.deliverInUrl(endpoint, valid).statusCode()).as("a valid token in the URL")
			.isEqualTo(400);
		assertThat(LogoutTokens.deliverTwice(endpoint, valid).statusCode()).as("a valid token sent twice")
			.isEqualTo(400);
		assertThat(RedisContents.dump(redis)).as("refused tokens change nothing in Redis").isEqualTo(before);
		assertThat(OidcLogin.get(page(nodeA(), "/me"), login.token()).statusCode()).isEqualTo(200);
	}

	@Test
	void theSessionsListShowsTheProviderAndSignOutEverywhereEndsIdpSessions(RealRedis redis) {
		OidcLogin.Result first = new OidcLogin().login(page(nodeA(), "/me"), "dave", "password");
		OidcLogin.Result second = new OidcLogin().login(page(nodeB(), "/me"), "dave", "password");
		UserSessions sessions = nodeB().getBean(UserSessions.class);
		assertThat(sessions.list("dave", second.token())).hasSize(2)
			.allSatisfy((session) -> assertThat(session.provider()).isEqualTo("sas"));
		assertThat(sessions.revokeAll("dave")).hasSize(2);
		for (OidcLogin.Result login : List.of(first, second)) {
			assertThat(redis.command("EXISTS", sessionKey(login.token()))).isEqualToIgnoringWhitespace("0");
			assertThat(OidcLogin.get(page(nodeA(), "/me"), login.token()).statusCode()).isEqualTo(302);
		}
	}

	private static HttpResponse<String> backChannelLogout(ConfigurableApplicationContext node, String logoutToken) {
		return LogoutTokens.deliver(page(node, BackChannelLogout.PATH.replace("{registrationId}", "sas")), logoutToken);
	}

	private static String logoutToken(RSAKey key, java.util.function.Consumer<JWTClaimsSet.Builder> change)
			throws Exception {
		return LogoutTokens.sign(provider(), key, provider().issuedTo("alice"), change);
	}

	private static String logoutToken(RSAKey key, IssuedTokens issuedTo,
			java.util.function.Consumer<JWTClaimsSet.Builder> change) throws Exception {
		return LogoutTokens.sign(provider(), key, issuedTo, change);
	}

	private static Map<String, Object> idTokenClaims(IssuedTokens issued) throws Exception {
		return LogoutTokens.idTokenClaims(issued);
	}

	@Test
	void providerRefusesToRefreshWithARevokedRefreshToken() {
		// Shorter than the client's 60 s clock skew: the next use of the token refreshes.
		provider().accessTokenTimeToLive(Duration.ofSeconds(30));
		// Only live refresh tokens count: bob's from other tests are revoked already.
		OidcLogin.Result login = new OidcLogin().login(page(nodeA(), "/me"), "bob", "password");
		assertThat(provider().revokeRefreshTokens("bob")).isEqualTo(1);
		HttpResponse<String> token = OidcLogin.get(page(nodeA(), "/api/token"), login.token());
		assertThat(provider().refreshTokenGrants()).as("refresh requests").isEqualTo(1);
		assertThat(provider().refusedRefreshTokenGrants()).as("refused refresh requests").isEqualTo(1);
		assertThat(token.statusCode()).as(OidcLogin.describe(token)).isNotEqualTo(200);
	}

	private static ConfigurableApplicationContext startNode(String issuer) {
		return AppNodes.startSasNode(OidcApplication.class, WebApplicationType.SERVLET, issuer);
	}

	/**
	 * The nodes are reached on the loopback IP literal, which the provider matches with
	 * the registered redirect URI whatever the port; on {@code localhost} it would want
	 * every node's port registered.
	 */
	private static URI page(ConfigurableApplicationContext node, String path) {
		return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) node).getWebServer().getPort() + path);
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

	private static void report(String line) {
		System.out.println("[oidc-session] " + line);
	}

	/**
	 * Spring Session's filter finishes its work after the response has been sent; wait
	 * for it before reading Redis counters, so that late commands are counted too.
	 */
	private static void settle() {
		InFlightRequests.awaitNone();
	}

}
