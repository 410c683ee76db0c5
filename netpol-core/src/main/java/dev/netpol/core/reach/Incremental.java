package dev.netpol.core.reach;

import dev.netpol.core.Cluster;

/**
 * Applies a {@link PolicyChange} to a compiled cluster. The simple path rebuilds the changed
 * cluster and compares the two matrices; it is the reference the fast path must agree with.
 */
final class Incremental {
  private Incremental() {}

  static WhatIf apply(ReachabilityMatrix before, PolicyChange change) {
    Cluster changed = change.applyTo(before.cluster());
    ReachabilityMatrix after = new ReachabilityEngine(before.options()).build(changed);
    return new WhatIf(before, change, after, MatrixDiff.between(before, after));
  }
}
