package dev.sessionstarter.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.annotation.Import;

/**
 * Points a Spring Boot test's Redis auto-configuration at the JVM's shared
 * {@link RealRedis} (through {@link RealRedisConfiguration}, so no
 * {@code spring.data.redis.*} properties are needed) and, through
 * {@link RealRedisExtension}, empties Redis before each test. Use as
 * {@code @SpringBootTest @AutoConfigureRealRedis}.
 * <p>
 * The flush runs after the application context started, so data written at startup is
 * gone when a test begins; Lua scripts are flushed too, so code must survive
 * {@code NOSCRIPT}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(RealRedisConfiguration.class)
@ExtendWith(RealRedisExtension.class)
public @interface AutoConfigureRealRedis {

}
