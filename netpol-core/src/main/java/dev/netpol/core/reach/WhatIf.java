package dev.netpol.core.reach;

/**
 * What one {@link PolicyChange} does to a cluster: the matrix before, the matrix after, and
 * every cell and outside address set that changed between them. Made by {@link
 * ReachabilityMatrix#apply}.
 *
 * <pre>{@code
 * ReachabilityMatrix loaded = cluster.reachability();
 * WhatIf w = loaded.apply(PolicyChange.add(denyAllIngress));
 * w.diff().changes();      // [default/frontend -> default/backend TCP/1-65535: allowed -> denied]
 * w.after().allowed(frontend, backend, Port.tcp(80));   // false
 * w.after().apply(PolicyChange.replace(allowFrontend)); // chain the next question
 * }</pre>
 *
 * <p>{@link #after()} answers exactly as {@code new ReachabilityEngine(options).build(cluster)}
 * on the changed cluster would, with the same options, and {@link #diff()} equals {@code
 * MatrixDiff.between(before(), after())} (docs/what-if.md#guarantee).
 */
public final class WhatIf {
  private final ReachabilityMatrix before;
  private final PolicyChange change;
  private final ReachabilityMatrix after;
  private final MatrixDiff diff;

  /** How it was computed, for the laws: see Incremental. */
  enum Path {
    /** The changed cluster compiled from scratch, the matrices compared atom by atom. */
    REBUILT,
    /** The classes and other policies' rules reused; the matrices compared atom by atom. */
    REUSED_CLASSES,
    /** The classes reused and only the changed policy's rows and columns compared. */
    SPARSE,
    /**
     * A cluster-scoped change: the classes and NetworkPolicy rules reused, the tiers put in order
     * again, and only the changed policy's rows and columns compared.
     */
    SPARSE_TIERS
  }

  private final Path path;

  WhatIf(
      ReachabilityMatrix before,
      PolicyChange change,
      ReachabilityMatrix after,
      MatrixDiff diff,
      Path path) {
    this.before = before;
    this.change = change;
    this.after = after;
    this.diff = diff;
    this.path = path;
  }

  Path path() {
    return path;
  }

  /**
   * The matrix the change was applied to; it is not modified and stays valid.
   *
   * @return the matrix before
   */
  public ReachabilityMatrix before() {
    return before;
  }

  /**
   * The change applied.
   *
   * @return the change
   */
  public PolicyChange change() {
    return change;
  }

  /**
   * The matrix of the changed cluster ({@code after().cluster()}), which can take the next
   * change.
   *
   * @return the matrix after
   */
  public ReachabilityMatrix after() {
    return after;
  }

  /**
   * Every pod pair and outside address set whose answer the change flips, on which ports.
   *
   * @return the same as {@code MatrixDiff.between(before(), after())}
   */
  public MatrixDiff diff() {
    return diff;
  }

  /** Returns e.g. {@code WhatIf[add NetworkPolicy default/deny-all: 12 changes, 2 outside]}. */
  @Override
  public String toString() {
    return "WhatIf["
        + change
        + ": "
        + diff.changes().size()
        + " changes, "
        + diff.outsideChanges().size()
        + " outside]";
  }
}
