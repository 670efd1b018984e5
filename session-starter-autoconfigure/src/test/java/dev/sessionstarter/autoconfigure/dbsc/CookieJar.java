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

package dev.sessionstarter.autoconfigure.dbsc;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A browser's cookie store, as much of RFC 6265 as the protocol relies on: host-only and
 * domain cookies, path matching, {@code Secure} cookies only over HTTPS or to a loopback
 * host (which browsers treat as a secure context), {@code Max-Age} expiry by the client's
 * clock, deletion by {@code Max-Age=0}, the {@code __Host-} prefix rules, and the
 * attribute comparison by which DBSC decides whether a bound cookie is missing.
 */
final class CookieJar {

	record StoredCookie(String name, String value, String domain, boolean hostOnly, String path, boolean secure,
			boolean httpOnly, String sameSite, @Nullable Instant expires) {

		boolean isExpired(Instant now) {
			return this.expires != null && !now.isBefore(this.expires);
		}

	}

	private final Clock clock;

	private final List<StoredCookie> cookies = new ArrayList<>();

	CookieJar(Clock clock) {
		this.clock = clock;
	}

	/** A copy, as malware takes it from the cookie database. */
	CookieJar copy() {
		CookieJar copy = new CookieJar(this.clock);
		copy.cookies.addAll(this.cookies);
		return copy;
	}

	synchronized void store(URI uri, List<String> setCookies) {
		for (String line : setCookies) {
			StoredCookie cookie = parse(uri, line);
			if (cookie != null) {
				this.cookies.removeIf((c) -> c.name().equals(cookie.name()) && c.domain().equals(cookie.domain())
						&& c.path().equals(cookie.path()));
				if (!cookie.isExpired(this.clock.instant())) {
					this.cookies.add(cookie);
				}
			}
		}
	}

	private @Nullable StoredCookie parse(URI uri, String line) {
		String[] parts = line.split(";");
		int eq = parts[0].indexOf('=');
		if (eq <= 0) {
			return null;
		}
		String name = parts[0].substring(0, eq).strip();
		String value = parts[0].substring(eq + 1).strip();
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		String domain = host;
		boolean hostOnly = true;
		String path = defaultPath(uri);
		boolean secure = false;
		boolean httpOnly = false;
		String sameSite = "Lax";
		Instant expires = null;
		for (int i = 1; i < parts.length; i++) {
			String attribute = parts[i].strip();
			int at = attribute.indexOf('=');
			String key = ((at < 0) ? attribute : attribute.substring(0, at)).toLowerCase(Locale.ROOT);
			String argument = (at < 0) ? "" : attribute.substring(at + 1).strip();
			switch (key) {
				case "domain" -> {
					String candidate = argument.startsWith(".") ? argument.substring(1) : argument;
					if (!domainMatches(host, candidate.toLowerCase(Locale.ROOT))) {
						return null;
					}
					domain = candidate.toLowerCase(Locale.ROOT);
					hostOnly = false;
				}
				case "path" -> path = argument.startsWith("/") ? argument : defaultPath(uri);
				case "secure" -> secure = true;
				case "httponly" -> httpOnly = true;
				case "samesite" -> sameSite = argument;
				case "max-age" -> expires = this.clock.instant().plusSeconds(Long.parseLong(argument));
				default -> {
				}
			}
		}
		if (secure && !isSecureContext(uri)) {
			return null;
		}
		if (name.startsWith("__Host-") && (!secure || !hostOnly || !path.equals("/"))) {
			return null;
		}
		return new StoredCookie(name, value, domain, hostOnly, path, secure, httpOnly, sameSite, expires);
	}

	/** The Cookie header for a request to {@code uri}, or {@code null} for none. */
	synchronized @Nullable String header(URI uri) {
		List<StoredCookie> matching = matching(uri);
		return matching.isEmpty() ? null
				: matching.stream().map((c) -> c.name() + "=" + c.value()).collect(Collectors.joining("; "));
	}

	synchronized @Nullable String value(URI uri, String name) {
		return matching(uri).stream()
			.filter((c) -> c.name().equals(name))
			.map(StoredCookie::value)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Whether a request to {@code uri} would carry a cookie that satisfies a DBSC
	 * credential: same name, and the same Domain, Path, Secure, HttpOnly and SameSite as
	 * the credential's attributes say.
	 */
	synchronized boolean satisfies(URI uri, String name, String attributes) {
		StoredCookie expected = parse(uri, name + "=x; " + attributes);
		if (expected == null) {
			return false;
		}
		return matching(uri).stream()
			.anyMatch((c) -> c.name().equals(name) && c.domain().equals(expected.domain())
					&& c.hostOnly() == expected.hostOnly() && c.path().equals(expected.path())
					&& c.secure() == expected.secure() && c.httpOnly() == expected.httpOnly()
					&& c.sameSite().equalsIgnoreCase(expected.sameSite()));
	}

	synchronized void clear() {
		this.cookies.clear();
	}

	private List<StoredCookie> matching(URI uri) {
		Instant now = this.clock.instant();
		this.cookies.removeIf((c) -> c.isExpired(now));
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		return this.cookies.stream()
			.filter((c) -> c.hostOnly() ? host.equals(c.domain()) : domainMatches(host, c.domain()))
			.filter((c) -> pathMatches(path, c.path()))
			.filter((c) -> !c.secure() || isSecureContext(uri))
			.sorted(Comparator.comparingInt((StoredCookie c) -> c.path().length()).reversed())
			.toList();
	}

	static boolean isSecureContext(URI uri) {
		String host = uri.getHost();
		return "https".equals(uri.getScheme()) || "localhost".equals(host) || host.startsWith("127.")
				|| "[::1]".equals(host);
	}

	private static boolean domainMatches(String host, String domain) {
		return host.equals(domain) || (host.endsWith("." + domain) && !Character.isDigit(host.charAt(0)));
	}

	static boolean pathMatches(String requestPath, String cookiePath) {
		if (requestPath.equals(cookiePath)) {
			return true;
		}
		return requestPath.startsWith(cookiePath)
				&& (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
	}

	private static String defaultPath(URI uri) {
		String path = uri.getRawPath();
		if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
			return "/";
		}
		return path.substring(0, path.lastIndexOf('/'));
	}

}
