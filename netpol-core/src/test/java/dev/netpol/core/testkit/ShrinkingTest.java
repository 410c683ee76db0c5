package dev.netpol.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PolicyType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShrinkingTest {

  private static boolean hasIpBlockPeer(Cluster c) {
    return c.policies().stream()
        .flatMap(p -> Stream.concat(p.ingress().stream(), p.egress().stream()))
        .flatMap(r -> r.peers().stream())
        .anyMatch(peer -> peer instanceof IpBlockPeer);
  }

  @Test
  void shrinksAPlantedBugToOnePolicyWithOneRuleWithOneIpBlockPeerAndNoPods() {
    for (long s = 1; s <= 5; s++) {
      long seed = s;
      PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () ->
          Property.forAll(NetpolGen.clusters()).seed(seed)
              .holds("no policy has an ipBlock peer", c -> !hasIpBlockPeer(c)));

      Cluster shrunk = (Cluster) failure.counterexample();
      assertThat(shrunk.pods()).isEmpty();
      assertThat(shrunk.namespaces()).hasSize(1);
      assertThat(shrunk.policies()).hasSize(1);
      NetworkPolicy policy = shrunk.policies().get(0);
      List<NetworkPolicyRule> rules =
          Stream.concat(policy.ingress().stream(), policy.egress().stream()).toList();
      assertThat(rules).hasSize(1);
      assertThat(rules.get(0).ports()).isEmpty();
      assertThat(rules.get(0).peers())
          .containsExactly(IpBlockPeer.of(Cidr.parse("0.0.0.0/0")));
      assertThat(policy.podSelector()).isEqualTo(LabelSelector.everything());
      assertThat(policy.declaredPolicyTypes()).isEmpty();
      assertThat(policy.ingress()).as("the simplest place for the rule").hasSize(1);
      assertThat(failure.shrinkSteps()).isPositive();
    }
  }

  @Test
  void shrinksByDroppingPodsWhileThePropertyStillFails() {
    PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () ->
        Property.forAll(NetpolGen.clusters()).seed(7)
            .holds("fewer than three pods", c -> c.pods().size() < 3));

    Cluster shrunk = (Cluster) failure.counterexample();
    assertThat(shrunk.pods()).hasSize(3);
    assertThat(shrunk.policies()).isEmpty();
    assertThat(shrunk.pods()).allSatisfy(p -> {
      assertThat(p.labels().isEmpty()).isTrue();
      assertThat(p.containerPorts()).isEmpty();
      assertThat(p.hostNetwork()).isFalse();
    });
  }

  @Test
  void keepsTheClusterValidWhenDroppingANamespaceThatHoldsTheFailure() {
    // Fails only when a policy in a namespace other than the first exists: the shrinker may not
    // drop that namespace without moving its policy, and every candidate must still build.
    PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () ->
        Property.forAll(NetpolGen.clusters()).seed(11)
            .holds("policies live in default", c -> c.policies().stream()
                .allMatch(p -> p.namespace().equals("default"))));

    Cluster shrunk = (Cluster) failure.counterexample();
    assertThat(shrunk.policies()).hasSize(1);
    assertThat(shrunk.policies().get(0).namespace()).isEqualTo("prod");
    assertThat(shrunk.namespaces()).extracting(n -> n.name()).containsExactly("default", "prod");
    assertThat(shrunk.pods()).isEmpty();
    assertThat(shrunk.policies().get(0).ingress()).isEmpty();
    assertThat(shrunk.policies().get(0).egress()).isEmpty();
  }

  @Test
  void shrinksIntegersTowardTheLowBound() {
    PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () ->
        Property.forAll(Gen.choose(0, 1_000_000)).seed(3).holds("small", n -> n < 4321));
    assertThat(failure.counterexample()).isEqualTo(4321);
  }

  @Test
  void shrinksListsByDroppingElementsAndSimplifyingTheRest() {
    PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () ->
        Property.forAll(Gen.listOf(Gen.choose(0, 100), 0, 20)).seed(5)
            .holds("no element above 40", l -> l.stream().allMatch(n -> n <= 40)));
    assertThat(failure.counterexample()).isEqualTo(List.of(41));
  }

  @Test
  void keepsTheKindOfFailureWhileShrinking() {
    assertThatThrownBy(() ->
            Property.forAll(Gen.choose(0, 100)).seed(1).check(n -> {
              if (n > 50) {
                throw new IllegalStateException("too big: " + n);
              }
            }))
        .isInstanceOf(PropertyFailure.class)
        .hasMessageContaining("IllegalStateException): too big: 51")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void policyTypesOrderDoesNotStopShrinking() {
    PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () ->
        Property.forAll(NetpolGen.clusters()).seed(9)
            .holds("no egress-only policy", c -> c.policies().stream()
                .noneMatch(p -> p.policyTypes().equals(java.util.Set.of(PolicyType.EGRESS)))));
    Cluster shrunk = (Cluster) failure.counterexample();
    assertThat(shrunk.policies()).hasSize(1);
    assertThat(shrunk.policies().get(0).declaredPolicyTypes()).containsExactly(PolicyType.EGRESS);
    assertThat(shrunk.policies().get(0).egress()).isEmpty();
  }
}
