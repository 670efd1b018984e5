package dev.sessionstarter.test;

/**
 * Thrown when no source could provide a Redis server. The message lists what each source
 * reported and what to install or set; tests fail with it rather than being skipped, so a
 * missing Redis can never turn into a silently green build.
 */
public class RealRedisUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates a new exception.
	 * @param message what was tried and how to fix it
	 */
	public RealRedisUnavailableException(String message) {
		super(message);
	}

	/**
	 * Creates a new exception.
	 * @param message what was tried and how to fix it
	 * @param cause the failure behind it
	 */
	public RealRedisUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
