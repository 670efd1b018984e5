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

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.RealRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store flooding (Django's CVE-2015-5143): anonymous traffic to pages that do not write
 * to the session, including protected pages that redirect to the login form and forged
 * POSTs that Spring Security refuses, stores nothing and costs Redis nothing.
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.transport=both" })
@AutoConfigureRealRedis
class AnonymousTrafficEndToEndTests {

	private static final int REQUESTS = 10_000;

	private static final int OVER_HTTP = 500;

	private static final String[] PAGES = { "GET /public/hello", "GET /public/cart", "GET /public/touch", "GET /me",
			"GET /admin", "GET /no/such/page", "GET /actuator/info", "POST /public/cart", "POST /password" };

	@Autowired
	WebApplicationContext context;

	@Value("${local.server.port}")
	int port;

	@Test
	void tenThousandAnonymousRequestsCreateNoRedisKeyAndCostNoRedisCall(RealRedis redis) throws Exception {
		MockMvc mvc = FilterChainMvc.of(this.context);
		Map<String, Long> before = redis.commandStats();
		Map<String, Integer> statuses = new TreeMap<>();
		for (int i = 0; i < REQUESTS; i++) {
			String page = PAGES[i % PAGES.length];
			String[] methodAndPath = page.split(" ");
			MockHttpServletRequestBuilder request = methodAndPath[0].equals("GET")
					? MockMvcRequestBuilders.get(methodAndPath[1])
					: MockMvcRequestBuilders.post(methodAndPath[1]).param("item", "apple" + i);
			MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
			assertThat(response.getStatus()).as(page).isLessThan(500);
			assertThat(response.getHeaders("Set-Cookie")).as(page).noneMatch((c) -> c.startsWith("__Host-SID"));
			statuses.merge(page + " " + response.getStatus(), 1, Integer::sum);
		}
		Http http = new Http(this.port);
		for (int i = 0; i < OVER_HTTP; i++) {
			String path = PAGES[i % 7].substring(4);
			HttpResponse<String> response = http.get(path);
			assertThat(response.statusCode()).as(path).isLessThan(500);
			assertThat(Http.sessionToken(response)).as(path).isNull();
		}
		System.out.println("[anonymous] " + REQUESTS + " requests through the filter chain: " + statuses + "; "
				+ OVER_HTTP + " over HTTP");
		CookieSessionEndToEndTests.settle();
		assertThat(redis.commandStatsDelta(before)).isEmpty();
		assertThat(redis.command("DBSIZE").trim()).isEqualTo("0");
	}

}
