package dev.netpol.core.manifest;

import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.Decoded.ClusterPolicyObject;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Warnings about cluster-scoped policies once the cluster is built
 * (docs/cluster-policies.md#ties):
 *
 * <ul>
 *   <li>two policies of one tier at the same priority that both select some pod: the API leaves
 *       their order undefined, so a real cluster may answer otherwise than netpol, which consults
 *       them by name;
 *   <li>{@code nodes} peers in an input without Node objects: they match nothing.
 * </ul>
 */
final class ClusterPolicyWarnings {
  private ClusterPolicyWarnings() {}

  static void warn(Cluster cluster, List<Decoded> objects, Diagnostics diagnostics) {
    List<ClusterPolicyObject> policies = new ArrayList<>();
    for (Decoded o : objects) {
      if (o instanceof ClusterPolicyObject c) {
        policies.add(c);
      }
    }
    for (int i = 0; i < policies.size(); i++) {
      for (int j = i + 1; j < policies.size(); j++) {
        ClusterPolicyObject a = policies.get(i);
        ClusterPolicyObject b = policies.get(j);
        if (!a.policy().tiesWith(b.policy())) {
          continue;
        }
        sharedPod(cluster, a.policy(), b.policy())
            .ifPresent(
                pod ->
                    diagnostics.warning(
                        b.origin().location(),
                        b.origin().base().isEmpty() ? "spec.priority"
                            : b.origin().base() + ".spec.priority",
                        b.policy() + " and " + a.policy() + " (" + a.origin().location()
                            + ") both select pod " + pod.id() + ": the order of equal"
                            + " priorities is undefined by the API, netpol consults them by name;"
                            + " give them different priorities"));
      }
    }
    if (cluster.nodes().isEmpty() && policies.stream().anyMatch(p -> hasNodesPeer(p.policy()))) {
      ClusterPolicyObject first =
          policies.stream().filter(p -> hasNodesPeer(p.policy())).findFirst().orElseThrow();
      diagnostics.warning(
          first.origin().location(),
          first.origin().base().isEmpty() ? "spec" : first.origin().base() + ".spec",
          "nodes peers match nothing: the input has no Node objects (kind: Node, with"
              + " status.addresses); add them to judge traffic to nodes and host-network pods");
    }
  }

  private static Optional<Pod> sharedPod(Cluster cluster, ClusterPolicy a, ClusterPolicy b) {
    for (Pod pod : cluster.pods()) {
      Labels ns =
          cluster.namespace(pod.namespace()).orElse(Namespace.of(pod.namespace())).labels();
      if (a.selects(pod, ns) && b.selects(pod, ns)) {
        return Optional.of(pod);
      }
    }
    return Optional.empty();
  }

  private static boolean hasNodesPeer(ClusterPolicy p) {
    for (ClusterRule rule : p.egress()) {
      if (rule.peers().stream().anyMatch(ClusterPeer.Nodes.class::isInstance)) {
        return true;
      }
    }
    return false;
  }
}
