package dev.sessionstarter.test;

/**
 * A Redis server that some source obtained, and the way to let go of it again.
 */
interface RunningRedis {

	String host();

	int port();

	/**
	 * Stops what this source started; an existing server named by URL is left alone.
	 */
	void stop();

	/**
	 * A server someone else runs, named by {@code SESSION_STARTER_TEST_REDIS}.
	 *
	 * @param host the server's host
	 * @param port the server's port
	 */
	record External(String host, int port) implements RunningRedis {

		@Override
		public void stop() {
		}

	}

}
