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
package dev.sessionstarter.core.codec;

import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.converter.ClaimTypeConverter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@code oauth2Login()}, {@code oauth2Client()} and OIDC logout keep in a session
 * round-trips through the default codec with no allowlisting by the application, with
 * claims as identity providers send them (decoded the way Spring Security decodes an ID
 * token, so URLs, instants and the JSON library's own nested maps are in them), and the
 * allowlist stays closed to everything else.
 */
class OAuth2SessionAttributesCodecTests {

	private static RSAKey signingKey;

	private final JsonAttributeCodec codec = new JsonAttributeCodec();

	@BeforeAll
	static void signingKey() throws JOSEException {
		signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
	}

	@Test
	void oidcLoginRoundTripsExactly() throws Exception {
		OidcIdToken idToken = keycloakIdToken();
		assertThat(idToken.getIssuer()).isInstanceOf(URL.class);
		assertThat(idToken.getClaims().get("realm_access").getClass().getName()).as("the JSON library's own map")
			.doesNotStartWith("java.");
		OidcUserInfo userInfo = new OidcUserInfo(userInfoClaims());
		List<GrantedAuthority> authorities = List.of(new OidcUserAuthority(idToken, userInfo, "preferred_username"),
				new SimpleGrantedAuthority("SCOPE_openid"), new SimpleGrantedAuthority("SCOPE_profile"),
				FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY));
		DefaultOidcUser user = new DefaultOidcUser(authorities, idToken, userInfo, "preferred_username");
		SecurityContext context = new SecurityContextImpl(new OAuth2AuthenticationToken(user, authorities, "keycloak"));
		Object decoded = this.codec.decode(this.codec.encode(context));
		assertThat(decoded).isEqualTo(context);
		assertThat(decoded).usingRecursiveComparison().isEqualTo(context);
		OAuth2AuthenticationToken authentication = (OAuth2AuthenticationToken) ((SecurityContext) decoded)
			.getAuthentication();
		assertThat(authentication.getName()).isEqualTo("alice");
		assertThat(authentication.getAuthorizedClientRegistrationId()).isEqualTo("keycloak");
		DefaultOidcUser restored = (DefaultOidcUser) authentication.getPrincipal();
		assertThat(restored.getIdToken().getIssuer()).isEqualTo(idToken.getIssuer());
		assertThat(idToken.getIssuer()).as("equal both ways").isEqualTo(restored.getIdToken().getIssuer());
		assertThat(restored.getIdToken().getAuthenticatedAt()).isEqualTo(idToken.getAuthenticatedAt());
		assertThat(restored.getIdToken().getAudience()).containsExactly("session-app");
		assertThat(restored.getClaimAsMap("realm_access"))
			.isEqualTo(Map.of("roles", List.of("offline_access", "user")));
		assertThat(restored.getUserInfo().getUpdatedAt()).isEqualTo(userInfo.getUpdatedAt());
	}

	@Test
	void oauth2LoginWithoutOidcRoundTripsExactly() {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("id", 583231);
		attributes.put("login", "octocat");
		attributes.put("site_admin", false);
		attributes.put("plan", Map.of("name", "pro", "collaborators", 0, "private_repos", 9999L));
		attributes.put("emails", List.of("octocat@example.com"));
		List<GrantedAuthority> authorities = List.of(new OAuth2UserAuthority(attributes, "login"),
				new SimpleGrantedAuthority("SCOPE_read:user"));
		SecurityContext context = new SecurityContextImpl(new OAuth2AuthenticationToken(
				new DefaultOAuth2User(authorities, attributes, "login"), authorities, "github"));
		Object decoded = this.codec.decode(this.codec.encode(context));
		assertThat(decoded).isEqualTo(context);
		assertThat(decoded).usingRecursiveComparison().isEqualTo(context);
	}

	@Test
	void authorizationRequestHeldBeforeLoginRoundTripsExactly() {
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:8180/realms/demo/protocol/openid-connect/auth")
			.clientId("session-app")
			.redirectUri("http://localhost:8080/login/oauth2/code/keycloak")
			.scopes(Set.of("openid", "profile"))
			.state("1zJ2f6aVvYkVd7r1YrGZ3w")
			.additionalParameters(Map.of("nonce", "n-0S6_WzA2Mj", "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URW",
					"code_challenge_method", "S256"))
			.attributes(Map.of("registration_id", "keycloak", "nonce", "raw-nonce", "code_verifier", "verifier"))
			.build();
		Object decoded = this.codec.decode(this.codec.encode(request));
		assertThat(decoded).usingRecursiveComparison().isEqualTo(request);
	}

	@Test
	void authorizedClientRoundTripsExactly() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registration(), "alice",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-token-value", now,
						now.plusSeconds(300), Set.of("openid", "profile")),
				new OAuth2RefreshToken("refresh-token-value", now, now.plusSeconds(1800)));
		Object decoded = this.codec.decode(this.codec.encode(client));
		assertThat(decoded).usingRecursiveComparison().isEqualTo(client);
	}

	// Keycloak's discovery document nests objects (mtls_endpoint_aliases), which the
	// registration's metadata keeps as the OIDC SDK parsed them; before the codec stored
	// them as plain maps, a Keycloak login failed with "Could not resolve type id
	// 'com.nimbusds.oauth2.sdk.util.OrderedJSONObject'".
	@Test
	void authorizedClientOfARegistrationFromKeycloaksDiscoveryRoundTripsExactly() {
		ClientRegistration registration = ClientRegistrations.fromOidcConfiguration(keycloakDiscovery())
			.registrationId("keycloak")
			.clientId("session-app")
			.clientSecret("client-secret")
			.build();
		assertThat(registration.getProviderDetails()
			.getConfigurationMetadata()
			.get("mtls_endpoint_aliases")
			.getClass()
			.getName()).as("the OIDC SDK's own map").doesNotStartWith("java.");
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registration, "alice",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-token-value", now,
						now.plusSeconds(300), Set.of("openid", "profile")),
				new OAuth2RefreshToken("refresh-token-value", now, now.plusSeconds(1800)));
		Object decoded = this.codec.decode(this.codec.encode(client));
		assertThat(decoded).usingRecursiveComparison().isEqualTo(client);
		assertThat(((OAuth2AuthorizedClient) decoded).getClientRegistration()
			.getProviderDetails()
			.getConfigurationMetadata()).isEqualTo(registration.getProviderDetails().getConfigurationMetadata());
	}

	@Test
	void aClaimOfATypeOutsideTheAllowlistStillFailsClosed() throws Exception {
		OidcIdToken idToken = keycloakIdToken();
		Map<String, Object> claims = new LinkedHashMap<>(idToken.getClaims());
		claims.put("weird", new StringBuilder("not a JSON value"));
		OidcIdToken tampered = new OidcIdToken(idToken.getTokenValue(), idToken.getIssuedAt(), idToken.getExpiresAt(),
				claims);
		DefaultOidcUser user = new DefaultOidcUser(List.of(new SimpleGrantedAuthority("SCOPE_openid")), tampered);
		String stored = this.codec
			.encode(new SecurityContextImpl(new OAuth2AuthenticationToken(user, user.getAuthorities(), "keycloak")));
		assertThatExceptionOfType(AttributeCodecException.class).isThrownBy(() -> this.codec.decode(stored));
		// Nor does a stored claim name a class that was never allowed.
		String crafted = this.codec
			.encode(new SecurityContextImpl(new OAuth2AuthenticationToken(
					new DefaultOidcUser(user.getAuthorities(), idToken), user.getAuthorities(), "keycloak")))
			.replace("\"java.net.URL\"", "\"java.lang.ProcessBuilder\"");
		assertThat(crafted).contains("java.lang.ProcessBuilder");
		assertThatExceptionOfType(AttributeCodecException.class).isThrownBy(() -> this.codec.decode(crafted));
	}

	/**
	 * An ID token as Keycloak issues one, decoded as Spring Security decodes it.
	 */
	static OidcIdToken keycloakIdToken() throws JOSEException {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("http://localhost:8180/realms/demo")
			.subject("0b9f3a52-4c6d-4e0e-9d7f-2f5b1c3a8e11")
			.audience("session-app")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID("onrtac:4f5d5c1e-7a9b-4f0e-8c1d-2e3f4a5b6c7d")
			.claim("auth_time", now.getEpochSecond())
			.claim("typ", "ID")
			.claim("azp", "session-app")
			.claim("nonce", "n-0S6_WzA2Mj")
			.claim("sid", "7a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b")
			.claim("at_hash", "77QmUPtjPfzWtF2AnpK9RQ")
			.claim("acr", "1")
			.claim("email_verified", true)
			.claim("preferred_username", "alice")
			.claim("given_name", "Alice")
			.claim("email", "alice@example.com")
			.claim("realm_access", Map.of("roles", List.of("offline_access", "user")))
			.claim("resource_access", Map.of("account", Map.of("roles", List.of("manage-account", "view-profile"))))
			.claim("groups", List.of("/staff"))
			.claim("amr", List.of("pwd", "otp"))
			.claim("score", 0.75)
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
				claims);
		jwt.sign(new RSASSASigner(signingKey));
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey()).build();
		decoder
			.setClaimSetConverter(new ClaimTypeConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
		decoder.setJwtValidator((token) -> OAuth2TokenValidatorResult.success());
		Jwt decoded = decoder.decode(jwt.serialize());
		return new OidcIdToken(decoded.getTokenValue(), decoded.getIssuedAt(), decoded.getExpiresAt(),
				decoded.getClaims());
	}

	/**
	 * User info as an Entra ID or Google user info endpoint answers it.
	 */
	static Map<String, Object> userInfoClaims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "0b9f3a52-4c6d-4e0e-9d7f-2f5b1c3a8e11");
		claims.put("name", "Alice Example");
		claims.put("picture", "https://lh3.example.com/a/photo.jpg");
		claims.put("email_verified", true);
		claims.put("updated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS));
		claims.put("groups", new ArrayList<>(List.of("a1b2c3", "d4e5f6")));
		claims.put("address", Map.of("country", "NL", "locality", "Utrecht"));
		claims.put("website", URI.create("https://alice.example.com/"));
		return claims;
	}

	/**
	 * The part of a Keycloak 26 realm's discovery document that a registration keeps,
	 * nested objects included.
	 */
	static Map<String, Object> keycloakDiscovery() {
		String realm = "http://localhost:8180/realms/demo";
		String endpoints = realm + "/protocol/openid-connect";
		Map<String, Object> discovery = new LinkedHashMap<>();
		discovery.put("issuer", realm);
		discovery.put("authorization_endpoint", endpoints + "/auth");
		discovery.put("token_endpoint", endpoints + "/token");
		discovery.put("userinfo_endpoint", endpoints + "/userinfo");
		discovery.put("end_session_endpoint", endpoints + "/logout");
		discovery.put("jwks_uri", endpoints + "/certs");
		discovery.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
		discovery.put("response_types_supported", List.of("code", "none", "id_token"));
		discovery.put("subject_types_supported", List.of("public", "pairwise"));
		discovery.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
		discovery.put("scopes_supported", List.of("openid", "profile", "email"));
		discovery.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
		discovery.put("backchannel_logout_supported", true);
		discovery.put("backchannel_logout_session_supported", true);
		Map<String, Object> aliases = new LinkedHashMap<>();
		aliases.put("token_endpoint", endpoints + "/token");
		aliases.put("revocation_endpoint", endpoints + "/revoke");
		aliases.put("userinfo_endpoint", endpoints + "/userinfo");
		discovery.put("mtls_endpoint_aliases", aliases);
		return discovery;
	}

	static ClientRegistration registration() {
		return ClientRegistration.withRegistrationId("keycloak")
			.clientId("session-app")
			.clientSecret("client-secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope("openid", "profile")
			.authorizationUri("http://localhost:8180/realms/demo/protocol/openid-connect/auth")
			.tokenUri("http://localhost:8180/realms/demo/protocol/openid-connect/token")
			.jwkSetUri("http://localhost:8180/realms/demo/protocol/openid-connect/certs")
			.userInfoUri("http://localhost:8180/realms/demo/protocol/openid-connect/userinfo")
			.userNameAttributeName("preferred_username")
			.issuerUri("http://localhost:8180/realms/demo")
			.providerConfigurationMetadata(Map.of("end_session_endpoint",
					"http://localhost:8180/realms/demo/protocol/openid-connect/logout", "backchannel_logout_supported",
					true, "response_types_supported", List.of("code", "id_token")))
			.build();
	}

}
