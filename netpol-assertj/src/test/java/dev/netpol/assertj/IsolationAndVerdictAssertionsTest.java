package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.assertj.ReachabilityAssertionsTest.ALLOWED_0_TO_0;
import static dev.netpol.assertj.ReachabilityAssertionsTest.deniedToBackend;
import static dev.netpol.core.Endpoint.cidr;
import static dev.netpol.core.Endpoint.namespace;
import static dev.netpol.core.Endpoint.pods;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.testkit.SeedCluster;
import org.junit.jupiter.api.Test;

/** isolatesIngressOf / isolatesEgressOf, and the assertions about one Verdict. */
class IsolationAndVerdictAssertionsTest {
  private final Cluster cluster = SeedCluster.build();

  private static final String POLICIES = String.join("\n",
      "NetworkPolicies in default:",
      "  NetworkPolicy default/deny-all-ingress-to-backend: podSelector app=backend, policyTypes [Ingress]",
      "  NetworkPolicy default/allow-frontend-to-backend: podSelector app=backend, policyTypes [Ingress]",
      "  NetworkPolicy default/allow-frontend-egress-to-backend: podSelector app=frontend, policyTypes"
          + " [Egress]");

  private Verdict verdict(String from, String to, Port port) {
    Pod s = cluster.pod(from).orElseThrow();
    Pod d = cluster.pod(to).orElseThrow();
    return cluster.evaluate(s, d, port);
  }

  @Test
  void isolatesIngressOfPassesWhenAPolicySelectsEveryPodForIngress() {
    assertThat(cluster).isolatesIngressOf(workload("default/backend"));
  }

  @Test
  void isolatesIngressOfListsThePodsNotIsolatedAndThePolicies() {
    assertThatThrownBy(() -> assertThat(cluster).isolatesIngressOf(namespace("default")))
        .hasMessage(String.join("\n",
            "expected every pod of namespace default to be isolated for ingress, but 2 of 4 pods are"
                + " not selected by any NetworkPolicy for ingress:",
            "default/frontend-0",
            "default/frontend-1",
            POLICIES));
  }

  @Test
  void isolatesEgressOfPassesWhenAPolicySelectsEveryPodForEgress() {
    assertThat(cluster).isolatesEgressOf(workload("default/frontend"));
  }

  @Test
  void isolatesEgressOfListsThePodsNotIsolatedAndThePolicies() {
    assertThatThrownBy(() -> assertThat(cluster).isolatesEgressOf(pods("app")))
        .hasMessage(String.join("\n",
            "expected every pod of pods app to be isolated for egress, but 2 of 4 pods are not"
                + " selected by any NetworkPolicy for egress:",
            "default/backend-0",
            "default/backend-1",
            POLICIES));
  }

  @Test
  void isolationOfANamespaceWithoutPoliciesSaysSo() {
    assertThatThrownBy(() -> assertThat(cluster).isolatesIngressOf(namespace("kube-system")))
        .hasMessage(String.join("\n",
            "expected every pod of namespace kube-system to be isolated for ingress, but 1 of 1 pod is"
                + " not selected by any NetworkPolicy for ingress:",
            "kube-system/coredns-0",
            "no NetworkPolicy in kube-system"));
  }

  @Test
  void isolationFailsForUnknownPodsAndOutsideAddresses() {
    assertThatThrownBy(() -> assertThat(cluster).isolatesEgressOf(workload("default/frontnd")))
        .hasMessage("expected every pod of workload default/frontnd to be isolated for egress, but"
            + " cannot resolve workload default/frontnd: no workload default/frontnd; did you mean"
            + " frontend?");
    assertThatThrownBy(() -> assertThat(cluster).isolatesEgressOf(cidr("8.8.8.8/32")))
        .hasMessage("expected every pod of cidr 8.8.8.8/32 to be isolated for egress, but cidr"
            + " 8.8.8.8/32 names addresses outside the cluster, which no NetworkPolicy isolates");
  }

  @Test
  void isAllowedPassesAndFailsWithTheExplanation() {
    assertThat(verdict("default/frontend-0", "default/backend-0", Port.tcp(80))).isAllowed();
    assertThatThrownBy(() ->
            assertThat(verdict("default/frontend-0", "default/backend-0", Port.tcp(8080))).isAllowed())
        .hasMessage("expected default/frontend-0 -> default/backend-0 on TCP/8080 to be allowed, but"
            + " it is denied:\n" + deniedToBackend("frontend-0", "backend-0", "TCP/8080"));
  }

  @Test
  void isDeniedPassesAndFailsWithTheExplanation() {
    assertThat(verdict("default/frontend-0", "default/backend-0", Port.tcp(8080))).isDenied();
    assertThatThrownBy(() ->
            assertThat(verdict("default/frontend-0", "default/backend-0", Port.tcp(80))).isDenied())
        .hasMessage("expected default/frontend-0 -> default/backend-0 on TCP/80 to be denied, but it"
            + " is allowed:\n" + ALLOWED_0_TO_0);
  }

  @Test
  void isAllowedByNamesThePolicyWhoseRuleAdmits() {
    assertThat(verdict("default/frontend-0", "default/backend-0", Port.tcp(80)))
        .isAllowedBy("allow-frontend-to-backend")
        .isAllowedBy("default/allow-frontend-egress-to-backend");
    assertThatThrownBy(() -> assertThat(verdict("default/frontend-0", "default/backend-0",
            Port.tcp(80))).isAllowedBy("deny-all-ingress-to-backend"))
        .hasMessage("expected default/frontend-0 -> default/backend-0 on TCP/80 to be allowed by"
            + " NetworkPolicy deny-all-ingress-to-backend, but no rule of that policy admits it:\n"
            + ALLOWED_0_TO_0);
  }

  @Test
  void isDeniedByNamesAnIsolatingPolicyOfADenyingSide() {
    assertThat(verdict("default/frontend-0", "default/backend-0", Port.tcp(8080)))
        .isDeniedBy("allow-frontend-to-backend")
        .isDeniedBy("default/deny-all-ingress-to-backend");
    assertThatThrownBy(() -> assertThat(verdict("default/frontend-0", "default/backend-0",
            Port.tcp(8080))).isDeniedBy("nope"))
        .hasMessage("expected default/frontend-0 -> default/backend-0 on TCP/8080 to be denied by"
            + " NetworkPolicy nope, but that policy does not isolate a denying side:\n"
            + deniedToBackend("frontend-0", "backend-0", "TCP/8080"));
  }

  @Test
  void hasExplanationComparesTheWholeText() {
    assertThat(verdict("default/frontend-0", "default/backend-0", Port.tcp(80)))
        .hasExplanation(ALLOWED_0_TO_0);
    assertThatThrownBy(() -> assertThat(verdict("default/frontend-0", "default/backend-0",
            Port.tcp(80))).hasExplanation("x"))
        .hasMessage("expected the explanation of default/frontend-0 -> default/backend-0 on TCP/80 to"
            + " be:\nx\nbut it is:\n" + ALLOWED_0_TO_0);
  }

  @Test
  void verdictDescriptionPrefixesTheMessage() {
    assertThatThrownBy(() -> assertThat(verdict("default/frontend-0", "default/backend-0",
            Port.tcp(80))).as("backend stays closed").isDenied())
        .hasMessageStartingWith("[backend stays closed] expected default/frontend-0 ->");
  }
}
