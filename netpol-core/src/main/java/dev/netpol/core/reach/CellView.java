package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;

/**
 * One port atom's matrix at the level of its cells: groups of pods that get the same answer from
 * every policy, numbered from 0. For views that aggregate the engine's answers over many pods
 * (the exposure of a workload) at a cost that grows with the cells, not with the pod pairs.
 *
 * <pre>{@code
 * matrix.forEachAtom(atom -> {
 *   CellView v = CellView.of(atom);
 *   int web = v.cellOf(webPod);
 *   for (int s = 0; s < v.count(); s++) {
 *     v.allowed(s, web);      // may the pods of cell s connect to webPod on atom.ports()?
 *   }
 * });
 * }</pre>
 *
 * <p>Every atom of one {@link ReachabilityMatrix} numbers the pods' cells alike, so a pod's cell
 * may be looked up once. The answers are the policies' answers: the plugin option {@code
 * selfTrafficAlwaysAllowed} (a pod may always reach itself) is not applied to a cell with itself.
 */
public final class CellView {
  private final PortMatrix atom;

  private CellView(PortMatrix atom) {
    this.atom = atom;
  }

  /**
   * The cells of one atom's matrix.
   *
   * @param atom a matrix from {@link ReachabilityMatrix#forEachAtom} or {@link
   *     ReachabilityMatrix#matrix}
   * @return its view
   */
  public static CellView of(PortMatrix atom) {
    return new CellView(atom);
  }

  /**
   * The number of cells.
   *
   * @return at most the number of pods
   */
  public int count() {
    return atom.classCount();
  }

  /**
   * The cell of a pod.
   *
   * @param pod a pod of the matrix's cluster
   * @return its cell, from 0 to {@code count() - 1}
   * @throws IllegalArgumentException if the pod is not in the cluster
   */
  public int cellOf(Pod pod) {
    return atom.cellOf(pod);
  }

  /**
   * Whether the pods of one cell may connect to the pods of another on the atom's ports.
   *
   * @param source a source cell
   * @param destination a destination cell
   * @return true if the source's egress and the destination's ingress both allow it
   */
  public boolean allowed(int source, int destination) {
    return atom.classAllowed(source, destination);
  }

  /**
   * One source cell's row: the destination cells its pods may connect to, as a bitset (bit
   * {@code d % 64} of word {@code d / 64} for cell {@code d}), written over {@code into}.
   *
   * @param source a source cell
   * @param into at least {@code (count() + 63) / 64} words; overwritten
   */
  public void row(int source, long[] into) {
    // Asks cell by cell today: the one place to hand over the engine's own bitset rows.
    int n = atom.classCount();
    java.util.Arrays.fill(into, 0, (n + 63) >>> 6, 0L);
    for (int d = 0; d < n; d++) {
      if (atom.classAllowed(source, d)) {
        into[d >>> 6] |= 1L << d;
      }
    }
  }
}
