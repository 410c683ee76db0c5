/**
 * The JUnit Jupiter extension of netpol: annotate a test class with {@link
 * dev.netpol.junit5.NetpolTest} and {@link dev.netpol.junit5.Manifests}, and its tests receive the
 * {@link dev.netpol.core.Cluster} your manifests describe, loaded once per suite.
 *
 * <p>Truth tables kept next to the manifests become one test per cell ({@link
 * dev.netpol.junit5.ReachabilityTest}, {@link dev.netpol.junit5.ReachabilityTests}), so a changed
 * policy shows up as a failing test with the verdict's explanation and the actual table.
 */
@NullMarked
package dev.netpol.junit5;

import org.jspecify.annotations.NullMarked;
