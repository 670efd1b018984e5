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

package dev.sessionstarter.reactive;

import dev.sessionstarter.core.token.TokenRejection;

import org.springframework.web.server.ServerWebExchange;

/**
 * Told about presented tokens that {@link ServerSessionTokenResolver} rejected without a
 * store call (for metrics). It never receives the token.
 *
 * @author session-starter
 */
@FunctionalInterface
public interface ServerTokenRejectionListener {

	/**
	 * Called once for each exchange whose token was rejected.
	 * @param exchange the exchange
	 * @param reason why the token was rejected
	 */
	void rejected(ServerWebExchange exchange, TokenRejection reason);

}
