package dev.netpol.core.reach;

import dev.netpol.core.model.Port;
import dev.netpol.core.policy.PolicyType;

/**
 * One compilation's classes judged on any port, rule by rule: what a single query reads. A pair is
 * allowed iff the source's egress and the destination's ingress both allow it
 * (docs/semantics.md#both-ends); a side that is not isolated allows everything.
 */
final class ClassCells extends IndexCells {
  ClassCells(Index index) {
    super(index);
  }

  @Override
  public boolean allowed(int source, int destination, Port port) {
    TierPlan tiers = index.tiers;
    if (tiers == null) {
      return egressAllows(source, destination, port) && ingressAllows(source, destination, port);
    }
    // docs/cluster-policies.md#layers: each side through Admin, NetworkPolicy, Baseline.
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
