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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionStoreUnavailableEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Counts session events in {@value #EVENTS}, one counter per event type (tag
 * {@code type}, the {@linkplain SessionEvent#getType() type name}). Counters of every
 * type exist from the start at zero, so dashboards and alerts see a series before the
 * first event.
 *
 * @author session-starter
 */
public class SessionEventMetrics implements SmartApplicationListener {

	/** The name of the event counters. */
	public static final String EVENTS = "session.starter.events";

	private static final String[] TYPES = { "created", "authenticated", "re-authenticated", "rotated", "expired",
			"logged-out", "revoked", "reuse-detected", "binding-mismatch", "limit-exceeded", "anomaly",
			"store-unavailable", "device-bound", "device-refreshed", "device-unproven", "device-remembered",
			"device-signed-in", "device-forgotten" };

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Create the counters in a registry.
	 * @param registry the registry
	 */
	public SessionEventMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (String type : TYPES) {
			counter(type);
		}
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return SessionEvent.class.isAssignableFrom(eventType)
				|| SessionStoreUnavailableEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof SessionEvent session) {
			counter(session.getType()).increment();
		}
		else if (event instanceof SessionStoreUnavailableEvent unavailable) {
			counter(unavailable.getType()).increment();
		}
	}

	private Counter counter(String type) {
		return this.counters.computeIfAbsent(type,
				(name) -> Counter.builder(EVENTS)
					.description("Session lifecycle and security events")
					.tag("type", name)
					.register(this.registry));
	}

}
