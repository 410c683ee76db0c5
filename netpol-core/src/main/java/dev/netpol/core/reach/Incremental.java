package dev.netpol.core.reach;

import dev.netpol.core.Cluster;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.NetworkPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Applies a {@link PolicyChange} to a compiled cluster (docs/what-if.md#how-it-is-computed). A
 * change whose policy looks only at what the pod classes already tell apart reuses the classes:
 * for a NetworkPolicy, every other policy's compiled rules ({@link IndexBuilder#update}); for a
 * cluster-scoped policy, every NetworkPolicy's compiled rules and the other cluster-scoped
 * policies' subjects and peers, the tiers put in order again ({@link IndexBuilder#updateTiers}).
 * Either way it diffs only the rows and columns of the classes the policy selects ({@link
 * SparseDiff}). Anything else (a new label key, named port, ipBlock or address peer, pods judged
 * per IP family) compiles the changed cluster from scratch and compares the matrices atom by
 * atom ({@link MatrixDiff#between}): correct, and as slow as a rebuild.
 */
final class Incremental {
  private Incremental() {}

  static WhatIf apply(ReachabilityMatrix before, PolicyChange change) {
    Cluster changed = change.applyTo(before.cluster());
    NetworkPolicy removed = null;
    NetworkPolicy added = null;
    ReachabilityMatrix after = null;
    if (!change.clusterScoped() && before.families() instanceof SingleFamily) {
      removed = change.kind() == PolicyChange.Kind.ADD
          ? null : change.networkPolicyOf(before.cluster()).orElseThrow();
      added = change.networkPolicy().orElse(null);
      after = updated(before, changed, removed, added);
    }
    if (change.clusterScoped() && before.families() instanceof SingleFamily) {
      ClusterPolicy gone = change.kind() == PolicyChange.Kind.ADD
          ? null : change.clusterPolicyOf(before.cluster()).orElseThrow();
      ClusterPolicy put = change.clusterPolicy().orElse(null);
      ReachabilityMatrix tiered = updatedTiers(before, changed, put);
      if (tiered != null && SparseDiff.applies(before, tiered)) {
        return new WhatIf(before, change, tiered, SparseDiff.compute(before, tiered, gone, put),
            WhatIf.Path.SPARSE_TIERS);
      }
    }
    if (after == null) {
      after = new ReachabilityEngine(before.options()).build(changed);
      return new WhatIf(
          before, change, after, MatrixDiff.between(before, after), WhatIf.Path.REBUILT);
    }
    if (!SparseDiff.applies(before, after)) {
      return new WhatIf(
          before, change, after, MatrixDiff.between(before, after), WhatIf.Path.REUSED_CLASSES);
    }
    MatrixDiff diff = SparseDiff.compute(
        before,
        after,
        removed,
        removed == null ? null : before.index().targetsOf(removed),
        added,
        added == null ? null : after.index().targetsOf(added));
    return new WhatIf(before, change, after, diff, WhatIf.Path.SPARSE);
  }

  /** The matrix of the changed cluster from the old one's classes, or null to rebuild. */
  private static @Nullable ReachabilityMatrix updated(
      ReachabilityMatrix before,
      Cluster changed,
      @Nullable NetworkPolicy removed,
      @Nullable NetworkPolicy added) {
    Index index = IndexBuilder.update(before.index(), changed, removed, added);
    if (index == null) {
      return null;
    }
    // The old matrix needed one compilation, and pods and cluster-scoped policies are the same:
    // only a first ipBlock can make the families matter (DualStack#needed).
    if (added != null && DualStack.hasIpBlock(added) && DualStack.needed(changed)) {
      return null;
    }
    return new ReachabilityMatrix(index, new SingleFamily(index));
  }

  /** The matrix of the changed cluster from the old one's classes and rules, or null. */
  private static @Nullable ReachabilityMatrix updatedTiers(
      ReachabilityMatrix before, Cluster changed, @Nullable ClusterPolicy added) {
    Index index = IndexBuilder.updateTiers(before.index(), changed, added);
    if (index == null) {
      return null;
    }
    // As for a NetworkPolicy: pods and ipBlocks are the same, so only a first address peer can
    // make the families matter (DualStack#needed).
    if (added != null && DualStack.hasAddressPeer(added) && DualStack.needed(changed)) {
      return null;
    }
    return new ReachabilityMatrix(index, new SingleFamily(index));
  }
}
