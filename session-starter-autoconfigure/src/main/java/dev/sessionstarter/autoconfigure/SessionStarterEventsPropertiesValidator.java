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

import java.time.Duration;

import dev.sessionstarter.autoconfigure.SessionStarterEventsProperties.Anomaly;
import dev.sessionstarter.autoconfigure.SessionStarterEventsProperties.Binding;

/**
 * Refuses binding and anomaly settings that cannot work.
 *
 * @author session-starter
 */
final class SessionStarterEventsPropertiesValidator {

	private static final String PREFIX = "session-starter.";

	private SessionStarterEventsPropertiesValidator() {
	}

	static void validate(SessionStarterEventsProperties properties) {
		Binding binding = properties.getBinding();
		if (binding.getIpv4Prefix() < 1 || binding.getIpv4Prefix() > 32) {
			fail("binding.ipv4-prefix", binding.getIpv4Prefix(), "it must be between 1 and 32 bits",
					"Set session-starter.binding.ipv4-prefix to a prefix length such as 24.");
		}
		if (binding.getIpv6Prefix() < 1 || binding.getIpv6Prefix() > 128) {
			fail("binding.ipv6-prefix", binding.getIpv6Prefix(), "it must be between 1 and 128 bits",
					"Set session-starter.binding.ipv6-prefix to a prefix length such as 48.");
		}
		Anomaly anomaly = properties.getAnomaly();
		if (anomaly.getMaxNetworks() < 0) {
			fail("anomaly.max-networks", anomaly.getMaxNetworks(), "it must not be negative",
					"Set session-starter.anomaly.max-networks to 0 (no reports) or a positive number.");
		}
		if (anomaly.getMaxFailures() < 0) {
			fail("anomaly.max-failures", anomaly.getMaxFailures(), "it must not be negative",
					"Set session-starter.anomaly.max-failures to 0 (no reports) or a positive number.");
		}
		requirePositive("anomaly.network-window", anomaly.getNetworkWindow());
		requirePositive("anomaly.failure-window", anomaly.getFailureWindow());
	}

	private static void requirePositive(String property, Duration window) {
		if (window.toMillis() <= 0) {
			fail(property, SessionStarterPropertiesValidator.describe(window), "it must be positive",
					"Set " + PREFIX + property + " to a positive duration such as 1h.");
		}
	}

	private static void fail(String property, Object value, String reason, String action) {
		throw new InvalidSessionConfigurationException(PREFIX + property, value, reason, action);
	}

}
