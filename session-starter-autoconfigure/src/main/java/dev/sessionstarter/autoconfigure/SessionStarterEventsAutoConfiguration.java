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

import dev.sessionstarter.core.event.SessionAuditListener;
import dev.sessionstarter.core.security.LoginFailureListener;
import dev.sessionstarter.core.signal.BindingPolicy;
import dev.sessionstarter.core.signal.ClientBindingCheck;
import dev.sessionstarter.core.signal.FailureBurstMonitor;
import dev.sessionstarter.core.signal.IpPrefixes;
import dev.sessionstarter.core.store.RedisSessionStore;
import dev.sessionstarter.servlet.SessionTokenResolver;
import dev.sessionstarter.reactive.ServerTokenRejectionListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;

/**
 * Auto-configuration of session events: the audit log, client binding, anomaly signals,
 * event counters and store-call observations. The store publishes events itself (it is an
 * {@code ApplicationEventPublisherAware} bean); this wires what listens and what checks.
 *
 * @author session-starter
 */
@AutoConfiguration(after = { SessionStarterAutoConfiguration.class, SessionStarterReactiveAutoConfiguration.class },
		afterName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnBean(RedisSessionStore.class)
@EnableConfigurationProperties(SessionStarterEventsProperties.class)
public final class SessionStarterEventsAutoConfiguration {

	SessionStarterEventsAutoConfiguration(SessionStarterEventsProperties properties) {
		SessionStarterEventsPropertiesValidator.validate(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "session-starter.audit.enabled", matchIfMissing = true)
	SessionAuditListener sessionAuditListener() {
		return new SessionAuditListener();
	}

	@Bean
	@ConditionalOnMissingBean
	ClientBindingCheck sessionClientBindingCheck(ApplicationEventPublisher publisher,
			SessionStarterEventsProperties properties) {
		SessionStarterEventsProperties.Binding binding = properties.getBinding();
		ClientBindingCheck check = new ClientBindingCheck(publisher, binding.getUserAgent(), binding.getIp(),
				new IpPrefixes(binding.getIpv4Prefix(), binding.getIpv6Prefix()));
		check.setNetworkLimit(properties.getAnomaly().getMaxNetworks(), properties.getAnomaly().getNetworkWindow());
		return check;
	}

	@Bean
	SessionStoreCustomizer sessionStarterClientBinding(ClientBindingCheck check,
			SessionStarterEventsProperties properties) {
		SessionStarterEventsProperties.Binding binding = properties.getBinding();
		boolean active = binding.getUserAgent() != BindingPolicy.OFF || binding.getIp() != BindingPolicy.OFF
				|| properties.getAnomaly().getMaxNetworks() > 0;
		// With nothing to check, loads skip the check entirely.
		return (store) -> store.setAccessCheck(active ? check : null);
	}

	@Bean
	@ConditionalOnMissingBean
	FailureBurstMonitor sessionFailureBurstMonitor(ApplicationEventPublisher publisher,
			SessionStarterEventsProperties properties) {
		return new FailureBurstMonitor(publisher, properties.getAnomaly().getMaxFailures(),
				properties.getAnomaly().getFailureWindow());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AbstractAuthenticationFailureEvent.class)
	static class LoginFailureConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LoginFailureListener sessionLoginFailureListener(FailureBurstMonitor monitor) {
			return new LoginFailureListener(monitor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionEventMetrics sessionEventMetrics(MeterRegistry registry) {
			return new SessionEventMetrics(registry);
		}

		@Bean
		@ConditionalOnMissingBean
		SessionTokenRejectionMetrics sessionTokenRejectionMetrics(MeterRegistry registry) {
			return new SessionTokenRejectionMetrics(registry);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnWebApplication(type = Type.SERVLET)
		@ConditionalOnClass(name = "jakarta.servlet.http.HttpServletRequest")
		static class ServletRejectionMetricsConfiguration {

			@Bean
			SessionTokenResolver.RejectionListener sessionTokenRejectionCounter(SessionTokenRejectionMetrics metrics) {
				return (request, reason) -> metrics.rejected(reason);
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnWebApplication(type = Type.REACTIVE)
		@ConditionalOnClass(name = "org.springframework.web.server.ServerWebExchange")
		static class ReactiveRejectionMetricsConfiguration {

			@Bean
			ServerTokenRejectionListener serverTokenRejectionCounter(SessionTokenRejectionMetrics metrics) {
				return (exchange, reason) -> metrics.rejected(reason);
			}

		}

		@Bean
		@ConditionalOnMissingBean(ObservationRegistry.class)
		SessionStoreCustomizer sessionStarterStoreTimer(MeterRegistry registry) {
			// Without an application-wide observation registry, store calls are still
			// timed.
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
			return (store) -> store.setObservationRegistry(observations);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		SessionStoreCustomizer sessionStarterStoreObservations(ObservationRegistry observations) {
			return (store) -> store.setObservationRegistry(observations);
		}

	}

}
