package dev.netpol.assertj;

import static dev.netpol.assertj.NetpolAssertions.assertThat;
import static dev.netpol.core.Endpoint.pods;
import static dev.netpol.core.Endpoint.workload;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.Tier;
import dev.netpol.core.testkit.SeedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The assertion chain on a cluster with cluster-scoped policies: the evaluator's layers. */
class ClusterPolicyAssertionsTest {
  private final Endpoint frontend = workload("default/frontend");
  private final Endpoint dns = pods("k8s-app=kube-dns");

  /** The seed cluster with an Admin Deny of all egress to kube-system. */
  private final Cluster cluster =
      SeedCluster.build().toBuilder()
          .clusterPolicy(
              ClusterPolicy.builder("ClusterNetworkPolicy", "no-kube-system")
                  .tier(Tier.ADMIN)
                  .priority(10)
                  .subject(
                      ClusterSubject.namespaces(
                          LabelSelector.parse("kubernetes.io/metadata.name=default")))
                  .egress(
                      ClusterRule.builder(ClusterRuleAction.DENY, "Deny")
                          .name("deny-kube-system")
                          .peer(new ClusterPeer.Namespaces(
                              LabelSelector.parse("kubernetes.io/metadata.name=kube-system")))
                          .build())
                  .build())
          .build();

  @AfterEach
  void nothingLeftPending() {
    NetpolAssertions.verifyNoUnfinishedAssertions();
  }

  @Test
  void anAdminDenyOverridesTheNetworkPolicyThatAllowsDns() {
    assertThat(SeedCluster.build()).allows(frontend).to(dns).onUdp(53);
    assertThat(cluster).denies(frontend).to(dns).onUdp(53);
  }

  @Test
  void failureMessageCarriesTheLayeredExplanation() {
    assertThatThrownBy(() -> assertThat(cluster).allows(frontend).to(dns).onUdp(53))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "egress of default/frontend-0: DENIED by ClusterNetworkPolicy no-kube-system"
                + " (Admin, priority 10) rule egress[0] \"deny-kube-system\" (Deny)");
  }
}
