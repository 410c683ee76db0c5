/**
 * Hooks through which netpol's adapter modules cooperate without depending on each other: one
 * module implements a hook and registers it with {@link java.util.ServiceLoader}, another finds
 * and calls it. Test code does not use this package.
 *
 * <p>The one hook so far, {@link dev.netpol.core.spi.PendingCheck}, lets {@code @NetpolTest}
 * (netpol-junit5) fail a test that left a netpol-assertj chain without its port, while neither
 * module compiles against the other.
 */
@NullMarked
package dev.netpol.core.spi;

import org.jspecify.annotations.NullMarked;
