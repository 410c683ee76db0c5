package dev.netpol.core.reach;

import dev.netpol.core.model.Port;

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
    return egressAllows(source, destination, port) && ingressAllows(source, destination, port);
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
