package dev.netpol.core.testkit;

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

/**
 * The classic NetworkPolicy article's scenario, the one fixture every module's tests share: a
 * {@code frontend} that may call a {@code backend} on TCP 80 and resolve names through kube-dns,
 * and a {@code backend} that accepts nothing else (deny-by-default ingress).
 *
 * <p>It comes in two forms, both on the test class path of any module that depends on
 * netpol-core's test-jar:
 *
 * <ul>
 *   <li>{@link #build()}: the cluster built in Java, with fixed addresses and the kube-dns pod, for
 *       tests that assert on explanations and single connections;
 *   <li>{@value #MANIFESTS}: the same scenario as the article's YAML (two Deployments and three
 *       NetworkPolicies), for tests of the loader and of the JUnit extension, with its truth table
 *       on TCP 80 next to it ({@value #TCP_80_TABLE}).
 * </ul>
 *
 * <p>The forms agree on every verdict on a port number between frontend and backend pods, but not
 * on every detail:
 * the YAML names the ingress allow {@code allow-frontend-to-backend-ingress}, declares neither
 * namespace, names no container port, and leaves pod addresses and kube-dns to the loader's
 * options; the Java form calls the allow {@code allow-frontend-to-backend}, declares
 * {@code default} and {@code kube-system}, names backend's port {@code http} and pins addresses.
 *
 * <pre>{@code
 * Cluster seed = SeedCluster.build();
 * Cluster same = Cluster.fromClasspath(SeedCluster.MANIFESTS); // "netpol/seed"
 * }</pre>
 */
public final class SeedCluster {
  /** The classpath directory that holds the scenario's manifests: {@code netpol/seed}. */
  public static final String MANIFESTS = "netpol/seed";

  /**
   * The classpath resource of the scenario's truth table on TCP 80 between the four pods of the
   * manifests: frontend reaches backend; backend reaches frontend, whose ingress nothing isolates;
   * backend cannot reach backend (its ingress admits only frontend) and frontend cannot reach
   * frontend (its egress admits only backend and kube-dns).
   */
  public static final String TCP_80_TABLE = "netpol/seed/tcp-80.txt";

  private SeedCluster() {}

  /**
   * Builds the scenario: Deployments {@code frontend} (pods {@code frontend-0} and
   * {@code frontend-1}, 10.244.0.10-11) and {@code backend} ({@code backend-0} and
   * {@code backend-1}, 10.244.1.10-11, port 80 named {@code http}) in {@code default};
   * {@code coredns-0} (10.244.2.10, {@code k8s-app=kube-dns}, UDP and TCP 53) in
   * {@code kube-system}; a deny-all ingress to backend, an allow from frontend to backend on TCP
   * 80, and frontend's egress limited to backend:80 and kube-dns on UDP and TCP 53.
   *
   * @return a new cluster of that scenario
   */
  public static Cluster build() {
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
          .containerPort(ContainerPort.named("http", 80, Protocol.TCP))
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

  private static LabelSelector sel(String text) {
    return LabelSelector.parse(text);
  }
}
