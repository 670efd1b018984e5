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

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.security.web.authentication.session.SessionAuthenticationException;

/**
 * Lets a {@link SessionAuthenticationException} (a login refused at the
 * concurrent-session limit) be stored as its message only. Spring Security's form login
 * keeps the failure in the session for the login page to show, as it does for wrong
 * passwords; without this the refused login would end in an error instead of the login
 * page. Only the message is written: no stack trace, no cause, no authentication request.
 *
 * @author session-starter
 */
final class SessionLimitFailureModule extends SimpleModule {

	static final String TYPE = SessionAuthenticationException.class.getName();

	SessionLimitFailureModule() {
		super("session-starter-session-limit-failure");
		setMixInAnnotation(SessionAuthenticationException.class, FailureMixin.class);
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
	@JsonIgnoreProperties(ignoreUnknown = true,
			value = { "cause", "stackTrace", "suppressed", "localizedMessage", "authenticationRequest" })
	abstract static class FailureMixin {

		@JsonCreator
		FailureMixin(@JsonProperty("message") String message) {
		}

	}

}
