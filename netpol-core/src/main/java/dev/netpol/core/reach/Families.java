package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;

/**
 * The IP families a cluster is judged in, chosen once when its matrix is built. A connection uses
 * one family at both ends (docs/semantics.md#peers), so where pods do not all live in one family
 * and an {@code ipBlock} exists, the cluster is compiled once per family ({@link DualStack});
 * otherwise its one compilation is exact ({@link SingleFamily}).
 *
 * <p>Matrices compute their per-compilation answers and let {@link #combine} make cells of them:
 *
 * <pre>{@code
 * Cells[] each = ...;                 // one per compilations() entry, same order
 * Cells cells = families.combine(each);
 * cells.allowed(s, d, port);          // no family branch in the caller
 * }</pre>
 */
sealed interface Families permits SingleFamily, DualStack {
  /** The compilations answers are computed in: one, or one per projection. */
  ImmutableList<Index> compilations();

  /**
   * The cells of the cluster, from the answers of each compilation.
   *
   * @param perCompilation one entry per {@link #compilations()} entry, in the same order
   */
  Cells combine(Cells[] perCompilation);
}
