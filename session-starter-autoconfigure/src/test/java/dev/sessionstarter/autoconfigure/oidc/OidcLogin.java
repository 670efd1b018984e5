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

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A browser without a browser for the OIDC authorization-code flow: it asks an
 * application for a page, follows the redirects to the provider by hand, fills in the
 * provider's login form and follows the redirects back, keeping cookies as a browser
 * would. Cookies ignore ports, but the application and the provider both run on loopback
 * and both answer with their own session cookies, so each origin (host and port) gets a
 * jar of its own. Every request times out.
 */
final class OidcLogin {

	static final String SESSION_COOKIE = "__Host-SID";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_REDIRECTS = 10;

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(CONNECT_TIMEOUT)
		.build();

	private final Map<String, Map<String, String>> jars = new HashMap<>();

	private final List<URI> redirects = new ArrayList<>();

	private final LoginPage loginPage;

	/**
	 * A browser for a provider with Spring Security's login page (Spring Authorization
	 * Server).
	 */
	OidcLogin() {
		this(LoginPage.SPRING_SECURITY);
	}

	/**
	 * A browser for a provider with the given login page.
	 * @param loginPage how the provider's login form is filled in
	 */
	OidcLogin(LoginPage loginPage) {
		this.loginPage = loginPage;
	}

	/**
	 * Sign in: ask for the page, sign in at the provider, come back to the page.
	 * @param page an application page that needs a signed-in user
	 * @param username the user at the provider
	 * @param password the password
	 * @return the session tokens before and after login and the page
	 */
	Result login(URI page, String username, String password) {
		List<String> hops = new ArrayList<>();
		HttpResponse<String> loginForm = follow(send(HttpRequest.newBuilder(page).GET()), hops);
		LoginPage.Form loginFields = this.loginPage.read(loginForm);
		if (loginFields == null) {
			throw new AssertionError("Expected the provider's login form (" + this.loginPage + "), got "
					+ describe(loginForm) + " after " + hops);
		}
		String preLoginToken = cookie(page, SESSION_COOKIE);
		if (preLoginToken == null) {
			throw new AssertionError("The application kept no session for the login it started, after " + hops);
		}
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.putAll(loginFields.hiddenFields());
		HttpResponse<String> landed = follow(send(HttpRequest.newBuilder(loginFields.action())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form)))), hops);
		String token = cookie(page, SESSION_COOKIE);
		if (token == null) {
			throw new AssertionError("No application session after login: " + describe(landed) + " after " + hops);
		}
		return new Result(preLoginToken, token, landed, List.copyOf(hops));
	}

	/**
	 * Open a page with this browser's cookies, following redirects.
	 * @param page the page
	 * @param hops receives every redirect followed, without query strings
	 * @return the last response
	 */
	HttpResponse<String> open(URI page, List<String> hops) {
		return follow(send(HttpRequest.newBuilder(page).GET()), hops);
	}

	/**
	 * Drop this browser's cookies for an origin (e.g. to end its session at the
	 * provider).
	 * @param uri any URI of the origin
	 */
	void forget(URI uri) {
		this.jars.remove(origin(uri));
	}

	/**
	 * Every URI this browser was redirected to, with query strings, oldest first.
	 * @return the URIs
	 */
	List<URI> redirects() {
		return List.copyOf(this.redirects);
	}

	/**
	 * A session cookie of an application.
	 * @param page any page of the application
	 * @return the token, if the browser holds one
	 */
	@Nullable String sessionToken(URI page) {
		return cookie(page, SESSION_COOKIE);
	}

	/**
	 * A GET with nothing but a session cookie, as another browser tab on another node
	 * would send it; no jar, no redirects followed.
	 * @param uri what to get
	 * @param sessionToken the application's session token
	 * @return the response
	 */
	static HttpResponse<String> get(URI uri, String sessionToken) {
		return exchange(HttpRequest.newBuilder(uri).header("Cookie", SESSION_COOKIE + "=" + sessionToken).GET());
	}

	/**
	 * A form POST with a session cookie; no redirects followed.
	 * @param uri where to post
	 * @param sessionToken the application's session token
	 * @param form the form fields
	 * @return the response
	 */
	static HttpResponse<String> post(URI uri, String sessionToken, Map<String, String> form) {
		return exchange(HttpRequest.newBuilder(uri)
			.header("Cookie", SESSION_COOKIE + "=" + sessionToken)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form))));
	}

	/**
	 * A form POST without cookies, as an identity provider sends a back-channel logout
	 * token; no redirects followed.
	 * @param uri where to post
	 * @param form the form fields
	 * @return the response
	 */
	static HttpResponse<String> post(URI uri, Map<String, String> form) {
		return exchange(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form))));
	}

	/**
	 * A GET with a session cookie and an {@code Accept} header; no redirects followed.
	 * @param uri what to get
	 * @param sessionToken the application's session token
	 * @param accept the media types the client accepts
	 * @return the response
	 */
	static HttpResponse<String> get(URI uri, String sessionToken, String accept) {
		return exchange(HttpRequest.newBuilder(uri)
			.header("Cookie", SESSION_COOKIE + "=" + sessionToken)
			.header("Accept", accept)
			.GET());
	}

	/**
	 * A GET without cookies; no redirects followed.
	 * @param uri what to get
	 * @return the response
	 */
	static HttpResponse<String> get(URI uri) {
		return exchange(HttpRequest.newBuilder(uri).GET());
	}

	/**
	 * Status and where it points, for assertion messages: no query string (it carries
	 * codes and state) and no body.
	 * @param response the response
	 * @return e.g. {@code 302 -> http://localhost:5000/oauth2/authorize}
	 */
	static String describe(HttpResponse<?> response) {
		String location = response.headers()
			.firstValue("Location")
			.map((l) -> " -> " + withoutQuery(response.uri().resolve(l)))
			.orElse("");
		return response.statusCode() + " " + withoutQuery(response.uri()) + location;
	}

	private HttpResponse<String> follow(HttpResponse<String> response, List<String> hops) {
		HttpResponse<String> current = response;
		for (int i = 0; i < MAX_REDIRECTS; i++) {
			int status = current.statusCode();
			String location = current.headers().firstValue("Location").orElse(null);
			if (status < 300 || status >= 400 || location == null) {
				return current;
			}
			URI next = current.uri().resolve(location);
			this.redirects.add(next);
			hops.add(withoutQuery(next));
			current = send(HttpRequest.newBuilder(next).GET());
		}
		throw new AssertionError("More than " + MAX_REDIRECTS + " redirects: " + hops);
	}

	private HttpResponse<String> send(HttpRequest.Builder builder) {
		HttpRequest request = builder.copy().build();
		Map<String, String> jar = this.jars.computeIfAbsent(origin(request.uri()), (origin) -> new LinkedHashMap<>());
		// Browsers navigating ask for HTML; the provider sends only those to its login
		// page.
		builder.header("Accept", "text/html,application/xhtml+xml");
		if (!jar.isEmpty()) {
			builder.header("Cookie",
					jar.entrySet()
						.stream()
						.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
						.collect(Collectors.joining("; ")));
		}
		HttpResponse<String> response = exchange(builder);
		for (String header : response.headers().allValues("Set-Cookie")) {
			store(jar, header);
		}
		return response;
	}

	/**
	 * The names of the cookies this browser holds for an origin.
	 * @param uri any URI of the origin
	 * @return the names
	 */
	Set<String> cookieNames(URI uri) {
		return Set.copyOf(this.jars.getOrDefault(origin(uri), Map.of()).keySet());
	}

	private @Nullable String cookie(URI uri, String name) {
		Map<String, String> jar = this.jars.get(origin(uri));
		return (jar != null) ? jar.get(name) : null;
	}

	/**
	 * Keeps name and value; a cookie set empty or with {@code Max-Age=0} is deleted.
	 * Paths are not tracked: the applications' cookies have {@code Path=/}, and every
	 * request to Keycloak goes under its cookies' path, the realm's.
	 */
	private static void store(Map<String, String> jar, String header) {
		String[] parts = header.split(";");
		int equals = parts[0].indexOf('=');
		if (equals <= 0) {
			return;
		}
		String name = parts[0].substring(0, equals).trim();
		String value = parts[0].substring(equals + 1).trim();
		boolean expired = value.isEmpty();
		for (int i = 1; i < parts.length; i++) {
			expired |= parts[i].trim().equalsIgnoreCase("Max-Age=0");
		}
		if (expired) {
			jar.remove(name);
		}
		else {
			jar.put(name, value);
		}
	}

	private static HttpResponse<String> exchange(HttpRequest.Builder builder) {
		builder.timeout(REQUEST_TIMEOUT);
		try {
			return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String origin(URI uri) {
		return uri.getHost() + ":" + uri.getPort();
	}

	private static String withoutQuery(URI uri) {
		return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
	}

	private static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((entry) -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/**
	 * A finished login. Its {@link #toString()} names no token.
	 *
	 * @param preLoginToken the session token the application gave before login, when it
	 * sent the browser to the provider
	 * @param token the session token after login
	 * @param page the page the browser came back to
	 * @param hops every redirect followed, without query strings
	 */
	record Result(String preLoginToken, String token, HttpResponse<String> page, List<String> hops) {

		@Override
		public String toString() {
			return "Login[" + describe(this.page) + " after " + this.hops + "]";
		}

	}

}
