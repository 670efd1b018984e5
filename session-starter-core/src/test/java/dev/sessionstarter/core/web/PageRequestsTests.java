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
package dev.sessionstarter.core.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PageRequests}: which page a form post goes back to is only ever a path
 * of the request's own origin, and API calls are told from page requests.
 */
class PageRequestsTests {

	@Test
	void aRefererOnTheSameOriginGivesItsPathAndQuery() {
		assertThat(PageRequests.sameOriginPage("http://localhost:8080/account/form?step=2", "http", "localhost", 8080))
			.isEqualTo("/account/form?step=2");
		assertThat(PageRequests.sameOriginPage("https://shop.example/pay", "https", "shop.example", -1))
			.as("default ports on both sides")
			.isEqualTo("/pay");
		assertThat(PageRequests.sameOriginPage("https://shop.example:443/pay", "https", "SHOP.example", 443))
			.isEqualTo("/pay");
	}

	@Test
	void anyOtherRefererGivesNothing() {
		for (String referer : new String[] { "https://elsewhere.example/phish", "http://localhost:8081/account",
				"https://localhost:8080/account", "http://localhost:8080//elsewhere.example/x",
				"http://localhost:8080/a\\b", "not a uri at all", "/relative", "javascript:alert(1)" }) {
			assertThat(PageRequests.sameOriginPage(referer, "http", "localhost", 8080)).as(referer).isNull();
		}
		assertThat(PageRequests.sameOriginPage(null, "http", "localhost", 8080)).isNull();
	}

	@Test
	void apiCallsAskForJsonWithoutPagesOrSayTheyAreXmlHttpRequests() {
		assertThat(PageRequests.isApiCall("application/json", null)).isTrue();
		assertThat(PageRequests.isApiCall(null, "XMLHttpRequest")).isTrue();
		assertThat(PageRequests.isApiCall("text/html,application/json", null)).isFalse();
		assertThat(PageRequests.isApiCall("*/*", null)).isFalse();
		assertThat(PageRequests.isApiCall(null, null)).isFalse();
	}

}
