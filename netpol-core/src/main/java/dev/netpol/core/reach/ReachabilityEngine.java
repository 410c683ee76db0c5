package dev.netpol.core.reach;

import dev.netpol.core.Cluster;
import dev.netpol.core.policy.EvaluationOptions;

/**
 * Builds {@link ReachabilityMatrix}es: who can reach whom in a whole cluster, on every port.
 *
 * <pre>{@code
 * ReachabilityMatrix m = cluster.reachability();   // the documented way to build one
 * m.allowed(frontend, backend, Port.tcp(80));       // one cell
 * System.out.println(m.truthTable(cluster.pods(), Port.tcp(80)));
 * }</pre>
 *
 * <p>Building groups pods into classes that no policy can tell apart (same namespace, same values
 * of the label keys selectors use, same resolution of the named ports policies use, same {@code
 * ipBlock}s containing their addresses, same host-network flag) and compiles every policy's
 * selection and every rule's peers into bitsets over those classes. Whole-port matrices are then
 * computed per port atom on demand ({@link ReachabilityMatrix#matrix}).
 *
 * <p>When the pods do not all live in one IP family (dual-stack pods, or IPv4-only next to
 * IPv6-only pods) and some policy has an {@code ipBlock}, the cluster is also compiled once per
 * family, each pod keeping only its addresses of that family, because a connection uses one
 * family at both ends; single-stack clusters take the single compilation only.
 *
 * <p>Cluster-scoped policies (docs/cluster-policies.md#layers) are compiled into the same classes:
 * each side of a cell goes through the Admin tier, the NetworkPolicy answer and the Baseline tier
 * exactly as the evaluator walks them. A pod's connection to itself is judged without
 * ClusterNetworkPolicies, which exempt it (docs/cluster-policies.md#hairpin).
 *
 * <p>An engine may compute the port atoms of a whole matrix ({@link
 * ReachabilityMatrix#forEachAtom}, {@link MatrixDiff#between}) on several threads
 * (docs/semantics.md#engine-parallelism). The answers are the same with any number of threads:
 *
 * <pre>{@code
 * ReachabilityEngine engine = ReachabilityEngine.builder()
 *     .options(EvaluationOptions.defaults())
 *     .parallelism(2)           // the caller and a thread of its own, made per call
 *     .build();
 * engine.build(cluster).forEachAtom(m -> report.add(m.ports(), m.allowedPairCount()));
 * }</pre>
 */
public final class ReachabilityEngine {
  private final EvaluationOptions options;
  private final int parallelism;

  /**
   * An engine applying the given plugin-defined behaviours. To ask about one cluster, prefer
   * {@code cluster.reachability(options)} ({@link Cluster#reachability(EvaluationOptions)}), which
   * builds the same matrix; an engine object is for building many clusters with one setting.
   *
   * @param options the options, e.g. {@link EvaluationOptions#defaults()}
   */
  public ReachabilityEngine(EvaluationOptions options) {
    this(options, 1);
  }

  private ReachabilityEngine(EvaluationOptions options, int parallelism) {
    this.options = options;
    this.parallelism = parallelism;
  }

  /**
   * A builder of an engine: the plugin-defined behaviours (default: {@link
   * EvaluationOptions#defaults()}) and the number of threads (default 1).
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * How many threads compute the port atoms of a whole matrix: 1 (the default) computes them on
   * the calling thread.
   *
   * @return at least 1
   */
  public int parallelism() {
    return parallelism;
  }

  /**
   * The plugin-defined behaviours this engine applies.
   *
   * @return the options
   */
  public EvaluationOptions options() {
    return options;
  }

  /**
   * Builds a {@link ReachabilityEngine}: {@code ReachabilityEngine.builder().parallelism(2)
   * .build()}.
   */
  public static final class Builder {
    private EvaluationOptions options = EvaluationOptions.defaults();
    private int parallelism = 1;

    private Builder() {}

    /**
     * The plugin-defined behaviours to apply (docs/semantics.md#plugin-options).
     *
     * @param options the options, e.g. {@link EvaluationOptions#defaults()} (the default)
     * @return this builder
     */
    public Builder options(EvaluationOptions options) {
      this.options = java.util.Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * How many threads compute the port atoms of {@link ReachabilityMatrix#forEachAtom} and
     * {@link MatrixDiff#between} (docs/semantics.md#engine-parallelism). With 1, the default,
     * everything runs on the calling thread. With {@code n}, the calling thread computes atoms
     * beside {@code n - 1} daemon threads the engine starts for each such call (never a shared
     * pool of the application it runs in), and it hands the atoms over in order. Every answer is
     * the same with any number of threads.
     *
     * @param threads at least 1, e.g. {@code Runtime.getRuntime().availableProcessors()}
     * @return this builder
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public Builder parallelism(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException(
            "parallelism must be at least 1 (1 computes on the calling thread), found "
                + threads);
      }
      this.parallelism = threads;
      return this;
    }

    /**
     * The engine.
     *
     * @return an engine with the options and parallelism given
     */
    public ReachabilityEngine build() {
      return new ReachabilityEngine(options, parallelism);
    }
  }

  /**
   * An engine with the conformance defaults: {@code withDefaults().build(cluster)} is the same as
   * {@code cluster.reachability()}, the documented way.
   *
   * @return the engine
   */
  public static ReachabilityEngine withDefaults() {
    return new ReachabilityEngine(EvaluationOptions.defaults());
  }

  /**
   * Compiles a cluster. The cluster is immutable, so the matrix stays valid for it.
   *
   * @param cluster the cluster snapshot
   * @return the matrix, answering queries about every pod of {@code cluster}
   */
  public ReachabilityMatrix build(Cluster cluster) {
    Index index = IndexBuilder.build(cluster, options);
    Families families =
        DualStack.needed(cluster) ? DualStack.build(index) : new SingleFamily(index);
    return new ReachabilityMatrix(index, families, parallelism);
  }
}
