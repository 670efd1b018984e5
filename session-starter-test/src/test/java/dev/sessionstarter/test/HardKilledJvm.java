package dev.sessionstarter.test;

/**
 * Run in a child JVM by {@link OrphanGuardTests}: starts the shared server, reports the
 * server's pid and waits to be killed.
 */
final class HardKilledJvm {

	private HardKilledJvm() {
	}

	public static void main(String[] args) throws InterruptedException {
		RealRedis redis = RealRedis.get();
		long pid = ((BundledRedisBinary.Running) redis.server()).process().processHandle().pid();
		System.out.println("redis-server-pid=" + pid);
		System.out.flush();
		Thread.sleep(60_000);
	}

}
