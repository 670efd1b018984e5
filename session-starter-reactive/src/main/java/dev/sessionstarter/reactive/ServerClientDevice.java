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

package dev.sessionstarter.reactive;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

import dev.sessionstarter.core.event.SessionEventContext;
import dev.sessionstarter.core.store.UserSessions;
import dev.sessionstarter.core.web.ClientDevice;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * The device behind an exchange, as the servlet side's {@link ClientDevice} sees a
 * request: the remote address (which reflects {@code X-Forwarded-For} only when the
 * application trusts its proxy, Boot's {@code server.forward-headers-strategy}) and a
 * short summary of the user agent.
 *
 * @author session-starter
 */
public final class ServerClientDevice {

	private ServerClientDevice() {
	}

	/**
	 * Record the exchange's device in its session, writing only what changed, so that
	 * "Your sessions" lists are recognisable and client binding has its reference.
	 * @param exchange the exchange
	 * @param session its session
	 */
	public static void record(ServerWebExchange exchange, WebSession session) {
		Map<String, Object> attributes = session.getAttributes();
		setIfChanged(attributes, UserSessions.USER_AGENT_ATTRIBUTE, userAgent(exchange));
		setIfChanged(attributes, UserSessions.CLIENT_IP_ATTRIBUTE, address(exchange));
	}

	/**
	 * The exchange's client as session events name it.
	 * @param exchange the exchange
	 * @return the client
	 */
	public static SessionEventContext eventContext(ServerWebExchange exchange) {
		return new SessionEventContext(address(exchange), userAgent(exchange));
	}

	private static String userAgent(ServerWebExchange exchange) {
		return ClientDevice.summarize(exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT));
	}

	private static @Nullable String address(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : null;
	}

	private static void setIfChanged(Map<String, Object> attributes, String name, @Nullable String value) {
		if (value != null && !Objects.equals(attributes.get(name), value)) {
			attributes.put(name, value);
		}
	}

}
