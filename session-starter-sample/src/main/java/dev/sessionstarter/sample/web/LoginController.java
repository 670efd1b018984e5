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
package dev.sessionstarter.sample.web;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login page: a password form, processed by Spring Security's form login, and "Sign
 * in with the identity provider", which starts its OpenID Connect login
 * ({@code /oauth2/authorization/idp}).
 *
 * @author session-starter
 */
@Controller
class LoginController {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final String providerIssuer;

	private final @Nullable String rememberDevice;

	LoginController(@Value("${spring.security.oauth2.client.provider.idp.issuer-uri}") String providerIssuer,
			@Value("${session-starter.remember-device.enabled:false}") boolean rememberDevice,
			@Value("${session-starter.remember-device.parameter:remember-device}") String rememberDeviceParameter) {
		this.providerIssuer = providerIssuer;
		this.rememberDevice = rememberDevice ? rememberDeviceParameter : null;
	}

	/**
	 * The login page; for a user who is signed in already (sent here by a route that
	 * needs a recent login), the same form with the user name fixed: signing in as
	 * someone else from a signed-in session is refused. With remember-device on, a first
	 * sign-in may ask to keep the browser signed in.
	 */
	@GetMapping("/login")
	String login(@Nullable Authentication authentication, Model model) {
		model.addAttribute("issuer", this.providerIssuer);
		boolean signedIn = this.trustResolver.isAuthenticated(authentication);
		model.addAttribute("confirming", signedIn ? authentication.getName() : null);
		model.addAttribute("rememberDevice", signedIn ? null : this.rememberDevice);
		return "login";
	}

}
