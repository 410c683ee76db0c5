package dev.netpol.core.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.Endpoint;
import dev.netpol.core.IsolationAnswer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.MatrixDiff;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Redundancy findings are proofs: removing every rule and policy reported redundant, all at
 * once, changes no cell of the reachability matrix (pod pairs and outside addresses, every port)
 * and no pod's isolation.
 */
class RedundancyLaws {

  @Test
  void removingEveryReportedRedundantRuleAndPolicyChangesNoVerdictAndNoIsolation() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.clusters()).show(Property::describe).check(cluster -> {
      coverage.tried();
      List<Finding> findings = Linter.builder()
          .only(LintCode.REDUNDANT_RULE, LintCode.REDUNDANT_POLICY).build().lint(cluster);
      coverage.when("redundant rule", findings.stream()
          .anyMatch(f -> f.code() == LintCode.REDUNDANT_RULE));
      coverage.when("redundant policy", findings.stream()
          .anyMatch(f -> f.code() == LintCode.REDUNDANT_POLICY));
      Cluster without = without(cluster, findings);
      MatrixDiff diff = MatrixDiff.between(cluster.reachability(), without.reachability());
      assertThat(diff.isEmpty()).as("removing %s changes verdicts: %s", findings, diff).isTrue();
      for (PolicyType d : PolicyType.values()) {
        for (var pod : cluster.pods()) {
          IsolationAnswer before = cluster.isolation(Endpoint.pod(pod.id()), d);
          IsolationAnswer after = without.isolation(Endpoint.pod(pod.id()), d);
          assertThat(after.allIsolated()).as("isolation of %s for %s", pod, d)
              .isEqualTo(before.allIsolated());
        }
      }
    });
    coverage.requireAtLeast("redundant rule", 0.02);
    coverage.requireAtLeast("redundant policy", 0.02);
  }

  /** The cluster with the reported policies removed and the reported rules cut out. */
  private static Cluster without(Cluster cluster, List<Finding> findings) {
    Set<String> policies = new HashSet<>();
    Set<String> rules = new HashSet<>();
    for (Finding f : findings) {
      String id = f.namespace() + "/" + f.name();
      if (f.code() == LintCode.REDUNDANT_POLICY) {
        policies.add(id);
      } else {
        rules.add(id + " " + f.fieldPath());
      }
    }
    Cluster.Builder b = cluster.toBuilder();
    for (NetworkPolicy p : cluster.policies()) {
      b.removePolicy(p.id());
      if (policies.contains(p.id())) {
        continue;
      }
      b.policy(new NetworkPolicy(p.namespace(), p.name(), p.podSelector(),
          p.declaredPolicyTypes(),
          keep(p, rules, "spec.ingress", p.ingress()), keep(p, rules, "spec.egress", p.egress())));
    }
    return b.build();
  }

  private static ImmutableList<NetworkPolicyRule> keep(
      NetworkPolicy p, Set<String> removed, String field, List<NetworkPolicyRule> rules) {
    List<NetworkPolicyRule> kept = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      if (!removed.contains(p.id() + " " + field + "[" + i + "]")) {
        kept.add(rules.get(i));
      }
    }
    return ImmutableList.copyOf(kept);
  }
}
