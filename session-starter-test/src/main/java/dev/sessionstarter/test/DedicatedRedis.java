package dev.sessionstarter.test;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A local redis-server of one test's own, which can be stopped and started again on the
 * same port (see {@link RealRedis#startDedicated()}). Every write is persisted
 * (append-only file, fsync on every write) into a data directory that outlives each
 * process, so a restart finds the data again, as a production Redis with AOF would. Each
 * process runs under the same watchdog as the shared server.
 */
final class DedicatedRedis implements RunningRedis {

	private final Executable executable;

	private final Path dataDirectory;

	private final int port;

	private @Nullable LocalRedisProcess process;

	private @Nullable Path extractedDirectory;

	private boolean released;

	private DedicatedRedis(Executable executable, Path dataDirectory, int port) {
		this.executable = executable;
		this.dataDirectory = dataDirectory;
		this.port = port;
	}

	/**
	 * Starts a server on a free port and waits until it answers PING.
	 * @param executable where the redis-server binary comes from
	 * @return the running server
	 */
	static DedicatedRedis start(Executable executable) {
		Path dataDirectory = TempDirectory.create("session-starter-redis-data-");
		try {
			return LocalRedisProcess.onFreePort((port) -> {
				DedicatedRedis server = new DedicatedRedis(executable, dataDirectory, port);
				server.startProcess();
				return server;
			});
		}
		catch (RuntimeException ex) {
			TempDirectory.delete(dataDirectory);
			throw ex;
		}
	}

	@Override
	public String host() {
		return LocalRedisProcess.HOST;
	}

	@Override
	public int port() {
		return this.port;
	}

	/**
	 * Stops the current process, keeping port number and data for {@link #restart()}.
	 * Does nothing when no process runs.
	 */
	synchronized void stopProcess() {
		LocalRedisProcess current = this.process;
		if (current != null) {
			this.process = null;
			current.stop();
			if (this.extractedDirectory != null) {
				TempDirectory.delete(this.extractedDirectory);
				this.extractedDirectory = null;
			}
		}
	}

	/**
	 * Stops the current process, if any, and starts a new one on the same port and data
	 * directory; returns once it answers PING.
	 */
	synchronized void restart() {
		if (this.released) {
			throw new IllegalStateException("This dedicated Redis was released at JVM shutdown; it cannot restart");
		}
		stopProcess();
		try {
			startProcess();
		}
		catch (LocalRedisProcess.PortTakenException ex) {
			throw new IllegalStateException("Port " + this.port + " was taken by another process while the dedicated"
					+ " Redis was stopped, so it cannot restart there", ex);
		}
	}

	/**
	 * The current process, for tests.
	 */
	synchronized @Nullable ProcessHandle processHandle() {
		return (this.process != null) ? this.process.processHandle() : null;
	}

	/**
	 * Stops the process for good and deletes the data.
	 */
	@Override
	public synchronized void stop() {
		this.released = true;
		stopProcess();
		TempDirectory.delete(this.dataDirectory);
	}

	private void startProcess() {
		Executable.Prepared prepared = this.executable.prepare();
		try {
			this.process = LocalRedisProcess.startPersistent(prepared.binary(), prepared.extractedDirectory(),
					this.port, this.dataDirectory);
			this.extractedDirectory = prepared.extractedDirectory();
		}
		catch (RuntimeException ex) {
			if (prepared.extractedDirectory() != null) {
				TempDirectory.delete(prepared.extractedDirectory());
			}
			throw ex;
		}
	}

	/**
	 * Where the redis-server binary for each process comes from.
	 */
	@FunctionalInterface
	interface Executable {

		/**
		 * Returns a binary to run once. A bundled binary is extracted afresh for every
		 * process, so the process's watchdog may delete its copy when the JVM dies.
		 * @return the binary and the temporary directory to delete with it
		 */
		Prepared prepare();

		/**
		 * A binary ready to run.
		 *
		 * @param binary the executable
		 * @param extractedDirectory the temporary directory holding it, or {@code null}
		 * when it is not ours to delete
		 */
		record Prepared(Path binary, @Nullable Path extractedDirectory) {
		}

	}

}
