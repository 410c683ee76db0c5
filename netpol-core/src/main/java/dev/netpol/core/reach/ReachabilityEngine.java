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
 */
public final class ReachabilityEngine {
  private final EvaluationOptions options;

  /**
   * An engine applying the given plugin-defined behaviours. To ask about one cluster, prefer
   * {@code cluster.reachability(options)} ({@link Cluster#reachability(EvaluationOptions)}), which
   * builds the same matrix; an engine object is for building many clusters with one setting.
   *
   * @param options the options, e.g. {@link EvaluationOptions#defaults()}
   */
  public ReachabilityEngine(EvaluationOptions options) {
    this.options = options;
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
    return new ReachabilityMatrix(index, families);
  }
}
