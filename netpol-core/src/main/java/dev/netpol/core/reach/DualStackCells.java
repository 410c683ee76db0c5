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

  /** One answer of one projection's cells about a pair of its classes. */
  @FunctionalInterface
  private interface PairQuestion {
    boolean ask(Cells projection, int source, int destination);
  }

  /**
   * Asks each family both cells have (or the projection with no pod address, if they share
   * none) and says whether some family answered yes.
   */
  private boolean inSomeFamily(int source, int destination, PairQuestion question) {
    int common = dual.families[source] & dual.families[destination];
    if (common == 0) {
      return askIn(DualStack.NONE, source, destination, question);
    }
    return ((common & 1) != 0 && askIn(DualStack.V4, source, destination, question))
        || ((common & 2) != 0 && askIn(DualStack.V6, source, destination, question));
  }

  private boolean askIn(int projection, int source, int destination, PairQuestion question) {
    return question.ask(
        projections[projection], dual.classIn[source][projection],
        dual.classIn[destination][projection]);
  }

  @Override
  public boolean allowed(int source, int destination, Port port) {
    return inSomeFamily(source, destination, (p, s, d) -> p.allowed(s, d, port));
  }

  @Override
  public boolean tied(int source, int destination, Port port) {
    return inSomeFamily(source, destination, (p, s, d) -> p.tied(s, d, port));
  }

  @Override
  public boolean allowedSelf(int cell, Port port) {
    return inSomeFamily(cell, cell, (p, s, d) -> p.allowedSelf(s, port));
  }

  @Override
  public boolean tiedSelf(int cell, Port port) {
    return inSomeFamily(cell, cell, (p, s, d) -> p.tiedSelf(s, port));
  }
}
