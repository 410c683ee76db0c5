package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.policy.Tier;
import org.junit.jupiter.api.Test;

class WhatIfTest {
  private final Pod a = ReachabilityEngineTest.pod("ns", "a", "10.0.0.1", "app", "a");
  private final Pod b = ReachabilityEngineTest.pod("ns", "b", "10.0.0.2", "app", "b");
  private final NetworkPolicy denyB =
      NetworkPolicy.builder("ns", "deny-b")
          .podSelector(ReachabilityEngineTest.sel("app", "b"))
          .policyTypes(PolicyType.INGRESS)
          .build();
  private final Cluster cluster = Cluster.builder().pod(a).pod(b).build();
  private final ReachabilityMatrix loaded = ReachabilityEngine.withDefaults().build(cluster);

  @Test
  void addingADenyAllPolicyReportsTheCellsItCloses() {
    WhatIf w = loaded.apply(PolicyChange.add(denyB));

    assertThat(w.before()).isSameAs(loaded);
    assertThat(w.after().allowed(a, b, Port.tcp(80))).isFalse();
    assertThat(loaded.allowed(a, b, Port.tcp(80))).isTrue();
    assertThat(w.diff().changes())
        .contains(new MatrixDiff.Change("ns/a", "ns/b", new PortRange(Protocol.TCP, 1, 65535),
            true));
    assertThat(w).hasToString(
        "WhatIf[add NetworkPolicy ns/deny-b: 6 changes, 3 outside]");
  }

  @Test
  void removingThePolicyAgainUndoesIt() {
    WhatIf added = loaded.apply(PolicyChange.add(denyB));
    WhatIf removed = added.after().apply(PolicyChange.removeNetworkPolicy("ns/deny-b"));

    assertThat(removed.after().allowed(a, b, Port.tcp(80))).isTrue();
    assertThat(removed.diff().changes()).hasSameSizeAs(added.diff().changes())
        .allMatch(c -> !c.allowedBefore());
  }

  @Test
  void removingAPolicyThatIsNotThereNamesItAndTheNearestNames() {
    ReachabilityMatrix withPolicy = loaded.apply(PolicyChange.add(denyB)).after();

    assertThatThrownBy(() -> withPolicy.apply(PolicyChange.removeNetworkPolicy("ns/deny-c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot remove NetworkPolicy ns/deny-c: the cluster has no such policy;"
            + " nearest: ns/deny-b");
    assertThatThrownBy(() -> loaded.apply(PolicyChange.replace(denyB)))
        .hasMessage("cannot replace NetworkPolicy ns/deny-b: the cluster has no such policy"
            + " (use PolicyChange.add for a new policy)");
  }

  @Test
  void addingAPolicyThatIsThereSaysSo() {
    ReachabilityMatrix withPolicy = loaded.apply(PolicyChange.add(denyB)).after();

    assertThatThrownBy(() -> withPolicy.apply(PolicyChange.add(denyB)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NetworkPolicy ns/deny-b is already in the cluster:"
            + " use PolicyChange.replace to change it");
  }

  @Test
  void clusterScopedPoliciesAreNamedByKindAndName() {
    ClusterPolicy anp = ClusterPolicy.builder("AdminNetworkPolicy", "guard")
        .tier(Tier.ADMIN).priority(5)
        .subject(dev.netpol.core.policy.ClusterSubject.namespaces(LabelSelector.everything()))
        .build();
    ReachabilityMatrix withAnp = loaded.apply(PolicyChange.add(anp)).after();

    assertThat(withAnp.cluster().clusterPolicies()).containsExactly(anp);
    assertThatThrownBy(
        () -> withAnp.apply(PolicyChange.removeClusterPolicy("ClusterNetworkPolicy", "guard")))
        .hasMessage("cannot remove cluster-scoped policy ClusterNetworkPolicy/guard: the cluster"
            + " has no such policy; nearest: AdminNetworkPolicy/guard");
    assertThat(withAnp.apply(PolicyChange.removeClusterPolicy("AdminNetworkPolicy", "guard"))
        .after().cluster().clusterPolicies()).isEmpty();
  }

  /** An AdminNetworkPolicy judging ingress to app=b from app=a, on some ports or all. */
  private static ClusterPolicy guard(String name, int priority, ClusterRuleAction action,
      String written, ClusterPort... ports) {
    ClusterRule.Builder rule = ClusterRule.builder(action, written)
        .peer(new ClusterPeer.Pods(LabelSelector.everything(),
            ReachabilityEngineTest.sel("app", "a")));
    for (ClusterPort port : ports) {
      rule.port(port);
    }
    return ClusterPolicy.builder("AdminNetworkPolicy", name)
        .tier(Tier.ADMIN).priority(priority)
        .subject(ClusterSubject.pods(LabelSelector.everything(),
            ReachabilityEngineTest.sel("app", "b")))
        .ingress(rule.build())
        .build();
  }

  @Test
  void aClusterScopedChangeThatSeesNoMoreThanTheClassesReusesThemAndDiffsItsColumns() {
    ReachabilityMatrix guarded = ReachabilityEngine.withDefaults().build(
        cluster.toBuilder().clusterPolicy(guard("deny-a", 20, ClusterRuleAction.DENY, "Deny"))
            .build());
    ClusterPolicy allow80 =
        guard("allow-a-80", 10, ClusterRuleAction.ACCEPT, "Allow", ClusterPort.number(
            Protocol.TCP, 80));

    WhatIf w = guarded.apply(PolicyChange.add(allow80));

    assertThat(w.path()).isEqualTo(WhatIf.Path.SPARSE_TIERS);
    assertThat(w.after().allowed(a, b, Port.tcp(80))).isTrue();
    assertThat(w.after().allowed(a, b, Port.tcp(81))).isFalse();
    assertThat(w.diff().changes()).containsExactly(
        new MatrixDiff.Change("ns/a", "ns/b", new PortRange(Protocol.TCP, 80, 80), false));
    assertThat(w.diff().outsideChanges()).isEmpty();
    assertThat(w.after().portAtoms())
        .isEqualTo(ReachabilityEngine.withDefaults().build(w.after().cluster()).portAtoms());
  }

  @Test
  void aClusterScopedPolicyLookingAtANewLabelKeyRebuilds() {
    ClusterPolicy byTier = ClusterPolicy.builder("AdminNetworkPolicy", "by-tier")
        .tier(Tier.ADMIN).priority(1)
        .subject(ClusterSubject.pods(LabelSelector.everything(),
            ReachabilityEngineTest.sel("tier", "web")))
        .build();

    assertThat(loaded.apply(PolicyChange.add(byTier)).path()).isEqualTo(WhatIf.Path.REBUILT);
  }
}
