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

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

/**
 * Completes Spring Security's Jackson mixins for what {@code oauth2Login()} and
 * {@code oauth2Client()} keep in a session, so that they round-trip exactly: its mixins
 * drop a refresh token's expiry (a refresh token past it would look usable) and the
 * user-name attribute of OAuth 2.0 and OIDC authorities. Registered after Spring
 * Security's modules, so these mixins win.
 *
 * @author session-starter
 */
final class OAuth2ClientModule extends SimpleModule {

	static final String PRESENT = "org.springframework.security.oauth2.client.OAuth2AuthorizedClient";

	OAuth2ClientModule() {
		super("session-starter-oauth2-client");
		setMixInAnnotation(OAuth2RefreshToken.class, RefreshTokenMixin.class);
		setMixInAnnotation(OAuth2UserAuthority.class, UserAuthorityMixin.class);
		setMixInAnnotation(OidcUserAuthority.class, OidcUserAuthorityMixin.class);
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
	@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
			isGetterVisibility = JsonAutoDetect.Visibility.NONE)
	@JsonIgnoreProperties(ignoreUnknown = true)
	abstract static class RefreshTokenMixin {

		@JsonCreator
		RefreshTokenMixin(@JsonProperty("tokenValue") String tokenValue, @JsonProperty("issuedAt") Instant issuedAt,
				@JsonProperty("expiresAt") Instant expiresAt) {
		}

	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
	@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
			isGetterVisibility = JsonAutoDetect.Visibility.NONE)
	@JsonIgnoreProperties(ignoreUnknown = true)
	abstract static class UserAuthorityMixin {

		@JsonCreator
		UserAuthorityMixin(@JsonProperty("authority") String authority,
				@JsonProperty("attributes") Map<String, Object> attributes,
				@JsonProperty("userNameAttributeName") String userNameAttributeName) {
		}

	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
	@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
			isGetterVisibility = JsonAutoDetect.Visibility.NONE)
	@JsonIgnoreProperties(value = "attributes", ignoreUnknown = true)
	abstract static class OidcUserAuthorityMixin {

		@JsonCreator
		OidcUserAuthorityMixin(@JsonProperty("authority") String authority,
				@JsonProperty("idToken") OidcIdToken idToken, @JsonProperty("userInfo") OidcUserInfo userInfo,
				@JsonProperty("userNameAttributeName") String userNameAttributeName) {
		}

	}

}
