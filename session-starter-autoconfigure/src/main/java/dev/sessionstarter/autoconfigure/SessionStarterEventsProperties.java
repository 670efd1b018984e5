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

import dev.sessionstarter.core.signal.BindingPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of session events: the audit log, client binding and anomaly signals.
 * These share the {@code session-starter} prefix with {@link SessionStarterProperties}.
 *
 * @author session-starter
 */
@ConfigurationProperties("session-starter")
public class SessionStarterEventsProperties {

	private final Audit audit = new Audit();

	private final Binding binding = new Binding();

	private final Anomaly anomaly = new Anomaly();

	public Audit getAudit() {
		return this.audit;
	}

	public Binding getBinding() {
		return this.binding;
	}

	public Anomaly getAnomaly() {
		return this.anomaly;
	}

	/**
	 * The audit log: one line per session event on the logger dev.sessionstarter.audit.
	 */
	public static class Audit {

		/**
		 * Whether session events are written to the audit logger.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Soft binding of a session to the client that logged in.
	 */
	public static class Binding {

		/**
		 * What a request whose user agent (browser and operating system, versions
		 * ignored) differs from the login's leads to.
		 */
		private BindingPolicy userAgent = BindingPolicy.REPORT;

		/**
		 * What a request from another network prefix than the login's leads to. Mobile
		 * clients change networks often, so this reports rather than revokes by default.
		 */
		private BindingPolicy ip = BindingPolicy.REPORT;

		/**
		 * Prefix length, in bits, of the IPv4 network a session is bound to.
		 */
		private int ipv4Prefix = 24;

		/**
		 * Prefix length, in bits, of the IPv6 network a session is bound to.
		 */
		private int ipv6Prefix = 48;

		public BindingPolicy getUserAgent() {
			return this.userAgent;
		}

		public void setUserAgent(BindingPolicy userAgent) {
			this.userAgent = userAgent;
		}

		public BindingPolicy getIp() {
			return this.ip;
		}

		public void setIp(BindingPolicy ip) {
			this.ip = ip;
		}

		public int getIpv4Prefix() {
			return this.ipv4Prefix;
		}

		public void setIpv4Prefix(int ipv4Prefix) {
			this.ipv4Prefix = ipv4Prefix;
		}

		public int getIpv6Prefix() {
			return this.ipv6Prefix;
		}

		public void setIpv6Prefix(int ipv6Prefix) {
			this.ipv6Prefix = ipv6Prefix;
		}

	}

	/**
	 * Anomaly signals: events only, nothing is blocked.
	 */
	public static class Anomaly {

		/**
		 * Most distinct network prefixes one session may be used from within the network
		 * window before an anomaly event; 0 to not report.
		 */
		private int maxNetworks = 3;

		/**
		 * Window in which network prefixes of a session are counted.
		 */
		private Duration networkWindow = Duration.ofHours(1);

		/**
		 * Failed logins (or refreshes) of one user within the failure window that make a
		 * burst and an anomaly event; 0 to not report.
		 */
		private int maxFailures = 5;

		/**
		 * Window in which failures of one user are counted.
		 */
		private Duration failureWindow = Duration.ofMinutes(5);

		public int getMaxNetworks() {
			return this.maxNetworks;
		}

		public void setMaxNetworks(int maxNetworks) {
			this.maxNetworks = maxNetworks;
		}

		public Duration getNetworkWindow() {
			return this.networkWindow;
		}

		public void setNetworkWindow(Duration networkWindow) {
			this.networkWindow = networkWindow;
		}

		public int getMaxFailures() {
			return this.maxFailures;
		}

		public void setMaxFailures(int maxFailures) {
			this.maxFailures = maxFailures;
		}

		public Duration getFailureWindow() {
			return this.failureWindow;
		}

		public void setFailureWindow(Duration failureWindow) {
			this.failureWindow = failureWindow;
		}

	}

}
