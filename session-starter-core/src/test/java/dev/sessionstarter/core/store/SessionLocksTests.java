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
package dev.sessionstarter.core.store;

import java.time.Duration;

import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedis;
import dev.sessionstarter.test.RealRedisTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@RealRedisTest
class SessionLocksTests extends StoreTestSupport {

	@Test
	void oneHolderAtATimeAndOnlyTheHolderReleases(RealRedis redis) {
		SessionLocks locks = new SessionLocks(store());
		String token = SessionTokens.mint();
		String owner = locks.tryAcquire(token, "refresh", Duration.ofSeconds(10));
		assertThat(owner).isNotNull();
		assertThat(locks.tryAcquire(token, "refresh", Duration.ofSeconds(10))).as("taken").isNull();
		assertThat(locks.tryAcquire(token, "other", Duration.ofSeconds(10))).as("another lock").isNotNull();
		assertThat(locks.tryAcquire(SessionTokens.mint(), "refresh", Duration.ofSeconds(10))).as("another session")
			.isNotNull();
		locks.release(token, "refresh", "not-the-owner");
		assertThat(locks.isHeld(token, "refresh")).isTrue();
		locks.release(token, "refresh", owner);
		assertThat(locks.isHeld(token, "refresh")).isFalse();
		assertThat(redis.command("KEYS", "*")).as("keys name sessions by storage id, never by token")
			.doesNotContain(token);
	}

	@Test
	void aLockNobodyReleasesEndsByItself() throws InterruptedException {
		SessionLocks locks = new SessionLocks(store());
		String token = SessionTokens.mint();
		assertThat(locks.tryAcquire(token, "refresh", Duration.ofMillis(200))).isNotNull();
		Thread.sleep(400);
		assertThat(locks.isHeld(token, "refresh")).isFalse();
		assertThat(locks.tryAcquire(token, "refresh", Duration.ofSeconds(10))).isNotNull();
	}

}
