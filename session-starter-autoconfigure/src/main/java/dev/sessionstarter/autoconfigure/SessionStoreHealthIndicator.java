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

import dev.sessionstarter.core.store.RedisSessionStore;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the session store: UP when Redis answers (with whether the store's scripts
 * are cached there), DOWN when it does not, in which case requests that need a session
 * are answered with 503.
 *
 * @author session-starter
 */
public class SessionStoreHealthIndicator extends AbstractHealthIndicator {

	private final RedisSessionStore store;

	/**
	 * Create a new indicator.
	 * @param store the store
	 */
	public SessionStoreHealthIndicator(RedisSessionStore store) {
		super("Session store is unavailable");
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean cached = this.store.checkAvailable();
		builder.up().withDetail("scriptsCached", cached);
	}

}
