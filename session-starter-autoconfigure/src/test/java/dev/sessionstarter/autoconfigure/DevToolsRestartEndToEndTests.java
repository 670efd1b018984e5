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

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sessionstarter.autoconfigure.devtools.Basket;
import dev.sessionstarter.autoconfigure.devtools.RestartedApplication;
import dev.sessionstarter.core.codec.AttributeCodec;
import dev.sessionstarter.test.RealRedisConfiguration;
import dev.sessionstarter.test.RealRedisTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.devtools.restart.classloader.RestartClassLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Boot DevTools an application's own classes are loaded by a
 * {@link RestartClassLoader}, and every restart replaces it, while the starter's classes
 * stay with the parent class loader and the sessions stay in Redis. An application type
 * listed in {@code allowed-types} must come back from the codec as the current restart
 * class loader defines it, before and after a restart, or the application's own cast
 * fails ("Basket cannot be cast to Basket").
 *
 * <p>
 * Each generation of the application runs the way DevTools starts one: its classes come
 * from a fresh {@code RestartClassLoader} over the test classes (child first), which is
 * the thread context class loader while it starts and so the application context's class
 * loader.
 */
// standalone-only: class loading does not depend on the topology, and each case starts
// applications of its own.
@Tag("standalone-only")
@RealRedisTest
class DevToolsRestartEndToEndTests {

	@ParameterizedTest(name = "java-serialization={0}")
	@ValueSource(booleans = { false, true })
	void applicationTypeRoundTripsBeforeAndAfterARestart(boolean javaSerialization) throws Exception {
		String token;
		try (ConfigurableApplicationContext first = startGeneration(javaSerialization)) {
			Http http = new Http(port(first));
			HttpResponse<String> created = http.get("/basket/add?item=apple");
			assertThat(created.body()).isEqualTo("apple @ RestartClassLoader");
			token = Http.sessionToken(created);
			assertThat(token).isNotNull();
			assertThat(http.get("/basket/add?item=pear", "Cookie", Http.cookie(token)).body())
				.as("read back before the restart")
				.isEqualTo("apple,pear @ RestartClassLoader");
		}
		try (ConfigurableApplicationContext second = startGeneration(javaSerialization)) {
			Http http = new Http(port(second));
			HttpResponse<String> after = http.get("/basket/add?item=plum", "Cookie", Http.cookie(token));
			assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
			assertThat(after.body()).as("read back after the restart")
				.isEqualTo("apple,pear,plum @ RestartClassLoader");
		}
	}

	@ParameterizedTest(name = "java-serialization={0}")
	@ValueSource(booleans = { false, true })
	void codecResolvesWithTheApplicationClassLoaderWhateverTheThread(boolean javaSerialization) throws Exception {
		try (ConfigurableApplicationContext context = startGeneration(javaSerialization)) {
			ClassLoader applicationLoader = context.getBeanFactory().getBeanClassLoader();
			assertThat(applicationLoader).isInstanceOf(RestartClassLoader.class);
			Class<?> basketType = applicationLoader.loadClass(Basket.class.getName());
			Object basket = basketType.getConstructor(ArrayList.class).newInstance(new ArrayList<>(List.of("fig")));
			AttributeCodec codec = context.getBean(AttributeCodec.class);
			// This test's thread has the parent as its context class loader, as a thread
			// of a pool created outside the restarted application would.
			assertThat(Thread.currentThread().getContextClassLoader()).isNotSameAs(applicationLoader);
			Object decoded = codec.decode(codec.encode(basket));
			assertThat(decoded).isNotNull().isEqualTo(basket);
			assertThat(decoded.getClass()).isSameAs(basketType);
		}
	}

	private static ConfigurableApplicationContext startGeneration(boolean javaSerialization) throws Exception {
		URL testClasses = RestartedApplication.class.getProtectionDomain().getCodeSource().getLocation();
		RestartClassLoader loader = new RestartClassLoader(DevToolsRestartEndToEndTests.class.getClassLoader(),
				new URL[] { testClasses });
		Class<?> application = loader.loadClass(RestartedApplication.class.getName());
		assertThat(application.getClassLoader()).isSameAs(loader);
		CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				started.complete(
						new SpringApplicationBuilder(application, RealRedisConfiguration.class)
							.properties("server.port=0", "spring.main.banner-mode=off",
									"session-starter.attributes.java-serialization=" + javaSerialization,
									"session-starter.attributes.allowed-types=" + allowedTypes(javaSerialization))
							.run());
			}
			catch (Throwable ex) {
				started.completeExceptionally(ex);
			}
		}, "restarted-application");
		// As DevTools does: the restart class loader is the context class loader of the
		// thread that starts the application, and so the application's class loader.
		thread.setContextClassLoader(loader);
		thread.setDaemon(true);
		thread.start();
		return started.get(60, TimeUnit.SECONDS);
	}

	private static String allowedTypes(boolean javaSerialization) {
		String basket = "dev.sessionstarter.autoconfigure.devtools.Basket";
		// Java serialization's filter admits only what is listed, the basket's list too.
		return javaSerialization ? basket + ",java.util.ArrayList" : basket;
	}

	private static int port(@Nullable ConfigurableApplicationContext context) {
		assertThat(context).isNotNull();
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
