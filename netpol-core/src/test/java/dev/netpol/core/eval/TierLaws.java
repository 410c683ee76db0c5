package dev.netpol.core.eval;

import static dev.netpol.core.eval.LawSupport.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.Tier;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Laws of the layering of cluster-scoped policies (docs/cluster-policies.md#layers) over
 * generated clusters of NetworkPolicies, 1000 tries each from a fixed seed.
 */
class TierLaws {
  private static final long SEED = 20261202L;

  private static ClusterRule everyone(ClusterRuleAction action, String word) {
    return ClusterRule.builder(action, word)
        .peer(new ClusterPeer.Namespaces(LabelSelector.everything()))
        .peer(ClusterPeer.Networks.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")))
        .build();
  }

  @Test
  void withNoClusterScopedPolicySelectingAPodTheAnswersAndExplanationsAreToday() {
    ClusterPolicy selectsNothing =
        ClusterPolicy.builder("ClusterNetworkPolicy", "selects-nothing")
            .tier(Tier.ADMIN)
            .subject(ClusterSubject.namespaces(LabelSelector.matchLabels("netpol.dev/none", "x")))
            .ingress(everyone(ClusterRuleAction.DENY, "Deny"))
            .egress(everyone(ClusterRuleAction.DENY, "Deny"))
            .build();
    Property.forAll(NetpolGen.scenarios()).seed(SEED).tries(1000).check(s -> {
      Optional<Verdict> today = verdict(s.cluster(), s.query());
      if (today.isEmpty()) {
        return;
      }
      Cluster with = s.cluster().toBuilder().clusterPolicy(selectsNothing).build();
      Verdict tiered = verdict(with, s.query()).orElseThrow();
      assertThat(tiered.explain()).isEqualTo(today.get().explain());
      assertThat(tiered.allowed()).isEqualTo(today.get().allowed());
    });
  }

  @Test
  void anAdminAcceptOrDenyThatMatchesDecidesWhateverNetworkPoliciesSay() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).seed(SEED).tries(1000).check(s -> {
      coverage.tried();
      Optional<Pod> source = s.query().source().pod();
      Optional<Pod> destination = s.query().destination().pod();
      if (source.isEmpty() || destination.isEmpty() || source.get().hostNetwork()
          || destination.get().hostNetwork() || source.equals(destination)) {
        return;
      }
      coverage.saw("pod to another pod");
      coverage.when("NetworkPolicies deny it", !verdict(s.cluster(), s.query()).get().allowed());
      for (ClusterRuleAction action : new ClusterRuleAction[] {
          ClusterRuleAction.ACCEPT, ClusterRuleAction.DENY}) {
        ClusterPolicy admin =
            ClusterPolicy.builder("ClusterNetworkPolicy", "guardrail")
                .tier(Tier.ADMIN)
                .subject(ClusterSubject.namespaces(LabelSelector.everything()))
                .ingress(everyone(action, action == ClusterRuleAction.DENY ? "Deny" : "Accept"))
                .build();
        Cluster with = s.cluster().toBuilder().clusterPolicy(admin).build();
        Verdict v = verdict(with, s.query()).orElseThrow();
        assertThat(v.ingress().allows())
            .as("ingress under an Admin %s of everyone:%n%s", action, v.explain())
            .isEqualTo(action == ClusterRuleAction.ACCEPT);
      }
    });
    coverage.requireAtLeast("pod to another pod", 0.2);
    coverage.requireAtLeast("NetworkPolicies deny it", 0.02);
  }
}
