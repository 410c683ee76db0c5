package dev.netpol.core.eval;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.model.Workload;
import dev.netpol.core.model.WorkloadKind;
import dev.netpol.core.model.WorkloadRef;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;

/** Small builders for test clusters, and the scenario of the seed article. */
final class Fixtures {
  private Fixtures() {}

  static Pod pod(String id, String ip, String... labels) {
    String[] parts = id.split("/");
    Pod.Builder b = Pod.builder(parts[0], parts[1]).labels(Labels.of(labels));
    if (!ip.isEmpty()) {
      b.ip(IpAddress.parse(ip));
    }
    return b.build();
  }

  static LabelSelector sel(String text) {
    return LabelSelector.parse(text);
  }

  /**
   * The seed article: frontend (2 pods) and backend (2 pods) in default, kube-dns in kube-system,
   * a deny-all ingress to backend, an allow from frontend on TCP 80, and frontend's egress to
   * backend:80 and to kube-dns on UDP/TCP 53.
   */
  static Cluster seedArticle() {
    Cluster.Builder b = Cluster.builder().namespace(Namespace.of("default"))
        .namespace(Namespace.of("kube-system"));
    for (int i = 0; i < 2; i++) {
      b.pod(Pod.builder("default", "frontend-" + i)
          .labels(Labels.of("app", "frontend"))
          .ip(IpAddress.parse("10.244.0." + (10 + i)))
          .containerPort(ContainerPort.of(80, Protocol.TCP))
          .owner(new WorkloadRef(WorkloadKind.DEPLOYMENT, "frontend"))
          .build());
      b.pod(Pod.builder("default", "backend-" + i)
          .labels(Labels.of("app", "backend"))
          .ip(IpAddress.parse("10.244.1." + (10 + i)))
          .containerPort(ContainerPort.of(80, Protocol.TCP))
          .owner(new WorkloadRef(WorkloadKind.DEPLOYMENT, "backend"))
          .build());
    }
    b.workload(new Workload(WorkloadKind.DEPLOYMENT, "default", "frontend",
        Labels.of("app", "frontend"), ImmutableList.of("frontend-0", "frontend-1")));
    b.workload(new Workload(WorkloadKind.DEPLOYMENT, "default", "backend",
        Labels.of("app", "backend"), ImmutableList.of("backend-0", "backend-1")));
    b.pod(Pod.builder("kube-system", "coredns-0")
        .labels(Labels.of("k8s-app", "kube-dns"))
        .ip(IpAddress.parse("10.244.2.10"))
        .containerPort(ContainerPort.named("dns", 53, Protocol.UDP))
        .containerPort(ContainerPort.named("dns-tcp", 53, Protocol.TCP))
        .build());
    b.policy(NetworkPolicy.builder("default", "deny-all-ingress-to-backend")
        .podSelector(sel("app=backend"))
        .policyTypes(PolicyType.INGRESS)
        .build());
    b.policy(NetworkPolicy.builder("default", "allow-frontend-to-backend")
        .podSelector(sel("app=backend"))
        .policyTypes(PolicyType.INGRESS)
        .ingress(NetworkPolicyRule.builder()
            .peer(PodPeer.pods(sel("app=frontend")))
            .port(NetworkPolicyPort.tcp(80))
            .build())
        .build());
    b.policy(NetworkPolicy.builder("default", "allow-frontend-egress-to-backend")
        .podSelector(sel("app=frontend"))
        .policyTypes(PolicyType.EGRESS)
        .egress(NetworkPolicyRule.builder()
            .peer(PodPeer.pods(sel("app=backend")))
            .port(NetworkPolicyPort.tcp(80))
            .build())
        .egress(NetworkPolicyRule.builder()
            .peer(PodPeer.of(sel("k8s-app=kube-dns"), LabelSelector.everything()))
            .port(NetworkPolicyPort.number(Protocol.UDP, 53))
            .port(NetworkPolicyPort.number(Protocol.TCP, 53))
            .build())
        .build());
    return b.build();
  }
}
