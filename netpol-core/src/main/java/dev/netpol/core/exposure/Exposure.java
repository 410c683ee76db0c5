package dev.netpol.core.exposure;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.internal.AddressRanges;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.PortMatrix;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.reach.WorkloadMatrix;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What each workload of a cluster is open to, the question a reviewer of a policy change asks:
 * for every workload and port range, who may connect in (any pod of any namespace, all pods of
 * named namespaces, pods of named workloads, addresses outside the cluster as CIDR blocks) and
 * where it may connect out, widest exposure first.
 *
 * <pre>{@code
 * Exposure exposure = cluster.exposure();
 * System.out.println(exposure);
 * // shop/web (Deployment, 2 pods)
 * //   in  TCP/80 from outside the cluster: 0.0.0.0/0, ::/0
 * //   out UDP/53 to pods of kube-system/coredns
 * // shop/db (StatefulSet, 1 pod)
 * //   in  TCP/5432 from pods of shop/web
 * //   out nothing on any port
 * exposure.workload("shop/db").orElseThrow().ingress();
 * }</pre>
 *
 * <p>The answers are the reachability engine's ({@link ReachabilityMatrix}): a connection between
 * pods needs both ends (docs/semantics.md#both-ends), so a source that may not send is not
 * listed even when the destination admits it; an address outside the cluster is judged by the
 * pod's side alone. They are exact: every port of a range, every address of a set, every pod of
 * a namespace said to be wholly admitted. A workload is exposed when <em>any</em> of its pods is,
 * and a line says "(some pods)" when its pods differ.
 *
 * <p>Workloads are ordered by their widest ingress ({@link Breadth}: outside the cluster, any
 * namespace, named namespaces, pods, nothing), then their widest egress, then namespace and name.
 * A pod's connection to itself counts as the policies judge it; the plugin option {@code
 * selfTrafficAlwaysAllowed} exposes no pod to itself.
 */
public final class Exposure {
  private final ReachabilityMatrix matrix;
  private final ImmutableList<WorkloadExposure> workloads;
  private final ImmutableMap<String, WorkloadExposure> byId;

  Exposure(ReachabilityMatrix matrix, ImmutableList<WorkloadExposure> workloads) {
    this.matrix = matrix;
    this.workloads = workloads;
    this.byId = workloads.stream()
        .collect(ImmutableMap.toImmutableMap(WorkloadExposure::id, Function.identity()));
  }

  /**
   * Computes the exposure of every workload from the engine's matrix, every port atom of it. The
   * cost grows with pod classes and port atoms, not with pod pairs.
   *
   * @param matrix the engine's matrix, e.g. {@code cluster.reachability()}
   * @return the exposure
   */
  public static Exposure of(ReachabilityMatrix matrix) {
    return new ExposureBuilder(matrix).build();
  }

  /**
   * Every workload (and every pod that belongs to none), widest exposure first.
   *
   * @return the workloads' exposures
   */
  public ImmutableList<WorkloadExposure> workloads() {
    return workloads;
  }

  /**
   * One workload's exposure.
   *
   * @param id {@code namespace/name} of a workload, or of a pod that belongs to none
   * @return its exposure; empty if the cluster has no such workload (or it has no pod)
   */
  public Optional<WorkloadExposure> workload(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The matrix the answers come from.
   *
   * @return the engine's matrix
   */
  public ReachabilityMatrix matrix() {
    return matrix;
  }

  /**
   * One connection a line admits, explained by the evaluator: which policy and rule admit it at
   * each end. The connection is the first of the line's first port range between the workload's
   * pods (in the cluster's order) and the peer's pods (or the lowest address of the peer's
   * addresses).
   *
   * <pre>{@code
   * Reach open = exposure.workload("shop/db").orElseThrow().ingress().get(0);
   * exposure.example(db, open).orElseThrow().explain();
   * // shop/web-0 -> shop/db-0 on TCP/5432: ALLOWED
   * //   egress of shop/web-0: not isolated
   * //   ingress of shop/db-0: allowed by NetworkPolicy shop/db-from-web ingress[0]
   * }</pre>
   *
   * @param workload a workload of this exposure
   * @param reach one of its lines
   * @return the evaluator's verdict; empty only if the line is not one of this exposure's
   */
  public Optional<Verdict> example(WorkloadExposure workload, Reach reach) {
    return example(workload, reach, reach.ports().get(0).representative(), p -> true,
        ImmutableRangeSet.of(Range.all()));
  }

  /**
   * One connection a line admits on a given port, with a peer chosen among some pods or
   * addresses, explained by the evaluator: what an assertion shows for the part of a line it
   * forbids ("from another namespace", "from {@code 0.0.0.0/0}").
   *
   * <pre>{@code
   * exposure.example(db, line, Port.tcp(5432),
   *     pod -> !pod.namespace().equals("shop"), ImmutableRangeSet.of());   // pods only
   * }</pre>
   *
   * @param workload a workload of this exposure
   * @param reach one of its lines
   * @param port a port of the line
   * @param among the peer pods to choose from (pod lines)
   * @param within the peer addresses to choose from (outside lines)
   * @return the evaluator's verdict of the first such connection the matrix allows; empty if
   *     none is allowed
   */
  public Optional<Verdict> example(WorkloadExposure workload, Reach reach, Port port,
      Predicate<Pod> among, RangeSet<IpAddress> within) {
    Evaluator evaluator = matrix.cluster().evaluator(matrix.options());
    List<Pod> mine = podsOf(workload.id());
    boolean in = reach.direction() == PolicyType.INGRESS;
    if (reach.peer() instanceof Peer.Outside outside) {
      TreeRangeSet<IpAddress> candidates = TreeRangeSet.create(outside.addresses());
      candidates.removeAll(within.complement());
      for (Range<IpAddress> range : candidates.asRanges()) {
        // The lowest address of the range, whether or not Guava left its end open.
        IpAddress address = AddressRanges.closed(TreeRangeSet.create(List.of(range)))
            .asRanges().iterator().next().lowerEndpoint();
        for (Pod pod : mine) {
          boolean admits = in
              ? matrix.ingressFromOutside(pod, port).contains(address)
              : matrix.egressToOutside(pod, port).contains(address);
          if (admits) {
            return Optional.of(in
                ? evaluator.evaluate(address, pod, port)
                : evaluator.evaluate(pod, address, port));
          }
        }
      }
      return Optional.empty();
    }
    PortMatrix atom = matrix.matrix(port);
    List<Pod> others = podsOf(reach.peer()).stream().filter(among).toList();
    Optional<Verdict> self = Optional.empty();
    for (Pod pod : mine) {
      for (Pod other : others) {
        boolean allowed = in ? atom.allowed(other, pod) : atom.allowed(pod, other);
        if (!allowed) {
          continue;
        }
        Verdict verdict = in
            ? evaluator.evaluate(other, pod, port)
            : evaluator.evaluate(pod, other, port);
        if (!other.id().equals(pod.id())) {
          return Optional.of(verdict);
        }
        self = Optional.of(verdict); // a pod with itself shows least: shown if nothing else is
      }
    }
    return self;
  }

  private List<Pod> podsOf(String groupId) {
    return matrix.cluster().pods().stream()
        .filter(p -> WorkloadMatrix.groupId(p).equals(groupId))
        .toList();
  }

  private List<Pod> podsOf(Peer peer) {
    Cluster cluster = matrix.cluster();
    if (peer instanceof Peer.Namespaces ns) {
      return cluster.pods().stream().filter(p -> ns.names().contains(p.namespace())).toList();
    }
    if (peer instanceof Peer.Workloads w) {
      return cluster.pods().stream()
          .filter(p -> w.ids().contains(WorkloadMatrix.groupId(p)))
          .toList();
    }
    return cluster.pods();
  }

  /** Returns every workload's exposure, as {@link WorkloadExposure#toString()}, widest first. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (WorkloadExposure w : workloads) {
      out.append(w).append('\n');
    }
    return out.toString();
  }
}
