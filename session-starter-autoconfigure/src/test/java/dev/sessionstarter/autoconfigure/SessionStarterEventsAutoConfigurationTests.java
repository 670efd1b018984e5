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

import java.util.ArrayList;
import java.util.List;

import dev.sessionstarter.core.event.SessionAuditListener;
import dev.sessionstarter.core.event.SessionCreatedEvent;
import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.security.LoginFailureListener;
import dev.sessionstarter.core.signal.ClientBindingCheck;
import dev.sessionstarter.core.signal.FailureBurstMonitor;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.test.RealRedisConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionStarterEventsAutoConfiguration}.
 *
 * @author session-starter
 */
class SessionStarterEventsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				SessionStarterAutoConfiguration.class, SessionStarterEventsAutoConfiguration.class))
		.withUserConfiguration(RealRedisConfiguration.class);

	@Test
	void auditsChecksBindingAndWatchesFailedLoginsByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(SessionAuditListener.class)
			.hasSingleBean(ClientBindingCheck.class)
			.hasSingleBean(FailureBurstMonitor.class)
			.hasSingleBean(LoginFailureListener.class)
			.doesNotHaveBean(SessionEventMetrics.class)
			.doesNotHaveBean(SessionTokenRejectionMetrics.class));
	}

	@Test
	void auditCanBeSwitchedOff() {
		this.runner.withPropertyValues("session-starter.audit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SessionAuditListener.class));
	}

	@Test
	void backsOffFromAnAuditListenerOfTheApplication() {
		this.runner.withUserConfiguration(OwnAuditListener.class)
			.run((context) -> assertThat(context).getBean(SessionAuditListener.class)
				.isSameAs(context.getBean(OwnAuditListener.class).listener));
	}

	@Test
	void theStorePublishesToTheApplicationContext() {
		this.runner.withUserConfiguration(Recorder.class).run((context) -> {
			SessionCreatedEvent event = new SessionCreatedEvent(this, "id", null, SessionEventContext.NONE);
			context.getBean(RedisSessionStore.class).publishEvent(event);
			assertThat(context.getBean(Recorder.class).events).containsExactly(event);
		});
	}

	@Test
	void countsEventsWhenThereIsAMeterRegistry() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionEventMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find(SessionEventMetrics.EVENTS).counters())
				.as("one counter per event type, re-authenticated, device binding and remembered devices included")
				.hasSize(18);
			context.publishEvent(new SessionCreatedEvent(this, "id", null, SessionEventContext.NONE));
			assertThat(registry.get(SessionEventMetrics.EVENTS).tag("type", "created").counter().count())
				.isEqualTo(1.0);
		});
	}

	@Test
	void countsRefusedTokensWhenThereIsAMeterRegistry() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionTokenRejectionMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find(SessionTokenRejectionMetrics.REJECTED).counters()).hasSize(3);
		});
	}

	@Test
	void refusedTokenMetricsBackOffWhenTheUserDefinesThem() {
		this.runner.withBean(SimpleMeterRegistry.class)
			.withBean("mine", SessionTokenRejectionMetrics.class,
					() -> new SessionTokenRejectionMetrics(new SimpleMeterRegistry()))
			.run((context) -> assertThat(context).getBeans(SessionTokenRejectionMetrics.class)
				.containsOnlyKeys("mine"));
	}

	@Test
	void leavesFailedLoginsAloneWithoutSpringSecurity() {
		this.runner.withClassLoader(new FilteredClassLoader(AbstractAuthenticationFailureEvent.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LoginFailureListener.class)
				.hasSingleBean(FailureBurstMonitor.class)
				.hasSingleBean(SessionAuditListener.class));
	}

	@Test
	void refusesAnImpossiblePrefixLength() {
		this.runner.withPropertyValues("session-starter.binding.ipv4-prefix=33")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSessionConfigurationException.class)
				.hasMessageContaining("session-starter.binding.ipv4-prefix"));
	}

	@Test
	void refusesANegativeNetworkLimit() {
		this.runner.withPropertyValues("session-starter.anomaly.max-networks=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSessionConfigurationException.class)
				.hasMessageContaining("session-starter.anomaly.max-networks"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAuditListener {

		final SessionAuditListener listener = new SessionAuditListener();

		@Bean
		SessionAuditListener auditListener() {
			return this.listener;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Recorder implements ApplicationListener<SessionEvent> {

		final List<SessionEvent> events = new ArrayList<>();

		@Override
		public void onApplicationEvent(SessionEvent event) {
			this.events.add(event);
		}

	}

}
