package dev.sessionstarter.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a plain JUnit test class that needs a real Redis: shorthand for
 * {@code @ExtendWith(RealRedisExtension.class)}. For {@code @SpringBootTest} classes use
 * {@link AutoConfigureRealRedis}, which also points Spring Boot at the server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealRedisExtension.class)
public @interface RealRedisTest {

}
