package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;

/**
 * The cells of a {@link DualStack} cluster, judged from each projection's answers. A connection
 * uses one IP family at both ends, so cell {@code s} may reach cell {@code d} iff some family both
 * have allows it in that family's projection; cells sharing no family are judged in the projection
 * with no pod address, where no {@code ipBlock} matches either end. For example an IPv4-only pod
 * and a dual-stack pod are judged in the IPv4 projection only.
 */
final class DualStackCells implements Cells {
  private final DualStack dual;

  /** The answers of each projection, indexed like {@link DualStack#projections}. */
  private final Cells[] projections;

  DualStackCells(DualStack dual, Cells[] projections) {
    this.dual = dual;
    this.projections = projections.clone();
  }

  @Override
  public int count() {
    return dual.size();
  }

  @Override
  public int cellOf(Pod pod) {
    dual.whole.classOf(pod); // the check only: the class of the whole cluster is no cell here
    return dual.cellOf(pod.id());
  }

  @Override
  public int cellOf(String podId) {
    return dual.cellOf(podId);
  }

  @Override
  public int podCount(int cell) {
    return dual.cellPods.get(cell).size();
  }

  @Override
  public boolean allowed(int source, int destination, Port port) {
    int common = dual.families[source] & dual.families[destination];
    if (common == 0) {
      return allowedIn(DualStack.NONE, source, destination, port);
    }
    return ((common & 1) != 0 && allowedIn(DualStack.V4, source, destination, port))
        || ((common & 2) != 0 && allowedIn(DualStack.V6, source, destination, port));
  }

  @Override
  public boolean tied(int source, int destination, Port port) {
    int common = dual.families[source] & dual.families[destination];
    if (common == 0) {
      return tiedIn(DualStack.NONE, source, destination, port);
    }
    return ((common & 1) != 0 && tiedIn(DualStack.V4, source, destination, port))
        || ((common & 2) != 0 && tiedIn(DualStack.V6, source, destination, port));
  }

  @Override
  public boolean allowedSelf(int cell, Port port) {
    int own = dual.families[cell];
    if (own == 0) {
      return projections[DualStack.NONE].allowedSelf(dual.classIn[cell][DualStack.NONE], port);
    }
    return ((own & 1) != 0
            && projections[DualStack.V4].allowedSelf(dual.classIn[cell][DualStack.V4], port))
        || ((own & 2) != 0
            && projections[DualStack.V6].allowedSelf(dual.classIn[cell][DualStack.V6], port));
  }

  @Override
  public boolean tiedSelf(int cell, Port port) {
    int own = dual.families[cell];
    if (own == 0) {
      return projections[DualStack.NONE].tiedSelf(dual.classIn[cell][DualStack.NONE], port);
    }
    return ((own & 1) != 0
            && projections[DualStack.V4].tiedSelf(dual.classIn[cell][DualStack.V4], port))
        || ((own & 2) != 0
            && projections[DualStack.V6].tiedSelf(dual.classIn[cell][DualStack.V6], port));
  }

  private boolean tiedIn(int projection, int source, int destination, Port port) {
    int[] s = dual.classIn[source];
    int[] d = dual.classIn[destination];
    return projections[projection].tied(s[projection], d[projection], port);
  }

  private boolean allowedIn(int projection, int source, int destination, Port port) {
    int[] s = dual.classIn[source];
    int[] d = dual.classIn[destination];
    return projections[projection].allowed(s[projection], d[projection], port);
  }
}
