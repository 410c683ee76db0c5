package dev.netpol.core.eval;

import static dev.netpol.core.eval.LawSupport.isolating;
import static dev.netpol.core.eval.LawSupport.side;
import static dev.netpol.core.eval.LawSupport.sidePod;
import static dev.netpol.core.eval.LawSupport.withPolicies;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.eval.LawSupport.Judged;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Laws of union (docs/semantics.md#union): policies only add to what an isolated pod allows,
 * never take away.
 */
class UnionLaws {

  /** A judged scenario and one more policy for its cluster. */
  record Growth(Judged judged, NetworkPolicy extra) {
    Cluster grown() {
      return judged.cluster().toBuilder().policy(extra).build();
    }

    /** The judged scenario, then the extra policy. */
    String describe() {
      return judged.describe() + "# the policy added:\n---\n"
          + Property.describe(Cluster.builder().policy(extra).build());
    }
  }

  private static final Gen<Growth> GROWTH = LawSupport.judgedScenarios().flatMap(
      j -> NetpolGen.extraPolicies(j.cluster()).map(p -> new Growth(j, p)));

  @Test
  void isolatedPodAllowsExactlyWhatSomeSelectingPolicyAllowsAlone() {
    Coverage coverage = new Coverage();
    Property.forAll(LawSupport.judgedScenarios()).show(Judged::describe).check(s -> {
      coverage.tried();
      Optional<Verdict> verdict = s.verdict();
      if (verdict.isEmpty() || coverage.when("self traffic always allowed", s.selfTrafficAllowed())) {
        return;
      }
      coverage.when("ipBlock not matching pods", !s.options().ipBlockMatchesPods());
      for (PolicyType direction : PolicyType.values()) {
        Optional<Pod> pod = sidePod(s.query(), direction);
        if (pod.isEmpty()) {
          continue;
        }
        List<NetworkPolicy> isolating = isolating(s.cluster(), pod.get(), direction);
        if (isolating.isEmpty()) {
          continue;
        }
        // Each selecting policy alone keeps the pod isolated, so its verdict is that policy's.
        Set<String> allowingAlone = new TreeSet<>();
        for (NetworkPolicy p : isolating) {
          Verdict alone = s.verdict(withPolicies(s.cluster(), List.of(p))).orElseThrow();
          DirectionVerdict aloneSide =
              side(LawSupport.sameFamily(alone, verdict.get()), direction);
          assertThat(aloneSide).as("%s alone still isolates %s", p, pod.get().id())
              .isInstanceOfAny(DirectionVerdict.Allowed.class, DirectionVerdict.Denied.class);
          if (aloneSide.allows()) {
            allowingAlone.add(p.id());
          }
        }
        DirectionVerdict together = side(verdict.get(), direction);
        coverage.when("several selecting policies", isolating.size() > 1);
        coverage.when("several selecting policies, some but not all allowing",
            isolating.size() > 1 && !allowingAlone.isEmpty()
                && allowingAlone.size() < isolating.size());
        coverage.when("allowed side", together.allows());
        coverage.when("denied side", !together.allows());
        assertThat(together.allows())
            .as("%s of %s is allowed iff some of %s allows it alone (those that do: %s):%n%s",
                direction, pod.get().id(), isolating, allowingAlone, verdict.get().explain())
            .isEqualTo(!allowingAlone.isEmpty());
        if (together instanceof DirectionVerdict.Allowed) {
          Set<String> admitting = new TreeSet<>();
          ((DirectionVerdict.Allowed) together).admittedBy()
              .forEach(r -> admitting.add(r.policy().id()));
          assertThat(admitting).as("the policies the verdict says admit it").isEqualTo(allowingAlone);
        }
      }
    });
    coverage.requireAtLeast("several selecting policies", 0.1);
    coverage.requireAtLeast("several selecting policies, some but not all allowing", 0.01);
    coverage.requireAtLeast("allowed side", 0.1);
    coverage.requireAtLeast("denied side", 0.1);
    coverage.requireAtLeast("ipBlock not matching pods", 0.1);
  }

  @Test
  void addingAPolicyNeverRemovesAConnectionOfAPodAlreadyIsolated() {
    Coverage coverage = new Coverage();
    Property.forAll(GROWTH).show(Growth::describe).check(g -> {
      coverage.tried();
      Judged j = g.judged();
      Optional<Verdict> before = j.verdict();
      if (before.isEmpty()) {
        return;
      }
      Cluster grown = g.grown();
      Verdict after = j.verdict(grown).orElseThrow();
      boolean newlyIsolatedEnd = false;
      for (PolicyType direction : PolicyType.values()) {
        Optional<Pod> pod = sidePod(j.query(), direction);
        if (pod.isEmpty()) {
          continue;
        }
        ImmutableList<NetworkPolicy> was = isolating(j.cluster(), pod.get(), direction);
        boolean extraSelects = isolating(grown, pod.get(), direction).size() > was.size();
        newlyIsolatedEnd |= was.isEmpty() && extraSelects;
        if (was.isEmpty() || !side(before.get(), direction).allows()) {
          continue;
        }
        coverage.when("allowed side of an isolated pod the extra policy also selects",
            extraSelects);
        coverage.when("... where the extra policy alone would deny it", extraSelects
            && !side(j.verdict(withPolicies(j.cluster(), List.of(g.extra()))).orElseThrow(),
                direction).allows());
        assertThat(side(LawSupport.sameFamily(after, before.get()), direction).allows())
            .as("%s of %s, already isolated and allowed, after adding %s:%nbefore: %s%nafter: %s",
                direction, pod.get().id(), g.extra(), before.get().explain(), after.explain())
            .isTrue();
      }
      if (before.get().allowed() && !newlyIsolatedEnd) {
        coverage.saw("allowed connection whose ends stay as isolated as they were");
        assertThat(after.allowed())
            .as("connection allowed before adding %s, which isolates no new end:%n%s",
                g.extra(), after.explain())
            .isTrue();
      }
      coverage.when("the extra policy removed a connection by newly isolating an end",
          before.get().allowed() && !after.allowed());
    });
    coverage.requireAtLeast("allowed side of an isolated pod the extra policy also selects", 0.035);
    coverage.requireAtLeast("... where the extra policy alone would deny it", 0.02);
    coverage.requireAtLeast("allowed connection whose ends stay as isolated as they were", 0.2);
    coverage.requireAtLeast("the extra policy removed a connection by newly isolating an end", 0.02);
  }
}
