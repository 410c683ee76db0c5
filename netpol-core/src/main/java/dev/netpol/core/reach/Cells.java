package dev.netpol.core.reach;

import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;

/**
 * The rows and columns of a matrix: pods grouped into cells that share every answer, and the
 * answer for a (source cell, destination cell) pair. A single-family cluster's cells are the
 * classes of its one compilation ({@link ClassCells}, {@link AtomCells}); a dual-stack cluster's
 * cells combine the classes of each IP family's compilation ({@link DualStackCells}). Which one
 * a matrix holds is chosen once, by {@link Families}, so matrices ask without knowing.
 *
 * <p>{@link #allowed} is the per-cell hot path: implementations allocate nothing there.
 */
interface Cells {
  /** The number of cells; they are numbered from 0. */
  int count();

  /**
   * The cell of a pod, checking it is the very pod the matrix was built for.
   *
   * @throws IllegalArgumentException if the pod is not (or no longer) in the cluster
   */
  int cellOf(Pod pod);

  /** The cell of a pod known to be the cluster's own, by id: no check. */
  int cellOf(String podId);

  /** How many pods the cell holds. */
  int podCount(int cell);

  /**
   * Whether the pods of cell {@code source} may connect to those of {@code destination} on a
   * port; an answer that holds for a whole port atom may ignore the port.
   */
  boolean allowed(int source, int destination, Port port);

  /**
   * A source cell's row on a port: bit {@code d} set iff {@link #allowed}{@code (source, d, port)}.
   * Callers never write to it. Implementations that keep rows hand over their own arrays, the
   * same array wherever the row is the same (so walkers over atoms compare rows by identity
   * first, then by content), and a fresh one for a row they keep as a patch over another; this
   * default computes a fresh one.
   */
  default long[] row(int source, Port port) {
    int n = count();
    long[] row = new long[Bits.words(n)];
    for (int d = 0; d < n; d++) {
      if (allowed(source, d, port)) {
        Bits.set(row, d);
      }
    }
    return row;
  }

  /**
   * Whether the answer for the pair depended on an order of cluster-scoped policies the API
   * leaves undefined (docs/cluster-policies.md#ties), on either side, in any family judged.
   */
  boolean tied(int source, int destination, Port port);

  /**
   * Whether a pod of the cell may connect to itself: as the cell says, except that policies
   * exempting a pod's traffic to its own address are left out (docs/cluster-policies.md#hairpin).
   */
  boolean allowedSelf(int cell, Port port);

  /** As {@link #tied}, for a pod's traffic to itself. */
  boolean tiedSelf(int cell, Port port);
}
