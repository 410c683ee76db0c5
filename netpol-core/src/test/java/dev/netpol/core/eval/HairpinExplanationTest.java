package dev.netpol.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.EvaluationOptions;
import org.junit.jupiter.api.Test;

/**
 * A pod's connection to its own pod address is not judged by ClusterNetworkPolicy
 * (docs/cluster-policies.md#hairpin), and the explanation names the policies it skipped.
 */
class HairpinExplanationTest {
  private static final EvaluationOptions STRICT =
      EvaluationOptions.builder().selfTrafficAlwaysAllowed(false).build();

  private static final String DB = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db, namespace: shop, labels: {app: db}}
      status: {podIP: 10.0.0.2}
      ---
      apiVersion: policy.networking.k8s.io/v1alpha2
      kind: ClusterNetworkPolicy
      metadata: {name: deny-db}
      spec:
        tier: Admin
        priority: 1
        subject: {pods: {podSelector: {matchLabels: {app: db}}}}
        ingress:
        - action: Deny
          from: [{namespaces: {}}]
      """;

  private static Verdict dbToItself(Cluster cluster) {
    Pod db = cluster.pod("shop/db").orElseThrow();
    return cluster.evaluator(STRICT).evaluate(db, db, Port.tcp(5432));
  }

  @Test
  void aSkippedClusterNetworkPolicyIsNamedWithTheReason() {
    Verdict v = dbToItself(Cluster.fromYaml(DB));

    assertThat(v.allowed()).isTrue();
    assertThat(v.explain()).contains("""
          ingress of shop/db: allowed
            Admin tier: no policy selects it
            hairpin: ClusterNetworkPolicy deny-db (Admin, priority 1) selects the pod but was\
         skipped: a ClusterNetworkPolicy does not judge a pod's connection to its own pod\
         address
        """);
  }

  @Test
  void anAdminNetworkPolicyStillJudgesHairpinAndTheSkippedOneIsNamed() {
    String anp = """
        ---
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: anp-deny-db}
        spec:
          priority: 2
          subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
          ingress:
          - action: Deny
            from: [{namespaces: {}}]
        """;

    Verdict v = dbToItself(Cluster.fromYaml(DB + anp));

    assertThat(v.allowed()).isFalse();
    assertThat(v.explain())
        .contains(
            "ingress of shop/db: DENIED by AdminNetworkPolicy anp-deny-db (Admin, priority 2)")
        .contains("hairpin: ClusterNetworkPolicy deny-db (Admin, priority 1) selects the pod but"
            + " was skipped");
  }

  @Test
  void anotherPodsConnectionReadsWithoutAHairpinLine() {
    String web = """
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        status: {podIP: 10.0.0.1}
        """;
    Cluster c = Cluster.fromYaml(DB + web);

    Verdict v = c.evaluator(STRICT).evaluate(
        c.pod("shop/web").orElseThrow(), c.pod("shop/db").orElseThrow(), Port.tcp(5432));

    assertThat(v.allowed()).isFalse();
    assertThat(v.explain()).doesNotContain("hairpin");
  }
}
