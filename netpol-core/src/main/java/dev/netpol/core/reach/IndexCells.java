package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.PolicyType;

/** Cells that are the classes of one compilation: what every per-compilation answer shares. */
abstract class IndexCells implements Cells {
  final Index index;

  IndexCells(Index index) {
    this.index = index;
  }

  @Override
  public final int count() {
    return index.size;
  }

  @Override
  public final int cellOf(Pod pod) {
    return index.classOf(pod);
  }

  @Override
  public final int cellOf(String podId) {
    return index.classOfPod.get(podId);
  }

  @Override
  public final int podCount(int cell) {
    return index.classPods.get(cell).size();
  }

  @Override
  public final boolean tied(int source, int destination, Port port) {
    TierPlan tiers = index.tiers;
    return tiers != null
        && (tiers.sideTied(
                PolicyType.EGRESS, source, destination, destination, port,
                Bits.get(index.egressIsolated, source))
            || tiers.sideTied(
                PolicyType.INGRESS, destination, source, destination, port,
                Bits.get(index.ingressIsolated, destination)));
  }
}
