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

package dev.sessionstarter.reactive.dbsc;

import java.time.Clock;

import dev.sessionstarter.core.dbsc.DeviceBindingSettings;
import dev.sessionstarter.core.dbsc.RegistrationOffer;
import dev.sessionstarter.reactive.security.ServerLoginStep;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * Offers device binding at login on a reactive application, the counterpart of the
 * servlet {@code DeviceBindingOffer}: a {@link RegistrationOffer} in the login's session
 * (written with the login's save) and its response. No Redis call of its own.
 *
 * @author session-starter
 */
public class ServerDeviceBindingOffer implements ServerLoginStep {

	private final DeviceBindingSettings settings;

	private final Clock clock;

	/**
	 * Create a new offer.
	 * @param settings where the registration endpoint is
	 * @param clock the clock offers are dated by, the store's
	 */
	public ServerDeviceBindingOffer(DeviceBindingSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public Mono<Void> onLogin(ServerWebExchange exchange, WebSession session, @Nullable Authentication before,
			SecurityContext stored) {
		RegistrationOffer offer = RegistrationOffer.issue(this.clock.millis());
		session.getAttributes().put(RegistrationOffer.ATTRIBUTE, offer.attributeValue());
		exchange.getResponse()
			.getHeaders()
			.add(RegistrationOffer.HEADER, offer
				.header(exchange.getRequest().getPath().contextPath().value() + this.settings.registrationPath()));
		return Mono.empty();
	}

}
