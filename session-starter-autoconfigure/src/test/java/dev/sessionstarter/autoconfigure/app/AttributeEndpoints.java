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

package dev.sessionstarter.autoconfigure.app;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writes one attribute of an existing session, for concurrency tests. It never creates a
 * session, so a writer whose session has ended is told so instead of silently getting a
 * fresh one.
 */
@RestController
class AttributeEndpoints {

	/**
	 * Sets {@code name} to {@code value} after checking that the attribute still holds
	 * {@code expected}, the value this client wrote last: a write lost or overwritten by
	 * a concurrent request of another client shows up as 409 on the next request.
	 * @param request the request
	 * @param name the attribute
	 * @param value the new value
	 * @param expected the value the attribute must hold now; absent when it must not
	 * exist
	 * @return 200, 409 with the value found, or 410 when the request has no session
	 */
	@PostMapping("/public/attr")
	ResponseEntity<String> write(HttpServletRequest request, @RequestParam String name, @RequestParam int value,
			@RequestParam(required = false) @Nullable Integer expected) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return ResponseEntity.status(HttpStatus.GONE).body("no session");
		}
		Object found = session.getAttribute(name);
		if ((expected == null) ? found != null : !expected.equals(found)) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body(String.valueOf(found));
		}
		session.setAttribute(name, value);
		return ResponseEntity.ok("written");
	}

}
