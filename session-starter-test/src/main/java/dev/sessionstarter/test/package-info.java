/**
 * A real Redis for a test run — and for a sample application at development time. See
 * {@link dev.sessionstarter.test.RealRedis} for the lookup order,
 * {@link dev.sessionstarter.test.RealRedisTest} for plain JUnit tests and
 * {@link dev.sessionstarter.test.AutoConfigureRealRedis} for Spring Boot tests.
 */
@NullMarked
package dev.sessionstarter.test;

import org.jspecify.annotations.NullMarked;
