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
package dev.sessionstarter.autoconfigure.devtools;

import java.util.ArrayList;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Keeps a {@link Basket} in the session. The cast in {@link #add} is what fails in an
 * application under DevTools when a codec hands back an instance of the class as another
 * class loader (the parent, or the one before the restart) defined it.
 */
@SpringBootApplication
public class RestartedApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	@RestController
	static class BasketEndpoint {

		@GetMapping("/basket/add")
		String add(HttpServletRequest request, @RequestParam String item) {
			HttpSession session = request.getSession();
			Basket basket = (Basket) session.getAttribute("basket");
			ArrayList<String> items = (basket != null) ? new ArrayList<>(basket.items()) : new ArrayList<>();
			items.add(item);
			session.setAttribute("basket", new Basket(items));
			return String.join(",", items) + " @ " + Basket.class.getClassLoader().getClass().getSimpleName();
		}

	}

}
