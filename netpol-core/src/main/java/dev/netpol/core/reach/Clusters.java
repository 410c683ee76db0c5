package dev.netpol.core.reach;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import java.util.function.UnaryOperator;

/** Copies of a cluster the engine compiles besides the cluster itself. */
final class Clusters {
  private Clusters() {}

  /** The cluster with every pod mapped: the projections of one IP family. */
  static Cluster copy(Cluster cluster, UnaryOperator<Pod> pods) {
    Cluster.Builder b = Cluster.builder();
    for (Namespace n : cluster.namespaces()) {
      if (!cluster.implicitNamespaces().contains(n.name())) {
        b.namespace(n);
      }
    }
    for (Pod pod : cluster.pods()) {
      b.pod(pods.apply(pod));
    }
    cluster.workloads().forEach(b::workload);
    cluster.services().forEach(b::service);
    cluster.policies().forEach(b::policy);
    cluster.nodes().forEach(b::node);
    cluster.clusterPolicies().forEach(b::clusterPolicy);
    return b.build();
  }
}
