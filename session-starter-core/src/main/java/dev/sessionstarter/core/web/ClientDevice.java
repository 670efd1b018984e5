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

package dev.sessionstarter.core.web;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What a user sees about the device behind a session ("Firefox on Linux"): the user agent
 * reduced to a short summary, since a full header is a fingerprint and needlessly long.
 * The web adapters record it, with the client's address, at login.
 *
 * @author session-starter
 */
public final class ClientDevice {

	private static final Pattern VERSION = Pattern.compile("(Edg|OPR|Chrome|Firefox|Version)/(\\d+)");

	/** Summaries of recent user agents: every request of a session summarizes its own. */
	private static final Map<String, String> SUMMARIES = new ConcurrentHashMap<>();

	private static final int MAX_REMEMBERED = 1024;

	private static final int MAX_REMEMBERED_LENGTH = 512;

	private ClientDevice() {
	}

	/**
	 * Summarize a {@code User-Agent} header as browser and operating system.
	 * @param userAgent the header value
	 * @return a summary such as {@code "Chrome 120 on Windows"}, at most 60 characters
	 */
	public static String summarize(@Nullable String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return "Unknown client";
		}
		if (userAgent.length() > MAX_REMEMBERED_LENGTH) {
			return summarizeNow(userAgent);
		}
		String summary = SUMMARIES.get(userAgent);
		if (summary == null) {
			// Bounded, since the header is the client's to choose: a flood of distinct
			// values only empties the memory, it never grows it.
			if (SUMMARIES.size() >= MAX_REMEMBERED) {
				SUMMARIES.clear();
			}
			summary = summarizeNow(userAgent);
			SUMMARIES.put(userAgent, summary);
		}
		return summary;
	}

	private static String summarizeNow(String userAgent) {
		String browser = browser(userAgent);
		String system = system(userAgent);
		String summary = (system != null) ? browser + " on " + system : browser;
		return (summary.length() > 60) ? summary.substring(0, 60) : summary;
	}

	private static String browser(String userAgent) {
		String name = null;
		String version = null;
		Matcher matcher = VERSION.matcher(userAgent);
		while (matcher.find()) {
			String token = matcher.group(1);
			// Edge and Opera also announce Chrome, Chrome also announces Safari's
			// "Version":
			// the first specific token wins.
			if (name == null || (name.equals("Chrome") && (token.equals("Edg") || token.equals("OPR")))) {
				name = token;
				version = matcher.group(2);
			}
		}
		if (name == null) {
			String first = userAgent.split("[/ ;(]", 2)[0];
			return first.isEmpty() ? "Unknown client" : first.substring(0, Math.min(first.length(), 30));
		}
		String display = switch (name) {
			case "Edg" -> "Edge";
			case "OPR" -> "Opera";
			case "Version" -> "Safari";
			default -> name;
		};
		return display + " " + version;
	}

	private static @Nullable String system(String userAgent) {
		String lower = userAgent.toLowerCase(Locale.ROOT);
		if (lower.contains("android")) {
			return "Android";
		}
		if (lower.contains("iphone") || lower.contains("ipad")) {
			return "iOS";
		}
		if (lower.contains("windows")) {
			return "Windows";
		}
		if (lower.contains("mac os x") || lower.contains("macintosh")) {
			return "macOS";
		}
		if (lower.contains("cros")) {
			return "ChromeOS";
		}
		return lower.contains("linux") ? "Linux" : null;
	}

}
