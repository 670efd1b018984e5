package dev.sessionstarter.test;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code field:value} text that {@code INFO} returns.
 */
final class RedisInfo {

	private static final String COMMAND_STAT_PREFIX = "cmdstat_";

	private RedisInfo() {
	}

	static String field(String info, String name) {
		String prefix = name + ":";
		return info.lines()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> line.substring(prefix.length()).trim())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("INFO has no " + name + " field:\n" + info));
	}

	/**
	 * Parses lines such as {@code cmdstat_config|resetstat:calls=1,usec=5,...}.
	 */
	static Map<String, Long> commandStats(String info) {
		Map<String, Long> stats = new TreeMap<>();
		info.lines().filter((line) -> line.startsWith(COMMAND_STAT_PREFIX)).forEach((line) -> {
			int colon = line.lastIndexOf(':');
			String command = line.substring(COMMAND_STAT_PREFIX.length(), colon).toLowerCase(Locale.ROOT);
			for (String pair : line.substring(colon + 1).split(",")) {
				if (pair.startsWith("calls=")) {
					stats.put(command, Long.parseLong(pair.substring("calls=".length()).trim()));
				}
			}
		});
		return Collections.unmodifiableMap(stats);
	}

}
