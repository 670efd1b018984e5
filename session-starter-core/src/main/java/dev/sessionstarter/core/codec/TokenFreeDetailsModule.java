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

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Replaces Spring Security's Jackson mixin for {@link WebAuthenticationDetails} with one
 * that leaves out the session id it captured at login: that id is a session token, and
 * tokens are never written to the store.
 *
 * @author session-starter
 */
final class TokenFreeDetailsModule extends SimpleModule {

	TokenFreeDetailsModule() {
		super("session-starter-token-free-details");
		setMixInAnnotation(WebAuthenticationDetails.class, DetailsMixin.class);
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
	@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
			isGetterVisibility = JsonAutoDetect.Visibility.NONE, creatorVisibility = JsonAutoDetect.Visibility.ANY)
	@JsonIgnoreProperties(value = "sessionId", ignoreUnknown = true)
	abstract static class DetailsMixin {

		@JsonCreator
		DetailsMixin(@JsonProperty("remoteAddress") String remoteAddress, @JsonProperty("sessionId") String sessionId) {
		}

	}

}
