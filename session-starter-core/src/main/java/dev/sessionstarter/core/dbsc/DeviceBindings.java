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

package dev.sessionstarter.core.dbsc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.core.store.SessionKeys;
import dev.sessionstarter.core.store.SessionStoreUnavailableException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The writes of device binding, each one script on the session's own hash (so one slot in
 * Redis Cluster): bind a session to a key ({@code bind.lua}), remember a challenge
 * ({@code challenge.lua}), renew the bound cookie with a used-up challenge
 * ({@code refresh.lua}). The binding lives in the session hash, so it is read with the
 * session in the same round trip, moves with it when its token changes, and ends with it
 * on logout, revocation and "sign out everywhere".
 *
 * @author session-starter
 */
public class DeviceBindings {

	private final RedisSessionStore store;

	private final SessionKeys keys;

	private final StringRedisTemplate redis;

	private final RedisScript<Long> bind = script("bind.lua");

	private final RedisScript<Long> challenge = script("challenge.lua");

	private final RedisScript<Long> refresh = script("refresh.lua");

	/**
	 * Create a new instance.
	 * @param store the store whose sessions are bound
	 * @param keys the store's key names
	 * @param connectionFactory the store's Redis
	 */
	public DeviceBindings(RedisSessionStore store, SessionKeys keys, RedisConnectionFactory connectionFactory) {
		this.store = store;
		this.keys = keys;
		this.redis = new StringRedisTemplate(connectionFactory);
	}

	public RedisSessionStore store() {
		return this.store;
	}

	public boolean bind(String storageId, String offerField, String key, String identifier, String cookieRecord) {
		return run(storageId,
				() -> this.redis.execute(this.bind, keyOf(storageId), offerField, key, identifier, cookieRecord));
	}

	public boolean challenge(String storageId, String identifier, String challenge, long now) {
		return run(storageId, () -> this.redis.execute(this.challenge, keyOf(storageId), identifier, challenge,
				Long.toString(now), Integer.toString(DeviceBindingSettings.MAX_CHALLENGES)));
	}

	public boolean refresh(String storageId, String identifier, String key, String challenge, String cookieRecord) {
		return run(storageId,
				() -> this.redis.execute(this.refresh, keyOf(storageId), identifier, key, challenge, cookieRecord));
	}

	private List<String> keyOf(String storageId) {
		return List.of(this.keys.session(storageId));
	}

	private boolean run(String storageId, Supplier<Long> script) {
		try {
			return Long.valueOf(1).equals(script.get());
		}
		catch (DataAccessException ex) {
			throw new SessionStoreUnavailableException("Session store did not answer: " + ex.getMessage(), ex);
		}
		finally {
			this.store.forgetCached(storageId);
		}
	}

	private static RedisScript<Long> script(String name) {
		try (InputStream in = new ClassPathResource(name, DeviceBindings.class).getInputStream()) {
			return RedisScript.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), Long.class);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Missing store script " + name, ex);
		}
	}

}
