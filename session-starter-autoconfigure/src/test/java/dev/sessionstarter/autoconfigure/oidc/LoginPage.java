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

package dev.sessionstarter.autoconfigure.oidc;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The login page of an OpenID Provider as {@link OidcLogin} fills it in: where its
 * username and password form is posted and which hidden fields go with them.
 */
enum LoginPage {

	/**
	 * Spring Security's form login, as Spring Authorization Server serves it at
	 * {@code /login}: posted back to the page itself with the CSRF token the page holds.
	 */
	SPRING_SECURITY {

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

		@Override
		@Nullable Form read(HttpResponse<String> page) {
			Matcher csrf = CSRF.matcher(page.body());
			if (page.statusCode() != 200 || !page.uri().getPath().equals("/login") || !csrf.find()) {
				return null;
			}
			return new Form(page.uri(), Map.of("_csrf", csrf.group(1)));
		}

	},

	/**
	 * Keycloak's username and password form ({@code kc-form-login}), posted to its
	 * {@code action} URL: that URL, not a field, carries the login's session code and
	 * tab, so it is read from the page every time.
	 */
	KEYCLOAK {

		private static final Pattern ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

		@Override
		@Nullable Form read(HttpResponse<String> page) {
			Matcher action = ACTION.matcher(page.body());
			if (page.statusCode() != 200 || !action.find()) {
				return null;
			}
			// The page is HTML, so the query's ampersands come escaped; a URL holds
			// no other character that HTML escapes.
			URI target = page.uri().resolve(action.group(1).replace("&amp;", "&"));
			// The form's one hidden field, empty unless a stored credential is picked.
			return new Form(target, Map.of("credentialId", ""));
		}

	};

	/**
	 * The form on a page, if it is this provider's login page.
	 * @param page a page the browser landed on
	 * @return where to post and the hidden fields, or {@code null} when the page is no
	 * login page of this kind
	 */
	abstract @Nullable Form read(HttpResponse<String> page);

	/**
	 * A login form to fill in.
	 *
	 * @param action where the form is posted
	 * @param hiddenFields the fields to post beside username and password
	 */
	record Form(URI action, Map<String, String> hiddenFields) {

	}

}
