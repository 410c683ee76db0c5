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
    return judge(index.tiers, source, destination, port);
  }
}
