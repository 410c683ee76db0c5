package dev.netpol.core.eval;

import static dev.netpol.core.eval.LawSupport.isolating;
import static dev.netpol.core.eval.LawSupport.side;
import static dev.netpol.core.eval.LawSupport.sidePod;
import static dev.netpol.core.eval.LawSupport.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Laws of isolation (docs/semantics.md#isolation, docs/semantics.md#effective-policytypes and the
 * deny-all of docs/semantics.md#union): whether a side may be denied at all is decided by which
 * policies select the pod for that direction, computed here from the model.
 */
class IsolationLaws {

  @Test
  void podThatNoPolicySelectsForADirectionAllowsEverythingInThatDirection() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).check(s -> {
      coverage.tried();
      Cluster cluster = s.cluster();
      Optional<Verdict> verdict = verdict(cluster, s.query());
      if (verdict.isEmpty()) {
        return;
      }
      for (PolicyType direction : PolicyType.values()) {
        Optional<Pod> pod = sidePod(s.query(), direction);
        if (pod.isEmpty() || !isolating(cluster, pod.get(), direction).isEmpty()) {
          continue;
        }
        coverage.saw("pod not isolated for " + direction);
        coverage.when("not isolated although its namespace has policies",
            !cluster.policiesIn(pod.get().namespace()).isEmpty());
        coverage.when("not isolated side of a denied connection", !verdict.get().allowed());
        assertThat(side(verdict.get(), direction).allows())
            .as("%s of %s, which no policy selects for %s:%n%s",
                direction, pod.get().id(), direction, verdict.get().explain())
            .isTrue();
      }
    });
    coverage.requireAtLeast("pod not isolated for " + PolicyType.INGRESS, 0.2);
    coverage.requireAtLeast("pod not isolated for " + PolicyType.EGRESS, 0.2);
    coverage.requireAtLeast("not isolated although its namespace has policies", 0.1);
    coverage.requireAtLeast("not isolated side of a denied connection", 0.02);
  }

  @Test
  void podWhoseOnlySelectingPolicyForADirectionHasNoRulesForItAllowsNothingInIt() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).check(s -> {
      coverage.tried();
      Optional<Verdict> verdict = verdict(s.cluster(), s.query());
      if (verdict.isEmpty()) {
        return;
      }
      for (PolicyType direction : PolicyType.values()) {
        Optional<Pod> pod = sidePod(s.query(), direction);
        if (pod.isEmpty()) {
          continue;
        }
        List<NetworkPolicy> isolating = isolating(s.cluster(), pod.get(), direction);
        if (isolating.size() != 1 || !isolating.get(0).rules(direction).isEmpty()) {
          continue;
        }
        coverage.saw("only selecting policy has no rules");
        coverage.when("it has rules for the other direction",
            !isolating.get(0).rules(opposite(direction)).isEmpty());
        assertThat(side(verdict.get(), direction).allows())
            .as("%s of %s, isolated only by %s which has no %s rules:%n%s",
                direction, pod.get().id(), isolating.get(0), direction, verdict.get().explain())
            .isFalse();
        assertThat(verdict.get().allowed()).as("the whole connection").isFalse();
      }
    });
    coverage.requireAtLeast("only selecting policy has no rules", 0.05);
    coverage.requireAtLeast("it has rules for the other direction", 0.01);
  }

  @Test
  void podWhoseSelectingPoliciesAllHaveNoRulesForADirectionAllowsNothingInIt() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).check(s -> {
      coverage.tried();
      Optional<Verdict> verdict = verdict(s.cluster(), s.query());
      if (verdict.isEmpty()) {
        return;
      }
      for (PolicyType direction : PolicyType.values()) {
        Optional<Pod> pod = sidePod(s.query(), direction);
        if (pod.isEmpty()) {
          continue;
        }
        List<NetworkPolicy> isolating = isolating(s.cluster(), pod.get(), direction);
        if (isolating.isEmpty()
            || isolating.stream().anyMatch(p -> !p.rules(direction).isEmpty())) {
          continue;
        }
        coverage.when("several selecting policies, none with rules", isolating.size() > 1);
        coverage.saw("selecting policies without rules");
        assertThat(side(verdict.get(), direction).allows())
            .as("%s of %s, isolated by %s, none with %s rules:%n%s",
                direction, pod.get().id(), isolating, direction, verdict.get().explain())
            .isFalse();
      }
    });
    coverage.requireAtLeast("selecting policies without rules", 0.05);
    coverage.requireAtLeast("several selecting policies, none with rules", 0.003);
  }

  @Test
  void isolatedSideIsDecidedByRulesAndUnisolatedSideIsNot() {
    // The evaluator's own classification of a side agrees with isolation computed from the model.
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).check(s -> {
      coverage.tried();
      Optional<Verdict> verdict = verdict(s.cluster(), s.query());
      if (verdict.isEmpty()) {
        return;
      }
      for (PolicyType direction : PolicyType.values()) {
        DirectionVerdict side = side(verdict.get(), direction);
        Optional<Pod> pod = sidePod(s.query(), direction);
        if (pod.isEmpty()) {
          assertThat(side).isInstanceOf(DirectionVerdict.NotApplicable.class);
          continue;
        }
        boolean isolated = !isolating(s.cluster(), pod.get(), direction).isEmpty();
        coverage.when("isolated side", isolated);
        coverage.when("denied side", !side.allows());
        assertThat(side instanceof DirectionVerdict.Allowed || side instanceof DirectionVerdict.Denied)
            .as("%s of %s is judged by rules iff it is isolated:%n%s",
                direction, pod.get().id(), verdict.get().explain())
            .isEqualTo(isolated);
      }
    });
    coverage.requireAtLeast("isolated side", 0.3);
    coverage.requireAtLeast("denied side", 0.1);
  }

  private static PolicyType opposite(PolicyType direction) {
    return direction == PolicyType.INGRESS ? PolicyType.EGRESS : PolicyType.INGRESS;
  }
}
