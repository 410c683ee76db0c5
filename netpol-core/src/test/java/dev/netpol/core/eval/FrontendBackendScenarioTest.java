package dev.netpol.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.testkit.SeedCluster;
import org.junit.jupiter.api.Test;

/**
 * The classic frontend/backend scenario (the one of the examples module), end to end, with its
 * explanations as exact text.
 */
class FrontendBackendScenarioTest {
  private final Cluster cluster = SeedCluster.build();

  private Pod pod(String id) {
    return cluster.pod(id).orElseThrow();
  }

  @Test
  void frontendReachesBackendOnTcp80() {
    for (String f : new String[] {"default/frontend-0", "default/frontend-1"}) {
      for (String b : new String[] {"default/backend-0", "default/backend-1"}) {
        assertThat(cluster.evaluate(pod(f), pod(b), Port.tcp(80)).allowed()).as(f + " -> " + b).isTrue();
      }
    }
  }

  @Test
  void frontendResolvesDnsOnUdpAndTcp53() {
    Pod dns = pod("kube-system/coredns-0");
    assertThat(cluster.evaluate(pod("default/frontend-0"), dns, Port.udp(53)).allowed()).isTrue();
    assertThat(cluster.evaluate(pod("default/frontend-0"), dns, Port.tcp(53)).allowed()).isTrue();
    assertThat(cluster.evaluate(pod("default/frontend-0"), dns, Port.tcp(80)).allowed()).isFalse();
  }

  @Test
  void backendReceivesNothingElse() {
    assertThat(cluster.evaluate(pod("default/backend-0"), pod("default/backend-1"), Port.tcp(80)).allowed())
        .isFalse();
    assertThat(cluster.evaluate(pod("default/frontend-0"), pod("default/backend-1"), Port.tcp(8080)).allowed())
        .isFalse();
  }

  @Test
  void frontendCannotReachTheInternet() {
    assertThat(cluster.evaluator().evaluate(pod("default/frontend-0"),
        dev.netpol.core.model.IpAddress.parse("8.8.8.8"), Port.tcp(443)).allowed()).isFalse();
  }

  @Test
  void explainsAnAllowedConnection() {
    Verdict v = cluster.evaluate(pod("default/frontend-0"), pod("default/backend-1"), Port.tcp(80));
    assertThat(v.explain()).isEqualTo(String.join("\n",
        "default/frontend-0 -> default/backend-1 on TCP/80: ALLOWED",
        "  egress of default/frontend-0: allowed by NetworkPolicy default/allow-frontend-egress-to-backend, rule egress[0]",
        "    to: matched (peer 0 {podSelector: app=backend})",
        "    ports: matched (TCP/80)",
        "  ingress of default/backend-1: allowed by NetworkPolicy default/allow-frontend-to-backend, rule ingress[0]",
        "    from: matched (peer 0 {podSelector: app=frontend})",
        "    ports: matched (TCP/80)"));
  }

  @Test
  void explainsADeniedConnection() {
    Verdict v = cluster.evaluate(pod("default/frontend-0"), pod("default/backend-1"), Port.tcp(8080));
    assertThat(v.explain()).isEqualTo(String.join("\n",
        "default/frontend-0 -> default/backend-1 on TCP/8080: DENIED",
        "  egress of default/frontend-0: denied, isolated by 1 policy",
        "    NetworkPolicy default/allow-frontend-egress-to-backend: closest rule egress[0]",
        "      to: matched (peer 0 {podSelector: app=backend})",
        "      ports: TCP/8080 is not in [TCP/80]",
        "  ingress of default/backend-1: denied, isolated by 2 policies",
        "    NetworkPolicy default/allow-frontend-to-backend: closest rule ingress[0]",
        "      from: matched (peer 0 {podSelector: app=frontend})",
        "      ports: TCP/8080 is not in [TCP/80]",
        "    NetworkPolicy default/deny-all-ingress-to-backend: has no ingress rules: denies all ingress"));
  }

  @Test
  void explainsWhyAPeerFails() {
    Verdict v = cluster.evaluate(pod("default/frontend-0"), pod("kube-system/coredns-0"), Port.tcp(80));
    assertThat(v.explain()).isEqualTo(String.join("\n",
        "default/frontend-0 -> kube-system/coredns-0 on TCP/80: DENIED",
        "  egress of default/frontend-0: denied, isolated by 1 policy",
        "    NetworkPolicy default/allow-frontend-egress-to-backend: closest rule egress[0]",
        "      to: no peer matches kube-system/coredns-0",
        "        peer 0 {podSelector: app=backend}: pod kube-system/coredns-0 is in namespace"
            + " kube-system, but a podSelector alone selects pods of the policy's namespace default;"
            + " pod kube-system/coredns-0 does not match podSelector app=backend: it has no label app",
        "      ports: matched (TCP/80)",
        "  ingress of kube-system/coredns-0: not isolated (no NetworkPolicy in kube-system selects it for ingress)"));
  }
}
