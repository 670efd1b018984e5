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

package dev.sessionstarter.core.signal;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.sessionstarter.core.event.SessionAnomalyEvent;
import dev.sessionstarter.core.event.SessionBindingMismatchEvent;
import dev.sessionstarter.core.event.SessionBindingMismatchEvent.Binding;
import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.store.SessionAccessCheck;
import dev.sessionstarter.core.store.StoredSession;
import dev.sessionstarter.core.store.UserSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Soft client binding and network-hopping detection, run on every session the store
 * loads. At login the session records the client's user-agent summary and address (see
 * {@code ClientDevice}); on each later request this compares:
 * <ul>
 * <li>the user-agent fingerprint (browser and operating system, without version, so a
 * browser update is no mismatch) and</li>
 * <li>the network prefix of the address (see {@link IpPrefixes}).</li>
 * </ul>
 * A difference is handled by the {@link BindingPolicy} of its kind. {@code report}
 * publishes a {@link SessionBindingMismatchEvent} the first time a client value is seen
 * (not on every request) and keeps the session; {@code revoke} publishes it and ends the
 * session on that request.
 *
 * <p>
 * Independently, when a session is used from more than {@code maxNetworks} distinct
 * prefixes (counting the login's) first seen within {@code window}, a
 * {@link SessionAnomalyEvent} of kind {@link SessionAnomalyEvent.Kind#MANY_NETWORKS} is
 * published for each further prefix.
 *
 * <p>
 * Cost: nothing is written while the client stays the same; a new client value is
 * remembered in one session attribute, saved with the request's other changes (one write
 * when the client changes, never an extra read).
 *
 * @author session-starter
 */
public class ClientBindingCheck implements SessionAccessCheck {

	/** Version numbers in a user-agent summary, compiled once, not on every request. */
	private static final Pattern VERSION_NUMBER = Pattern.compile(" \\d+(?= |$)");

	private static final String NETWORK = "ip";

	private static final String AGENT = "ua";

	private final ApplicationEventPublisher publisher;

	private final BindingPolicy userAgentPolicy;

	private final BindingPolicy ipPolicy;

	private final IpPrefixes prefixes;

	private int maxNetworks;

	private Duration window = Duration.ofHours(1);

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a new check.
	 * @param publisher where events go
	 * @param userAgentPolicy what a different user agent leads to
	 * @param ipPolicy what a different network prefix leads to
	 * @param prefixes how addresses are reduced to prefixes
	 */
	public ClientBindingCheck(ApplicationEventPublisher publisher, BindingPolicy userAgentPolicy,
			BindingPolicy ipPolicy, IpPrefixes prefixes) {
		this.publisher = publisher;
		this.userAgentPolicy = userAgentPolicy;
		this.ipPolicy = ipPolicy;
		this.prefixes = prefixes;
	}

	/**
	 * Report sessions used from more than {@code maxNetworks} network prefixes first seen
	 * within {@code window}.
	 * @param maxNetworks the most prefixes before a report, 0 to not report
	 * @param window the window
	 */
	public void setNetworkLimit(int maxNetworks, Duration window) {
		this.maxNetworks = maxNetworks;
		this.window = window;
	}

	/**
	 * Set the clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = clock;
	}

	@Override
	public SessionRevokedEvent.@Nullable Reason check(StoredSession session, SessionEventContext client) {
		String loginAgent = session.getAttribute(UserSessions.USER_AGENT_ATTRIBUTE);
		String loginAddress = session.getAttribute(UserSessions.CLIENT_IP_ATTRIBUTE);
		if (loginAgent == null && loginAddress == null) {
			// Not logged in, or logged in without a recorded client: nothing to compare.
			return null;
		}
		long now = this.clock.millis();
		ClientTrail trail = ClientTrail.parse(session.getAttribute(ClientTrail.ATTRIBUTE));
		boolean revoke = checkAgent(session, client, loginAgent, trail, now)
				|| checkNetwork(session, client, loginAddress, trail, now);
		if (revoke) {
			return SessionRevokedEvent.Reason.BINDING_MISMATCH;
		}
		if (trail.isChanged()) {
			session.setAttribute(ClientTrail.ATTRIBUTE, trail.format());
		}
		return null;
	}

	private boolean checkAgent(StoredSession session, SessionEventContext client, @Nullable String loginAgent,
			ClientTrail trail, long now) {
		if (this.userAgentPolicy == BindingPolicy.OFF || loginAgent == null || client.userAgent() == null) {
			return false;
		}
		if (client.userAgent().equals(loginAgent)) {
			// The same summary has the same fingerprint: nothing to compute.
			return false;
		}
		String fingerprint = fingerprint(client.userAgent());
		if (fingerprint.equals(fingerprint(loginAgent))) {
			return false;
		}
		return mismatch(session, client, Binding.USER_AGENT, this.userAgentPolicy,
				trail.add(AGENT, fingerprint, now, 0));
	}

	private boolean checkNetwork(StoredSession session, SessionEventContext client, @Nullable String loginAddress,
			ClientTrail trail, long now) {
		if (client.clientIp() != null && client.clientIp().equals(loginAddress)) {
			// The login's own address is in the login's prefix: no parsing on the
			// common path.
			return false;
		}
		String prefix = this.prefixes.prefix(client.clientIp());
		String loginPrefix = this.prefixes.prefix(loginAddress);
		if (prefix == null || loginPrefix == null || prefix.equals(loginPrefix)) {
			return false;
		}
		long windowStart = now - this.window.toMillis();
		boolean isNew = trail.add(NETWORK, prefix, now, windowStart);
		if (isNew && this.maxNetworks > 0) {
			// The login's prefix counts as one.
			int networks = 1 + trail.count(NETWORK, windowStart);
			if (networks > this.maxNetworks) {
				this.publisher.publishEvent(
						new SessionAnomalyEvent(this, session.getStorageId(), session.getPrincipalName(), client,
								SessionAnomalyEvent.Kind.MANY_NETWORKS, networks + " networks within " + this.window));
			}
		}
		return this.ipPolicy != BindingPolicy.OFF && mismatch(session, client, Binding.IP, this.ipPolicy, isNew);
	}

	private boolean mismatch(StoredSession session, SessionEventContext client, Binding binding, BindingPolicy policy,
			boolean firstSeen) {
		boolean revoke = policy == BindingPolicy.REVOKE;
		if (revoke || firstSeen) {
			this.publisher.publishEvent(new SessionBindingMismatchEvent(this, session.getStorageId(),
					session.getPrincipalName(), client, binding, revoke));
		}
		return revoke;
	}

	/**
	 * The user-agent fingerprint compared by the binding: the summary without versions.
	 * @param summary a user-agent summary such as {@code "Firefox 128 on Linux"}
	 * @return the fingerprint, such as {@code "Firefox on Linux"}
	 */
	static String fingerprint(@Nullable String summary) {
		return VERSION_NUMBER.matcher(Objects.requireNonNullElse(summary, "")).replaceAll("");
	}

}
