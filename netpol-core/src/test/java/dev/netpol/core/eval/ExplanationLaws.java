package dev.netpol.core.eval;

import static dev.netpol.core.eval.LawSupport.isolating;
import static dev.netpol.core.eval.LawSupport.side;
import static dev.netpol.core.eval.LawSupport.sidePod;
import static dev.netpol.core.eval.LawSupport.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Laws tying the explanation to the answer: the text never contradicts the verdict. */
class ExplanationLaws {

  @Test
  void explanationSaysAllowedOrDeniedAsTheVerdictDoes() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).check(s -> {
      coverage.tried();
      Optional<Verdict> verdict = verdict(s.cluster(), s.query());
      if (verdict.isEmpty()) {
        return;
      }
      coverage.when("allowed", verdict.get().allowed());
      coverage.when("denied", !verdict.get().allowed());
      String headline = verdict.get().explain().lines().findFirst().orElseThrow();
      assertThat(headline)
          .endsWith(verdict.get().allowed() ? ": ALLOWED" : ": DENIED")
          .isEqualTo(verdict.get().toString());
    });
    coverage.requireAtLeast("allowed", 0.2);
    coverage.requireAtLeast("denied", 0.1);
  }

  @Test
  void deniedExplanationNamesEveryPolicyIsolatingTheDenyingSide() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).check(s -> {
      coverage.tried();
      Optional<Verdict> verdict = verdict(s.cluster(), s.query());
      if (verdict.isEmpty() || verdict.get().allowed()) {
        return;
      }
      String explanation = verdict.get().explain();
      for (PolicyType direction : PolicyType.values()) {
        DirectionVerdict side = side(verdict.get(), direction);
        if (side.allows()) {
          continue;
        }
        Pod pod = sidePod(s.query(), direction).orElseThrow();
        List<NetworkPolicy> isolating = isolating(s.cluster(), pod, direction);
        coverage.when("denying side isolated by several policies", isolating.size() > 1);
        assertThat(explanation)
            .as("the explanation of a denied %s of %s", direction, pod.id())
            .contains(": denied, isolated by " + isolating.size()
                + (isolating.size() == 1 ? " policy" : " policies"));
        for (NetworkPolicy p : isolating) {
          assertThat(explanation.lines())
              .as("the explanation names %s, which isolates %s for %s", p, pod.id(), direction)
              .anyMatch(line -> line.startsWith("    " + p + ": "));
        }
      }
    });
    coverage.requireAtLeast("denying side isolated by several policies", 0.025);
  }

  @Test
  void allowedExplanationNamesARuleOfAPolicyThatIsolatesThePod() {
    Coverage coverage = new Coverage();
    Property.forAll(NetpolGen.scenarios()).check(s -> {
      coverage.tried();
      Optional<Verdict> verdict = verdict(s.cluster(), s.query());
      if (verdict.isEmpty()) {
        return;
      }
      for (PolicyType direction : PolicyType.values()) {
        DirectionVerdict side = side(verdict.get(), direction);
        if (!(side instanceof DirectionVerdict.Allowed)) {
          continue;
        }
        coverage.saw("side allowed by a rule");
        Pod pod = sidePod(s.query(), direction).orElseThrow();
        RuleRef first = ((DirectionVerdict.Allowed) side).first();
        assertThat(isolating(s.cluster(), pod, direction)).contains(first.policy());
        assertThat(first.policy().rules(direction)).hasSizeGreaterThan(first.index());
        assertThat(verdict.get().explain()).contains(
            direction.toString().toLowerCase() + " of " + pod.id() + ": allowed by " + first);
      }
    });
    coverage.requireAtLeast("side allowed by a rule", 0.1);
  }
}
