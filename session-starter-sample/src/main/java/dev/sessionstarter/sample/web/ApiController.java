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

import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * JSON for API clients that send the session token as {@code Authorization: Bearer}
 * (transport {@code both} or {@code header}); unauthenticated calls get a plain 401.
 *
 * @author session-starter
 */
@RestController
class ApiController {

	@GetMapping("/api/me")
	Map<String, Object> me(Authentication authentication) {
		List<String> authorities = AccountController.roles(authentication);
		return Map.of("name", authentication.getName(), "authorities", authorities);
	}

}
