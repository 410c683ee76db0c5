package dev.netpol.core.eval;

import static dev.netpol.core.eval.LawSupport.renamed;
import static dev.netpol.core.eval.LawSupport.withPolicies;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.eval.LawSupport.Judged;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.Property;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Laws of order independence and idempotence (docs/semantics.md#union: the order of policies,
 * their names and duplicates change nothing): the policies of a cluster are a set, not a sequence.
 */
class OrderLaws {

  /** A judged scenario and a permutation of its cluster's policies. */
  record Shuffled(Judged judged, ImmutableList<Integer> permutation) {
    Cluster cluster() {
      return judged.cluster();
    }

    /** The policies in permuted order. */
    List<NetworkPolicy> permuted() {
      List<NetworkPolicy> out = new ArrayList<>();
      permutation.forEach(i -> out.add(cluster().policies().get(i)));
      return out;
    }
  }

  private static final Gen<Shuffled> SHUFFLED = LawSupport.judgedScenarios().flatMap(j ->
      permutations(j.cluster().policies().size()).map(p -> new Shuffled(j, p)));

  /** A judged scenario and which of its cluster's policies to duplicate. */
  record Duplicated(Judged judged, ImmutableList<Boolean> copy) {
    Cluster withCopies() {
      Cluster cluster = judged.cluster();
      Cluster.Builder b = cluster.toBuilder();
      for (int i = 0; i < copy.size(); i++) {
        NetworkPolicy p = cluster.policies().get(i);
        if (copy.get(i)) {
          b.policy(renamed(p, p.name() + "-copy"));
        }
      }
      return b.build();
    }
  }

  private static final Gen<Duplicated> DUPLICATED = LawSupport.judgedScenarios().flatMap(j -> {
    int n = j.cluster().policies().size();
    return Gen.listOf(Gen.chance(0.7), n, n).map(copy -> new Duplicated(j, copy));
  });

  @Test
  void addingPoliciesInAnotherOrderChangesNoVerdictNorExplanation() {
    Coverage coverage = new Coverage();
    Property.forAll(SHUFFLED).show(s -> s.judged().describe() + "# permutation: "
        + s.permutation() + "\n").check(s -> {
      coverage.tried();
      Judged j = s.judged();
      Optional<Verdict> before = j.verdict();
      if (before.isEmpty()) {
        return;
      }
      Cluster reordered = withPolicies(s.cluster(), s.permuted());
      coverage.when("policies actually reordered",
          !reordered.policies().equals(s.cluster().policies()));
      coverage.when("denied verdict", !before.get().allowed());
      Verdict after = j.verdict(reordered).orElseThrow();
      assertThat(after.explain()).as("policies added as %s", reordered.policies())
          .isEqualTo(before.get().explain());
      assertThat(after).isEqualTo(before.get());
      samePorts(j, reordered);
    });
    coverage.requireAtLeast("policies actually reordered", 0.15);
    coverage.requireAtLeast("denied verdict", 0.1);
  }

  @Test
  void evaluatingPoliciesInAnotherOrderChangesNoVerdict() {
    // The evaluator visits policies by name, so renaming them by a permutation of their own names
    // makes it visit them in another order.
    Coverage coverage = new Coverage();
    Property.forAll(SHUFFLED).show(s -> s.judged().describe() + "# permutation: "
        + s.permutation() + "\n").check(s -> {
      coverage.tried();
      Judged j = s.judged();
      Optional<Verdict> before = j.verdict();
      if (before.isEmpty()) {
        return;
      }
      List<NetworkPolicy> policies = s.cluster().policies();
      List<NetworkPolicy> renamedPolicies = new ArrayList<>();
      for (int i = 0; i < policies.size(); i++) {
        NetworkPolicy p = policies.get(i);
        renamedPolicies.add(renamed(p, policies.get(s.permutation().get(i)).name()));
      }
      coverage.when("names actually permuted", !renamedPolicies.equals(policies));
      coverage.when("ipBlock not matching pods", !j.options().ipBlockMatchesPods());
      coverage.when("denied verdict", !before.get().allowed());
      Cluster renamed = withPolicies(s.cluster(), renamedPolicies);
      Verdict after = j.verdict(renamed).orElseThrow();
      assertThat(after.allowed()).as("after renaming:%n%s%nbefore:%n%s",
          after.explain(), before.get().explain()).isEqualTo(before.get().allowed());
      assertThat(after.egress().allows()).as("egress").isEqualTo(before.get().egress().allows());
      assertThat(after.ingress().allows()).as("ingress").isEqualTo(before.get().ingress().allows());
      samePorts(j, renamed);
    });
    coverage.requireAtLeast("names actually permuted", 0.15);
    coverage.requireAtLeast("ipBlock not matching pods", 0.1);
    coverage.requireAtLeast("denied verdict", 0.1);
  }

  @Test
  void duplicatingPoliciesUnderNewNamesChangesNoVerdict() {
    Coverage coverage = new Coverage();
    Property.forAll(DUPLICATED).show(d -> d.judged().describe() + "# duplicated: "
        + d.copy() + "\n").check(d -> {
      coverage.tried();
      Judged j = d.judged();
      Optional<Verdict> before = j.verdict();
      if (before.isEmpty()) {
        return;
      }
      Cluster doubled = d.withCopies();
      coverage.when("some policy duplicated", d.copy().contains(true));
      coverage.when("denied verdict", !before.get().allowed());
      coverage.when("allowed by an isolating policy",
          before.get().egress() instanceof DirectionVerdict.Allowed
              || before.get().ingress() instanceof DirectionVerdict.Allowed);
      Verdict after = j.verdict(doubled).orElseThrow();
      assertThat(after.allowed()).as("with duplicates:%n%s%nbefore:%n%s",
          after.explain(), before.get().explain()).isEqualTo(before.get().allowed());
      assertThat(after.egress().allows()).as("egress").isEqualTo(before.get().egress().allows());
      assertThat(after.ingress().allows()).as("ingress").isEqualTo(before.get().ingress().allows());
      samePorts(j, doubled);
    });
    coverage.requireAtLeast("some policy duplicated", 0.3);
    coverage.requireAtLeast("denied verdict", 0.1);
    coverage.requireAtLeast("allowed by an isolating policy", 0.1);
  }

  /** The exact port sets between the query's pods agree too, for every protocol. */
  private static void samePorts(Judged j, Cluster changed) {
    Optional<Pod> source = j.query().source().pod();
    Optional<Pod> destination = j.query().destination().pod();
    if (source.isEmpty() || destination.isEmpty()) {
      return;
    }
    Evaluator before = j.cluster().evaluator(j.options());
    Evaluator after = changed.evaluator(j.options());
    for (Protocol protocol : Protocol.values()) {
      assertThat(after.allowedPorts(source.get(), destination.get(), protocol))
          .as("allowed %s ports %s -> %s", protocol, source.get().id(), destination.get().id())
          .isEqualTo(before.allowedPorts(source.get(), destination.get(), protocol));
    }
  }

  /** A permutation of {@code 0..n-1} (Fisher-Yates), shrinking toward the identity. */
  private static Gen<ImmutableList<Integer>> permutations(int n) {
    return s -> {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(i);
      }
      for (int i = 0; i < n - 1; i++) {
        Collections.swap(out, i, s.choose(i, n - 1));
      }
      return ImmutableList.copyOf(out);
    };
  }
}
