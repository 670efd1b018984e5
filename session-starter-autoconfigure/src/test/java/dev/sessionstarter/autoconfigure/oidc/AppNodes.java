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

package dev.sessionstarter.autoconfigure.oidc;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.sessionstarter.autoconfigure.oidc.provider.ProviderApplication;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.RealRedisConfiguration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the OIDC end-to-end tests do with the application nodes and servers they start
 * once per class.
 */
final class AppNodes {

	private AppNodes() {
	}

	/**
	 * A page of a node, on the loopback IP literal (the provider is on {@code localhost},
	 * so the two never share cookies).
	 */
	static URI page(ConfigurableApplicationContext node, String path) {
		return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) node).getWebServer().getPort() + path);
	}

	/**
	 * Start a node of a relying party registered with Spring Authorization Server as
	 * {@code sas}, on a free port and the tests' Redis.
	 */
	static ConfigurableApplicationContext startSasNode(Class<?> application, WebApplicationType type, String issuer) {
		String registration = "spring.security.oauth2.client.registration.sas.";
		return new SpringApplicationBuilder(application, RealRedisConfiguration.class).web(type)
			.properties("server.port=0", "spring.main.banner-mode=off",
					registration + "client-id=" + ProviderApplication.CLIENT_ID,
					registration + "client-secret=" + ProviderApplication.CLIENT_SECRET,
					registration + "scope=openid,profile",
					"spring.security.oauth2.client.provider.sas.issuer-uri=" + issuer)
			.run();
	}

	/**
	 * GET every page with the session token at the same moment (the requests are released
	 * together) and return the replies in the order of the pages.
	 */
	static List<HttpResponse<String>> getAtOnce(List<URI> pages, String sessionToken) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(pages.size());
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> replies = new ArrayList<>();
			for (URI page : pages) {
				replies.add(pool.submit(() -> {
					start.await();
					return OidcLogin.get(page, sessionToken);
				}));
			}
			start.countDown();
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (Future<HttpResponse<String>> reply : replies) {
				responses.add(reply.get(60, TimeUnit.SECONDS));
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Every reply answered 200 with the same access token (its issue time, from
	 * {@code /api/token}) and none changed the session token: one refresh served them
	 * all.
	 */
	static void assertOneAccessTokenServedAll(List<HttpResponse<String>> responses) {
		Set<Object> issuedAt = new HashSet<>();
		for (HttpResponse<String> response : responses) {
			assertThat(response.statusCode()).as(OidcLogin.describe(response)).isEqualTo(200);
			assertThat(response.headers().allValues("Set-Cookie")).as("a refresh keeps the session token")
				.noneMatch((cookie) -> cookie.startsWith("__Host-SID="));
			issuedAt.add(json(response.body()).get("issuedAt"));
		}
		assertThat(issuedAt).as("every request used the one refreshed token").hasSize(1);
	}

	static String sessionKey(String token) {
		return "session-starter:s:{" + SessionTokens.storageId(token) + "}";
	}

	static void close(@Nullable AutoCloseable started) {
		if (started != null) {
			try {
				started.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * Close everything in the order given, each even if an earlier one failed; the first
	 * failure is thrown at the end.
	 */
	static void closeAll(@Nullable AutoCloseable... started) {
		IllegalStateException failure = null;
		for (AutoCloseable closeable : started) {
			try {
				close(closeable);
			}
			catch (IllegalStateException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	static <T> T started(@Nullable T started) {
		if (started == null) {
			throw new IllegalStateException("Not started");
		}
		return started;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> json(String body) {
		return JsonMapper.shared().readValue(body, Map.class);
	}

}
