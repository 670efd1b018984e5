package dev.sessionstarter.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that gives a test class the JVM's shared {@link RealRedis}:
 * started (or found) before all tests, emptied with {@link RealRedis#flushAll()} before
 * each test so no test sees another's keys, scripts or command counts, and injected into
 * any {@code RealRedis} constructor, lifecycle or test method parameter. Usually applied
 * through {@link RealRedisTest} or {@link AutoConfigureRealRedis}.
 */
public final class RealRedisExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

	/**
	 * Creates the extension; JUnit does this for {@code @ExtendWith}.
	 */
	public RealRedisExtension() {
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		RealRedis.get();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		RealRedis.get().flushAll();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == RealRedis.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return RealRedis.get();
	}

}
