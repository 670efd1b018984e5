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

package dev.sessionstarter.autoconfigure.reactive;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocking check is real: a request whose handler blocks its event-loop thread is
 * caught, so the reactive suites passing means nothing of theirs blocked.
 */
@ReactiveEndToEndTest
class ReactiveBlockingChecksTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void aBlockingCallOnARequestThreadIsCaught() {
		WebClientHttp http = new WebClientHttp(this.port);
		assertThat(WebClientHttp.status(http.get("/public/deliberately-blocking"))).isEqualTo(500);
		assertThat(ReactiveBlockingChecks.take()).singleElement()
			.asString()
			.startsWith("java.lang.Thread.sleep on ")
			.contains("ReactiveApplication$Endpoints.deliberatelyBlocking");
	}

	@Test
	void theSameRequestWithoutTheBlockingCallPasses() {
		WebClientHttp http = new WebClientHttp(this.port);
		assertThat(WebClientHttp.status(http.get("/public/hello"))).isEqualTo(200);
		assertThat(ReactiveBlockingChecks.take()).isEmpty();
	}

}
