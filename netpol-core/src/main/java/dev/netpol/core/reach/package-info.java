/**
 * The reachability engine: every pod against every pod on every port at once, computed over pod
 * equivalence classes, port interval atoms and bitsets, for cluster-wide reports, diffs and CI
 * gates.
 *
 * <p>It answers exactly what the reference semantics (docs/semantics.md) answer for one query,
 * only faster: {@link dev.netpol.core.reach.ReachabilityEngine} builds a {@link
 * dev.netpol.core.reach.ReachabilityMatrix}, which prints {@link dev.netpol.core.table.TruthTable}s
 * and compares with {@link dev.netpol.core.reach.MatrixDiff}.
 */
@NullMarked
package dev.netpol.core.reach;

import org.jspecify.annotations.NullMarked;
