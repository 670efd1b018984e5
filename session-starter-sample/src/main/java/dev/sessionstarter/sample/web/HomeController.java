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

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public pages: home, and an anonymous cart kept in the session. The cart shows that
 * a session's data survives login even though login gives the session a new token.
 *
 * @author session-starter
 */
@Controller
class HomeController {

	static final String CART_ATTRIBUTE = "cart";

	@GetMapping("/")
	String home() {
		return "home";
	}

	@GetMapping("/cart")
	String cart(@Nullable HttpSession session, Model model) {
		// Reading the cart must not create a session: anonymous visitors who only look
		// cost nothing.
		model.addAttribute("items", (session != null) ? items(session) : List.of());
		return "cart";
	}

	@PostMapping("/cart")
	String add(@RequestParam String item, HttpSession session) {
		if (StringUtils.hasText(item)) {
			List<String> items = new ArrayList<>(items(session));
			items.add(item.strip());
			// The store writes only attributes that were set: a changed list is set
			// again.
			session.setAttribute(CART_ATTRIBUTE, items);
		}
		return "redirect:/cart";
	}

	@SuppressWarnings("unchecked")
	private static List<String> items(HttpSession session) {
		Object cart = session.getAttribute(CART_ATTRIBUTE);
		return (cart instanceof List<?> list) ? (List<String>) list : List.of();
	}

}
