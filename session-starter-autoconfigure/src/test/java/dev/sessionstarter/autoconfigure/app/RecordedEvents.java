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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.sessionstarter.core.event.SessionEvent;
import dev.sessionstarter.core.event.SessionStoreUnavailableEvent;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Records every session event the application publishes, in order, for tests to assert
 * exact sequences.
 */
@Component
public class RecordedEvents implements SmartApplicationListener {

	private final List<ApplicationEvent> events = new ArrayList<>();

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return SessionEvent.class.isAssignableFrom(eventType)
				|| SessionStoreUnavailableEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		synchronized (this.events) {
			this.events.add(event);
			this.events.notifyAll();
		}
	}

	public void clear() {
		synchronized (this.events) {
			this.events.clear();
		}
	}

	/**
	 * The session events recorded so far.
	 * @return the events, oldest first
	 */
	public List<SessionEvent> sessionEvents() {
		synchronized (this.events) {
			return this.events.stream().filter(SessionEvent.class::isInstance).map(SessionEvent.class::cast).toList();
		}
	}

	public List<ApplicationEvent> all() {
		synchronized (this.events) {
			return List.copyOf(this.events);
		}
	}

	/**
	 * Wait until {@code count} session events are recorded (Spring Session may commit a
	 * session after the client has its response), then until no request is in flight any
	 * more, so that an extra event would be seen too.
	 * @param count the number of events expected
	 * @return the events
	 */
	public List<SessionEvent> await(int count) {
		return awaitMatching(count, (event) -> event instanceof SessionEvent).stream()
			.filter(SessionEvent.class::isInstance)
			.map(SessionEvent.class::cast)
			.toList();
	}

	public List<ApplicationEvent> awaitMatching(int count, Predicate<ApplicationEvent> filter) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		synchronized (this.events) {
			while (this.events.stream().filter(filter).count() < count && System.nanoTime() < deadline) {
				try {
					this.events.wait(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		InFlightRequests.awaitNone();
		synchronized (this.events) {
			return List.copyOf(this.events);
		}
	}

}
