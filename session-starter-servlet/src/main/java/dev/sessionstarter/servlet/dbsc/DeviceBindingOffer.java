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

package dev.sessionstarter.servlet.dbsc;

import java.time.Clock;
import java.util.function.Supplier;

import dev.sessionstarter.core.dbsc.DeviceBindingSettings;
import dev.sessionstarter.core.dbsc.RegistrationOffer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Offers device binding at login on a servlet application: a {@link RegistrationOffer} in
 * the login's session and its response.
 *
 * @author session-starter
 */
public class DeviceBindingOffer implements SessionAuthenticationStrategy {

	/** The session attribute holding the open offer, {@code <challenge>.<issued at>}. */
	public static final String OFFER_ATTRIBUTE = RegistrationOffer.ATTRIBUTE;

	private final DeviceBindingSettings settings;

	private Supplier<Clock> clock = Clock::systemUTC;

	/**
	 * Create a new offer.
	 * @param settings where the registration endpoint is
	 */
	public DeviceBindingOffer(DeviceBindingSettings settings) {
		this.settings = settings;
	}

	/**
	 * Set the clock offers are dated by.
	 * @param clock the clock, usually the store's
	 */
	public void setClock(Supplier<Clock> clock) {
		this.clock = clock;
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		RegistrationOffer offer = RegistrationOffer.issue(this.clock.get().millis());
		request.getSession().setAttribute(RegistrationOffer.ATTRIBUTE, offer.attributeValue());
		response.addHeader(RegistrationOffer.HEADER,
				offer.header(request.getContextPath() + this.settings.registrationPath()));
	}

}
