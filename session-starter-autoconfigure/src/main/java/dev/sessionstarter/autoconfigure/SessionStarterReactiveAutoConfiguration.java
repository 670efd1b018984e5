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

package dev.sessionstarter.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;

/**
 * Says so when the starter is in a reactive (WebFlux) application, where it does nothing
 * yet: such an application keeps Spring's in-memory {@code WebSession} (a {@code SESSION}
 * cookie that is not Secure, nothing in Redis), and a silent starter would let its users
 * believe their sessions are protected.
 *
 * @author session-starter
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
public final class SessionStarterReactiveAutoConfiguration {

	static final String README_SECTION = "https://github.com/sessionstarter/session-starter#reactive-applications";

	private static final Log logger = LogFactory.getLog(SessionStarterReactiveAutoConfiguration.class);

	SessionStarterReactiveAutoConfiguration() {
		logger.warn("session-starter applies to servlet web applications only; this reactive (WebFlux) application "
				+ "keeps Spring's in-memory WebSession, and no session is stored in Redis. See " + README_SECTION);
	}

}
