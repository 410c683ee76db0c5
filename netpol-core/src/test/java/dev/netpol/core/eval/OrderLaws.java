package dev.netpol.core.eval;

import static dev.netpol.core.eval.LawSupport.renamed;
import static dev.netpol.core.eval.LawSupport.verdict;
import static dev.netpol.core.eval.LawSupport.withPolicies;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.Protocol;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import dev.netpol.core.testkit.Query;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Laws of order independence and idempotence (SEMANTICS.md R3: "order, names and duplicates do
 * not matter"): the policies of a cluster are a set, not a sequence.
 */
class OrderLaws {

  /** A cluster, a permutation of its policies, and a question about it. */
  record Shuffled(Cluster cluster, ImmutableList<Integer> permutation, Query query) {
    /** The policies in permuted order. */
    List<NetworkPolicy> permuted() {
      List<NetworkPolicy> out = new ArrayList<>();
      permutation.forEach(i -> out.add(cluster.policies().get(i)));
      return out;
    }
  }

  private static final Gen<Shuffled> SHUFFLED = NetpolGen.clusters().flatMap(c -> Gen.zip(
      permutations(c.policies().size()), NetpolGen.queries(c), (p, q) -> new Shuffled(c, p, q)));

  /** A cluster, which of its policies to duplicate, and a question about it. */
  record Duplicated(Cluster cluster, ImmutableList<Boolean> copy, Query query) {
    Cluster withCopies() {
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

  private static final Gen<Duplicated> DUPLICATED = NetpolGen.clusters().flatMap(c -> Gen.zip(
      Gen.listOf(Gen.chance(0.7), c.policies().size(), c.policies().size()),
      NetpolGen.queries(c), (d, q) -> new Duplicated(c, d, q)));

  @Test
  void addingPoliciesInAnotherOrderChangesNoVerdictNorExplanation() {
    Coverage coverage = new Coverage();
    Property.forAll(SHUFFLED).check(s -> {
      coverage.tried();
      Optional<Verdict> before = verdict(s.cluster(), s.query());
      if (before.isEmpty()) {
        return;
      }
      Cluster reordered = withPolicies(s.cluster(), s.permuted());
      coverage.when("policies actually reordered",
          !reordered.policies().equals(s.cluster().policies()));
      coverage.when("denied verdict", !before.get().allowed());
      Verdict after = verdict(reordered, s.query()).orElseThrow();
      assertThat(after.explain()).as("policies added as %s", reordered.policies())
          .isEqualTo(before.get().explain());
      assertThat(after).isEqualTo(before.get());
      samePorts(s.cluster(), reordered, s.query());
    });
    coverage.requireAtLeast("policies actually reordered", 0.15);
    coverage.requireAtLeast("denied verdict", 0.1);
  }

  @Test
  void evaluatingPoliciesInAnotherOrderChangesNoVerdict() {
    // The evaluator visits policies by name, so renaming them by a permutation of their own names
    // makes it visit them in another order.
    Coverage coverage = new Coverage();
    Property.forAll(SHUFFLED).check(s -> {
      coverage.tried();
      Optional<Verdict> before = verdict(s.cluster(), s.query());
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
      coverage.when("denied verdict", !before.get().allowed());
      Cluster renamed = withPolicies(s.cluster(), renamedPolicies);
      Verdict after = verdict(renamed, s.query()).orElseThrow();
      assertThat(after.allowed()).as("after renaming:%n%s%nbefore:%n%s",
          after.explain(), before.get().explain()).isEqualTo(before.get().allowed());
      assertThat(after.egress().allows()).as("egress").isEqualTo(before.get().egress().allows());
      assertThat(after.ingress().allows()).as("ingress").isEqualTo(before.get().ingress().allows());
      samePorts(s.cluster(), renamed, s.query());
    });
    coverage.requireAtLeast("names actually permuted", 0.15);
    coverage.requireAtLeast("denied verdict", 0.1);
  }

  @Test
  void duplicatingPoliciesUnderNewNamesChangesNoVerdict() {
    Coverage coverage = new Coverage();
    Property.forAll(DUPLICATED).check(d -> {
      coverage.tried();
      Optional<Verdict> before = verdict(d.cluster(), d.query());
      if (before.isEmpty()) {
        return;
      }
      Cluster doubled = d.withCopies();
      coverage.when("some policy duplicated", d.copy().contains(true));
      coverage.when("denied verdict", !before.get().allowed());
      coverage.when("allowed by an isolating policy",
          before.get().egress() instanceof DirectionVerdict.Allowed
              || before.get().ingress() instanceof DirectionVerdict.Allowed);
      Verdict after = verdict(doubled, d.query()).orElseThrow();
      assertThat(after.allowed()).as("with duplicates:%n%s%nbefore:%n%s",
          after.explain(), before.get().explain()).isEqualTo(before.get().allowed());
      assertThat(after.egress().allows()).as("egress").isEqualTo(before.get().egress().allows());
      assertThat(after.ingress().allows()).as("ingress").isEqualTo(before.get().ingress().allows());
      samePorts(d.cluster(), doubled, d.query());
    });
    coverage.requireAtLeast("some policy duplicated", 0.3);
    coverage.requireAtLeast("denied verdict", 0.1);
    coverage.requireAtLeast("allowed by an isolating policy", 0.1);
  }

  /** The exact port sets between two pods agree too, for every protocol. */
  private static void samePorts(Cluster a, Cluster b, Query q) {
    if (q.source().pod().isEmpty() || q.destination().pod().isEmpty()) {
      return;
    }
    Pod source = q.source().pod().get();
    Pod destination = q.destination().pod().get();
    for (Protocol protocol : Protocol.values()) {
      assertThat(b.evaluator().allowedPorts(source, destination, protocol))
          .as("allowed %s ports %s -> %s", protocol, source.id(), destination.id())
          .isEqualTo(a.evaluator().allowedPorts(source, destination, protocol));
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
