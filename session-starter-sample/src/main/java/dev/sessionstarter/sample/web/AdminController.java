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

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * A page only {@code ROLE_ADMIN} may see; users get the role through the step-up on their
 * account page.
 *
 * @author session-starter
 */
@Controller
class AdminController {

	@GetMapping("/admin")
	String admin(Authentication authentication, Model model) {
		model.addAttribute("name", authentication.getName());
		model.addAttribute("roles", AccountController.roles(authentication));
		return "admin";
	}

}
