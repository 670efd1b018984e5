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
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A device bound session as the client keeps it: identifier, refresh URL, cached
 * challenge, scope, credentials and key pair, created from JSON session instructions with
 * the specification's validations.
 */
final class BoundSession {

	record ScopeRule(String type, String domain, String path) {
	}

	record Credential(String name, String attributes) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final String id;

	final URI refreshUrl;

	final URI origin;

	final KeyPair key;

	final List<ScopeRule> rules;

	final List<Credential> credentials;

	@Nullable String challenge;

	private BoundSession(String id, URI refreshUrl, URI origin, KeyPair key, List<ScopeRule> rules,
			List<Credential> credentials) {
		this.id = id;
		this.refreshUrl = refreshUrl;
		this.origin = origin;
		this.key = key;
		this.rules = rules;
		this.credentials = credentials;
	}

	BoundSession withKey(KeyPair other) {
		BoundSession copy = new BoundSession(this.id, this.refreshUrl, this.origin, other, this.rules,
				this.credentials);
		copy.challenge = this.challenge;
		return copy;
	}

	/**
	 * "Create session": {@code null} when the instructions end the session or fail
	 * validation.
	 */
	static @Nullable BoundSession fromInstructions(String body, URI destination, @Nullable String requestedId,
			KeyPair key) {
		Map<?, ?> json;
		try {
			json = JSON.readValue(body, Map.class);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (Boolean.FALSE.equals(json.get("continue"))) {
			return null;
		}
		if (!(json.get("session_identifier") instanceof String id) || (requestedId != null && !requestedId.equals(id))
				|| !(json.get("scope") instanceof Map<?, ?> scope) || !(json.get("credentials") instanceof List<?> list)
				|| !(scope.get("include_site") instanceof Boolean)) {
			return null;
		}
		URI refresh = (json.get("refresh_url") instanceof String url) ? destination.resolve(url) : destination;
		URI origin = (scope.get("origin") instanceof String o) ? URI.create(o) : destination.resolve("/");
		if (!DbscClient.sameOrigin(origin, destination) || !CookieJar.isSecureContext(refresh)
				|| !DbscClient.sameOrigin(refresh, destination)) {
			return null;
		}
		List<Credential> credentials = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof Map<?, ?> c) || !"cookie".equals(c.get("type"))
					|| !(c.get("name") instanceof String n) || n.isEmpty()) {
				return null;
			}
			String attributes = (c.get("attributes") instanceof String a) ? a : "";
			if (attributes.toLowerCase().contains("partitioned")) {
				return null;
			}
			credentials.add(new Credential(n, attributes));
		}
		List<ScopeRule> rules = new ArrayList<>();
		if (scope.get("scope_specification") instanceof List<?> specs) {
			for (Object spec : specs) {
				if (spec instanceof Map<?, ?> rule && rule.get("type") instanceof String type) {
					rules.add(new ScopeRule(type, (rule.get("domain") instanceof String d) ? d : "*",
							(rule.get("path") instanceof String p) ? p : "/"));
				}
			}
		}
		return new BoundSession(id, refresh, origin, key, rules, credentials);
	}

	/** "Identify if a URL is in scope" (origin-scoped sessions only). */
	boolean includes(URI url) {
		if (!DbscClient.sameOrigin(url, this.origin)) {
			return false;
		}
		if (url.getPath().equals(this.refreshUrl.getPath()) && DbscClient.sameOrigin(url, this.refreshUrl)) {
			return false;
		}
		for (int i = this.rules.size() - 1; i >= 0; i--) {
			ScopeRule rule = this.rules.get(i);
			if (!hostMatches(url.getHost(), rule.domain())) {
				continue;
			}
			String path = url.getPath();
			String pattern = rule.path();
			if (path.equals(pattern) || (pattern.endsWith("/") && path.startsWith(pattern))
					|| path.startsWith(pattern + "/")) {
				return "include".equals(rule.type());
			}
		}
		return true;
	}

	private static boolean hostMatches(String host, String pattern) {
		if (pattern.equals("*")) {
			return true;
		}
		if (pattern.startsWith("*")) {
			return pattern.startsWith("*.") && host.endsWith(pattern.substring(1));
		}
		return host.equals(pattern);
	}

}
