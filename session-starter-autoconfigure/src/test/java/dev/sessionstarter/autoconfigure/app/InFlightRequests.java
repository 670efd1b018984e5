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

package dev.sessionstarter.autoconfigure.app;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Counts the requests that the test applications of this JVM are still working on. Spring
 * Session's filter commits a session after the client may already have its response, so a
 * test that reads Redis counters or recorded events waits with {@link #awaitNone()} until
 * that work is done, instead of sleeping for a moment that a loaded machine may exceed.
 * <p>
 * The count is kept by a valve on Tomcat's engine, around everything the container does
 * for a request: the filters, the servlet and an error page dispatch.
 */
@Configuration(proxyBeanMethods = false)
public class InFlightRequests {

	private static final AtomicInteger count = new AtomicInteger();

	/**
	 * Longer than any request of a test may take; a request still running then is a hang.
	 */
	private static final Duration LIMIT = Duration.ofSeconds(30);

	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> inFlightRequestsValve() {
		return (factory) -> factory.addEngineValves(new CountingValve());
	}

	/**
	 * Waits until no request is in flight in any test application of this JVM.
	 * @throws IllegalStateException if requests are still in flight after 30 s
	 */
	public static void awaitNone() {
		long deadline = System.nanoTime() + LIMIT.toNanos();
		while (count.get() > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(count.get() + " requests still in flight after " + LIMIT);
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static final class CountingValve extends ValveBase {

		CountingValve() {
			super(true);
		}

		@Override
		public void invoke(Request request, Response response) throws IOException, ServletException {
			count.incrementAndGet();
			try {
				getNext().invoke(request, response);
			}
			finally {
				count.decrementAndGet();
			}
		}

	}

}
