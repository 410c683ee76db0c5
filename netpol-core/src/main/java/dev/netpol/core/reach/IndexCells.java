package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.PolicyType;
import org.jspecify.annotations.Nullable;

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
  public final boolean allowedSelf(int cell, Port port) {
    return index.hairpinTiers == null
        ? allowed(cell, cell, port)
        : judge(index.hairpinTiers, cell, cell, port);
  }

  @Override
  public final boolean tiedSelf(int cell, Port port) {
    return tiedIn(index.hairpinTiers == null ? index.tiers : index.hairpinTiers, cell, cell, port);
  }

  @Override
  public final boolean tied(int source, int destination, Port port) {
    return tiedIn(index.tiers, source, destination, port);
  }

  private boolean tiedIn(@Nullable TierPlan tiers, int source, int destination, Port port) {
    return tiers != null
        && (tiers.sideTied(
                PolicyType.EGRESS, source, destination, destination, port,
                Bits.get(index.egressIsolated, source))
            || tiers.sideTied(
                PolicyType.INGRESS, destination, source, destination, port,
                Bits.get(index.ingressIsolated, destination)));
  }

  /**
   * One pair judged rule by rule (docs/semantics.md#both-ends): the source's egress and the
   * destination's ingress, each through the tiers when there are any
   * (docs/cluster-policies.md#layers); a side no NetworkPolicy isolates allows everything.
   */
  final boolean judge(@Nullable TierPlan tiers, int source, int destination, Port port) {
    if (tiers == null) {
      return egressAllows(source, destination, port) && ingressAllows(source, destination, port);
    }
    return tiers.side(
            PolicyType.EGRESS,
            source,
            destination,
            destination,
            port,
            Bits.get(index.egressIsolated, source),
            egressAllows(source, destination, port))
        && tiers.side(
            PolicyType.INGRESS,
            destination,
            source,
            destination,
            port,
            Bits.get(index.ingressIsolated, destination),
            ingressAllows(source, destination, port));
  }

  private boolean egressAllows(int s, int d, Port port) {
    if (!Bits.get(index.egressIsolated, s)) {
      return true;
    }
    for (int ri : index.egressRulesOf[s]) {
      Rule r = index.egressRules.get(ri);
      if (Bits.get(r.peers, d) && r.portsAdmit(port, d, index)) {
        return true;
      }
    }
    return false;
  }

  private boolean ingressAllows(int s, int d, Port port) {
    if (!Bits.get(index.ingressIsolated, d)) {
      return true;
    }
    for (int ri : index.ingressRulesOf[d]) {
      Rule r = index.ingressRules.get(ri);
      if (Bits.get(r.peers, s) && r.portsAdmit(port, d, index)) {
        return true;
      }
    }
    return false;
  }
}
