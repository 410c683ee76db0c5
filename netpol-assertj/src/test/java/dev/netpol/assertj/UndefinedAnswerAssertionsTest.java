package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.pod;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Port;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An answer that depends on the order of two cluster-scoped policies of one tier and priority
 * (docs/cluster-policies.md#ties) fails {@code allows} and {@code denies} alike, naming both.
 */
class UndefinedAnswerAssertionsTest {
  private static String admin(String name, String action) {
    return """
        ---
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: %s}
        spec:
          tier: Admin
          priority: 5
          subject: {pods: {podSelector: {matchLabels: {app: db}}}}
          ingress:
          - action: %s
            from: [{namespaces: {}}]
            protocols: [{tcp: {destinationPort: {number: 5432}}}]
        """.formatted(name, action);
  }

  private final Cluster cluster = Cluster.fromYaml("""
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: shop, labels: {app: web}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db, namespace: shop, labels: {app: db}}
      """ + admin("a-accept", "Accept") + admin("b-deny", "Deny"));

  @AfterEach
  void nothingLeftPending() {
    NetpolAssertions.verifyNoUnfinishedAssertions();
  }

  @Test
  void allowsFailsWhenTheAnswerIsUndefined() {
    assertThatThrownBy(() -> assertThat(cluster).allows(pod("shop/web")).to(pod("shop/db"))
            .onTcp(5432))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected pod shop/web to reach pod shop/db on TCP/5432, but 1 of"
            + " 1 pod pair is undefined: the answer depends on the order of equal-priority"
            + " policies, which the API leaves undefined:")
        .hasMessageContaining("the answer is undefined because ClusterNetworkPolicy a-accept and"
            + " ClusterNetworkPolicy b-deny of the Admin tier share priority 5 and both select"
            + " shop/db");
  }

  @Test
  void deniesFailsWhenTheAnswerIsUndefined() {
    assertThatThrownBy(() -> assertThat(cluster).denies(pod("shop/web")).to(pod("shop/db"))
            .onTcp(5432))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected pod shop/web not to reach pod shop/db on TCP/5432, but 1"
            + " of 1 pod pair is undefined")
        .hasMessageContaining("ClusterNetworkPolicy a-accept and ClusterNetworkPolicy b-deny");
  }

  @Test
  void aRangeIsUndefinedWhereOneOfItsPortsIs() {
    assertThatThrownBy(() -> assertThat(cluster).denies(pod("shop/web")).to(pod("shop/db"))
            .onTcpPorts(5000, 6000))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("shop/web -> shop/db: undefined on TCP/5432; for example:");
  }

  @Test
  void aVerdictAssertionFailsWhenTheAnswerIsUndefined() {
    Verdict v = cluster.evaluate(cluster.pod("shop/web").orElseThrow(),
        cluster.pod("shop/db").orElseThrow(), Port.tcp(5432));

    assertThatThrownBy(() -> assertThat(v).isAllowed())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected shop/web -> shop/db on TCP/5432 to be allowed, but its"
            + " answer is undefined by the API")
        .hasMessageContaining("ClusterNetworkPolicy a-accept and ClusterNetworkPolicy b-deny");
    assertThatThrownBy(() -> assertThat(v).isDenied()).isInstanceOf(AssertionError.class);
  }

  @Test
  void portsTheTiedRulesDoNotMatchAreAnsweredAsUsual() {
    assertThat(cluster).allows(pod("shop/web")).to(pod("shop/db")).onTcp(80);
    assertThat(cluster).allows(pod("shop/web")).to(pod("shop/db")).onTcpPorts(1, 5431);
  }
}
