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

package dev.sessionstarter.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.sessionstarter.benchmarks.HttpDriver.UserSession;
import dev.sessionstarter.benchmarks.app.BenchmarkApplication;
import dev.sessionstarter.test.RealRedis;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * A variant booted by {@link LoadComparison} and what has been measured on it so far.
 *
 * @author session-starter
 */
/** A booted variant and what has been measured on it so far. */
final class RunningVariant {

	private final Variant variant;

	private final ConfigurableApplicationContext context;

	private final String wiring;

	private final HttpDriver http;

	private final List<UserSession> sessions = new ArrayList<>();

	private final Map<RequestKind, CommandCounts> counts = new EnumMap<>(RequestKind.class);

	private final Map<RequestKind, List<LoadRun.Result>> throughput = new EnumMap<>(RequestKind.class);

	private final Map<RequestKind, List<CpuPerRequest.Sample>> cpu = new EnumMap<>(RequestKind.class);

	private @Nullable SessionMemory memory;

	RunningVariant(Variant variant, ConfigurableApplicationContext context, String wiring, HttpDriver http) {
		this.variant = variant;
		this.context = context;
		this.wiring = wiring;
		this.http = http;
	}

	/**
	 * Boots the application as the variant has it, on a free loopback port.
	 * @param variant the variant
	 * @param redis the Redis to use
	 * @param users how many users the application knows
	 * @return the running variant
	 */
	static RunningVariant boot(Variant variant, RealRedis redis, int users) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties(variant.properties(redis.host(), redis.port(), users))
			.run();
		return new RunningVariant(variant, context, describeWiring(context),
				new HttpDriver(port(context), variant.cookieName()));
	}

	private static String describeWiring(ConfigurableApplicationContext context) {
		@SuppressWarnings("rawtypes")
		Map<String, SessionRepositoryFilter> filters = context.getBeansOfType(SessionRepositoryFilter.class);
		@SuppressWarnings("rawtypes")
		Map<String, SessionRepository> repositories = context.getBeansOfType(SessionRepository.class);
		if (filters.isEmpty() && repositories.isEmpty()) {
			return "no SessionRepositoryFilter: the servlet container's HttpSession";
		}
		return "SessionRepositoryFilter beans " + filters.keySet() + " over "
				+ repositories.values().stream().map((r) -> r.getClass().getName()).toList();
	}

	private static int port(ConfigurableApplicationContext context) {
		Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("No local.server.port");
		}
		return port;
	}

	int port() {
		return port(this.context);
	}

	String wiring() {
		return this.wiring;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	HttpDriver http() {
		return this.http;
	}

	List<UserSession> sessions() {
		return this.sessions;
	}

	Map<RequestKind, CommandCounts> counts() {
		return this.counts;
	}

	void memory(SessionMemory memory) {
		this.memory = memory;
	}

	void throughput(RequestKind kind, LoadRun.Result result) {
		this.throughput.computeIfAbsent(kind, (k) -> new ArrayList<>()).add(result);
	}

	void cpu(RequestKind kind, CpuPerRequest.Sample sample) {
		this.cpu.computeIfAbsent(kind, (k) -> new ArrayList<>()).add(sample);
	}

	/**
	 * The results, the requests charged with the lowest idle rate of all rounds.
	 */
	VariantResult result(CpuMeter.Window idle) {
		SessionMemory memory = this.memory;
		if (memory == null) {
			throw new IllegalStateException("No memory measured for " + this.variant);
		}
		Map<RequestKind, CpuPerRequest> cpu = new EnumMap<>(RequestKind.class);
		this.cpu.forEach((kind, samples) -> cpu.put(kind,
				new CpuPerRequest(samples.stream()
					.map((sample) -> new CpuPerRequest.Sample(sample.load(), sample.window(), idle))
					.toList())));
		Map<RequestKind, Throughput> throughput = new EnumMap<>(RequestKind.class);
		this.throughput.forEach((kind, results) -> throughput.put(kind, new Throughput(results)));
		return new VariantResult(this.variant, this.wiring, memory, this.counts, cpu, throughput);
	}

}
