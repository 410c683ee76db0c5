package dev.netpol.core.manifest;

import dev.netpol.core.Cluster;
import dev.netpol.core.manifest.Decoded.ClusterPolicyObject;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Warnings about cluster-scoped policies once the cluster is built: {@code nodes} peers in an
 * input without Node objects match nothing. (Two policies of one tier at one priority over a
 * common pod are a lint check, docs/lint.md#cluster-priority-tie, that the loader prints too.)
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

  private static boolean hasNodesPeer(ClusterPolicy p) {
    for (ClusterRule rule : p.egress()) {
      if (rule.peers().stream().anyMatch(ClusterPeer.Nodes.class::isInstance)) {
        return true;
      }
    }
    return false;
  }
}
