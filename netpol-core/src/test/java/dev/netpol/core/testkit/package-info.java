/**
 * netpol's own small property-based testing kit: generators ({@link dev.netpol.core.testkit.Gen})
 * that record every random choice they make, a runner ({@link dev.netpol.core.testkit.Property})
 * that shrinks a failing input by simplifying those choices, and generators of whole clusters
 * ({@link dev.netpol.core.testkit.NetpolGen}) biased toward the corners of the NetworkPolicy API.
 *
 * <p>A counterexample is printed as Kubernetes manifests ({@link
 * dev.netpol.core.testkit.ClusterYaml}) with the seed that replays it ({@code -Dnetpol.seed=...}).
 */
@NullMarked
package dev.netpol.core.testkit;

import org.jspecify.annotations.NullMarked;
