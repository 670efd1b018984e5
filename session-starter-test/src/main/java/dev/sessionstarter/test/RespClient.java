package dev.sessionstarter.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A deliberately tiny RESP2 client over a plain socket. The harness talks to Redis on its
 * own connection, never through Lettuce, so it cannot disturb the connections of the code
 * under test and its own commands are easy to tell apart in {@code INFO commandstats}.
 * One instance is one connection; it is not thread-safe, so callers open one per use.
 */
final class RespClient implements AutoCloseable {

	private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

	private static final int READ_TIMEOUT_MILLIS = 10_000;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RespClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	static RespClient connect(String host, int port) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			return new RespClient(socket);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * Sends one command and returns its reply: a {@link String} (simple or bulk string),
	 * a {@link Long}, a {@link List} of replies, or {@code null} for a nil reply.
	 * @param args the command and its arguments
	 * @return the decoded reply
	 * @throws RedisErrorReply when Redis answers with an error
	 */
	@Nullable Object send(String... args) {
		try {
			this.out.write(encode(args));
			this.out.flush();
			return read();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"Redis at " + this.socket.getRemoteSocketAddress() + " did not answer " + String.join(" ", args),
					ex);
		}
	}

	private static byte[] encode(String... args) {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		writeAscii(buffer, "*" + args.length + "\r\n");
		for (String arg : args) {
			byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
			writeAscii(buffer, "$" + bytes.length + "\r\n");
			buffer.writeBytes(bytes);
			writeAscii(buffer, "\r\n");
		}
		return buffer.toByteArray();
	}

	private static void writeAscii(ByteArrayOutputStream buffer, String text) {
		buffer.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
	}

	private @Nullable Object read() throws IOException {
		int type = this.in.read();
		String line = readLine();
		return switch (type) {
			case '+' -> line;
			case '-' -> throw new RedisErrorReply(line);
			case ':' -> Long.parseLong(line);
			case '$' -> readBulk(Integer.parseInt(line));
			case '*' -> readArray(Integer.parseInt(line));
			case -1 -> throw new EOFException("Redis closed the connection");
			default -> throw new IOException("Unexpected RESP type '" + (char) type + "' followed by " + line);
		};
	}

	private @Nullable String readBulk(int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] bytes = this.in.readNBytes(length);
		if (bytes.length < length || this.in.read() != '\r' || this.in.read() != '\n') {
			throw new EOFException("Truncated bulk reply from Redis");
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private @Nullable List<@Nullable Object> readArray(int length) throws IOException {
		if (length < 0) {
			return null;
		}
		List<@Nullable Object> items = new ArrayList<>(length);
		for (int i = 0; i < length; i++) {
			items.add(read());
		}
		return items;
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		for (int next = this.in.read(); next != -1; next = this.in.read()) {
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(next);
			previous = next;
		}
		throw new EOFException("Redis closed the connection mid-reply");
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * An error reply ({@code -ERR ...}) from Redis.
	 */
	static final class RedisErrorReply extends RuntimeException {

		RedisErrorReply(String message) {
			super(message);
		}

	}

}
