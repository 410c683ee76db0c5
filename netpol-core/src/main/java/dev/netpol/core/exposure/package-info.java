/**
 * Exposure: for each workload and port range, who may open connections to it and where it may
 * open connections to, in the words of a review ("any pod of any namespace", "all pods of
 * namespace shop", "0.0.0.0/0 outside the cluster"), widest first.
 *
 * <p>Start with {@link dev.netpol.core.Cluster#exposure()}; the answers come from the
 * reachability engine, exact over every port and address, and {@link
 * dev.netpol.core.exposure.Exposure#example} asks the evaluator for the rules behind one of them.
 */
@NullMarked
package dev.netpol.core.exposure;

import org.jspecify.annotations.NullMarked;
