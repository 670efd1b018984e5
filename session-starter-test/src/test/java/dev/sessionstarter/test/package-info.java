/**
 * Tests of the real-Redis harness, against real servers.
 */
@NullMarked
package dev.sessionstarter.test;

import org.jspecify.annotations.NullMarked;
