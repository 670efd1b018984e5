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

package dev.sessionstarter.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends requests byte for byte over a plain socket, so that a test can put into a header
 * what no well-behaved HTTP client would: raw bytes, NULs, bare line feeds, characters
 * beyond Latin-1 as UTF-8, values larger than the container accepts.
 */
final class RawHttp {

	/** The answer when the server closed the connection without a status line. */
	static final int NO_RESPONSE = -1;

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Sends {@code GET path} with the given header lines and returns the status code.
	 * @param path the path
	 * @param headerLines complete header lines such as {@code Cookie: a=b}, without line
	 * ends; characters up to U+00FF are sent as one byte each, others as UTF-8
	 * @return the status code, or {@link #NO_RESPONSE}
	 */
	int get(String path, List<String> headerLines) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		write(request, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		for (String line : headerLines) {
			write(request, line + "\r\n");
		}
		write(request, "Connection: close\r\n\r\n");
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.toByteArray());
			socket.getOutputStream().flush();
			return status(socket.getInputStream());
		}
		catch (SocketException ex) {
			// The server may close (or reset) a connection whose request it refuses
			// before reading all of it.
			return NO_RESPONSE;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int status(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
			line.append((char) b);
		}
		String statusLine = line.toString();
		if (!statusLine.startsWith("HTTP/1.1 ")) {
			return NO_RESPONSE;
		}
		return Integer.parseInt(statusLine.substring(9, 12));
	}

	private static void write(ByteArrayOutputStream out, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c <= 0xFF) {
				out.write(c);
			}
			else {
				int codePoint = text.codePointAt(i);
				out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
				i += Character.charCount(codePoint) - 1;
			}
		}
	}

}
