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
package dev.sessionstarter.core.codec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads {@link URL} values (an ID token's {@code iss} claim, decoded as a URL by Spring
 * Security) into URLs that never touch the network. A plain {@code URL} resolves its host
 * in {@code hashCode()} and {@code equals()}, so a stored set of URLs would make each
 * read of the session send DNS queries to hosts of the writer's choosing (the "URLDNS"
 * deserialization probe) and block on them. The URLs read here compare and hash by their
 * text, only {@code http} and {@code https} are accepted, and they cannot be opened.
 *
 * @author session-starter
 */
final class InertUrlModule extends SimpleModule {

	private static final URLStreamHandler INERT_HTTP = new InertHandler(80);

	private static final URLStreamHandler INERT_HTTPS = new InertHandler(443);

	InertUrlModule() {
		super("session-starter-inert-url");
		addDeserializer(URL.class, new InertUrlDeserializer());
	}

	/**
	 * Parse a stored URL into one that compares by its text and cannot be opened.
	 * @param text the URL as stored
	 * @return the URL
	 * @throws MalformedURLException if it is not an absolute http or https URL
	 */
	static URL inert(String text) throws MalformedURLException {
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw new MalformedURLException(ex.getMessage());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
			throw new MalformedURLException("Not an absolute http(s) URL");
		}
		return new URL(null, uri.toString(), scheme.equals("https") ? INERT_HTTPS : INERT_HTTP);
	}

	private static final class InertUrlDeserializer extends StdDeserializer<URL> {

		InertUrlDeserializer() {
			super(URL.class);
		}

		@Override
		public URL deserialize(JsonParser parser, DeserializationContext context) {
			String text = parser.getValueAsString();
			try {
				if (text == null) {
					throw new MalformedURLException("Not a string");
				}
				return inert(text);
			}
			catch (MalformedURLException ex) {
				return (URL) context.handleWeirdStringValue(URL.class, text, ex.getMessage());
			}
		}

	}

	/**
	 * Parses like the JDK's http handler, but compares and hashes by text and opens
	 * nothing.
	 */
	private static final class InertHandler extends URLStreamHandler {

		private final int defaultPort;

		InertHandler(int defaultPort) {
			this.defaultPort = defaultPort;
		}

		@Override
		protected URLConnection openConnection(URL url) throws IOException {
			throw new IOException("A URL read from the session store is not opened: " + url);
		}

		@Override
		protected int getDefaultPort() {
			return this.defaultPort;
		}

		@Override
		protected boolean equals(URL first, URL second) {
			return first.toExternalForm().equals(second.toExternalForm());
		}

		@Override
		protected int hashCode(URL url) {
			return url.toExternalForm().hashCode();
		}

		@Override
		protected boolean hostsEqual(URL first, URL second) {
			return String.valueOf(first.getHost()).equalsIgnoreCase(String.valueOf(second.getHost()));
		}

		@Override
		protected @Nullable InetAddress getHostAddress(URL url) {
			return null;
		}

	}

}
