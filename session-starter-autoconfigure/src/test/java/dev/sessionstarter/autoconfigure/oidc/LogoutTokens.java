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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sessionstarter.autoconfigure.oidc.AuthorizationServer.IssuedTokens;
import dev.sessionstarter.autoconfigure.oidc.provider.ProviderApplication;

/**
 * Logout tokens as an OpenID Provider sends them to a relying party's back-channel logout
 * endpoint (Back-Channel Logout 1.0, sections 2.4 and 2.5).
 */
final class LogoutTokens {

	private LogoutTokens() {
	}

	/**
	 * A logout token for the user of the given ID token, signed with the given key, after
	 * a change of its claims.
	 */
	static String sign(AuthorizationServer provider, RSAKey key, IssuedTokens issuedTo,
			Consumer<JWTClaimsSet.Builder> change) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(provider.issuer())
			.audience(ProviderApplication.CLIENT_ID)
			.subject((String) idTokenClaims(issuedTo).get("sub"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(120)))
			.jwtID(UUID.randomUUID().toString())
			.claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
		change.accept(claims);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
			.type(new JOSEObjectType("logout+jwt"))
			.build(), claims.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	static Map<String, Object> idTokenClaims(IssuedTokens issued) throws Exception {
		return SignedJWT.parse(issued.idToken()).getJWTClaimsSet().getClaims();
	}

	/**
	 * Post a logout token to an endpoint as a provider does: a form, no cookie.
	 */
	static HttpResponse<String> deliver(URI endpoint, String logoutToken) {
		return OidcLogin.post(endpoint, Map.of("logout_token", logoutToken));
	}

	/**
	 * Post a logout token in the URL instead, as no provider may: URLs end up in access
	 * logs.
	 */
	static HttpResponse<String> deliverInUrl(URI endpoint, String logoutToken) {
		return OidcLogin.post(URI.create(endpoint + "?logout_token=" + logoutToken), Map.of("state", "x"));
	}

	/**
	 * Post a form that carries the same logout token twice.
	 */
	static HttpResponse<String> deliverTwice(URI endpoint, String logoutToken) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(endpoint)
					.timeout(Duration.ofSeconds(30))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers
						.ofString("logout_token=" + logoutToken + "&logout_token=" + logoutToken))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
