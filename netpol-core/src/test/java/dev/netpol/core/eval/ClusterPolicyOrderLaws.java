package dev.netpol.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.testkit.ClusterPolicyGen;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import dev.netpol.core.testkit.Query;
import dev.netpol.core.testkit.Scenario;
import dev.netpol.core.testkit.TrafficEnd;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Laws of the order of cluster-scoped policies and of their rules (docs/cluster-policies.md#layers,
 * docs/cluster-policies.md#ties) over generated clusters with generated ClusterNetworkPolicies of
 * both tiers, 1000 tries each from a fixed seed (the failure prints the seed and the input).
 */
class ClusterPolicyOrderLaws {
  private static final long SEED = 20261217L;

  /** A scenario with cluster-scoped policies, and numbers that drive a change to them. */
  record Input(Scenario scenario, ImmutableList<ClusterPolicy> policies, int a, int b, int c) {
    Cluster with(List<ClusterPolicy> extra) {
      Cluster.Builder builder = scenario.cluster().toBuilder();
      extra.forEach(builder::clusterPolicy);
      return builder.build();
    }

    Query query() {
      return scenario.query();
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(Property.describe(scenario));
      policies.forEach(p -> out.append(ClusterPolicyGen.v1alpha2Yaml(p)));
      return out.append("# a=").append(a).append(" b=").append(b).append(" c=").append(c)
          .toString();
    }
  }

  private static Gen<Input> inputs() {
    return s -> new Input(
        NetpolGen.scenarios().generate(s),
        ClusterPolicyGen.v1alpha2Sets().generate(s),
        s.choose(0, 50),
        s.choose(1, 90),
        s.choose(0, 1000));
  }

  static Optional<Verdict> verdict(Cluster cluster, Query query) {
    return LawSupport.verdict(cluster.evaluator(), query);
  }

  /** The explanation with every priority number blanked. */
  private static String withoutPriorities(Verdict v) {
    return v.explain().replaceAll("priority \\d+", "priority _");
  }

  @Test
  void renumberingPrioritiesWithoutChangingTheirOrderChangesNothing() {
    Coverage coverage = new Coverage();
    Property.forAll(inputs()).seed(SEED).tries(1000).check(in -> {
      coverage.tried();
      Optional<Verdict> before = verdict(in.with(in.policies()), in.query());
      if (before.isEmpty()) {
        return;
      }
      // Ranks keep equal priorities equal (ties stay ties) and order the rest as before.
      List<Integer> distinct =
          new ArrayList<>(new TreeSet<>(in.policies().stream().map(ClusterPolicy::priority)
              .toList()));
      List<ClusterPolicy> renumbered = new ArrayList<>();
      for (ClusterPolicy p : in.policies()) {
        int rank = distinct.indexOf(p.priority());
        renumbered.add(new ClusterPolicy(p.kind(), p.apiVersion(), p.name(), p.tier(),
            in.a() + rank * in.b(), p.subject(), p.ingress(), p.egress()));
      }
      Verdict after = verdict(in.with(renumbered), in.query()).orElseThrow();
      coverage.when("a cluster-scoped rule decided a side", decidedByATier(before.get()));
      coverage.when("the answer is undefined", before.get().undefined());
      assertThat(after.allowed()).as(after.explain()).isEqualTo(before.get().allowed());
      assertThat(after.undefined()).isEqualTo(before.get().undefined());
      assertThat(withoutPriorities(after)).isEqualTo(withoutPriorities(before.get()));
    });
    coverage.requireAtLeast("a cluster-scoped rule decided a side", 0.1);
    coverage.requireAtLeast("the answer is undefined", 0.002);
  }

  @Test
  void swappingTwoAdjacentRulesChangesAnAnswerOnlyWhereBothMatch() {
    Coverage coverage = new Coverage();
    Property.forAll(inputs()).seed(SEED).tries(1000).check(in -> {
      coverage.tried();
      Cluster original = in.with(in.policies());
      // Every adjacent pair of rules; the swap is drawn among those that both may match the
      // query when there are some (the interesting case), else among all.
      List<Swap> all = new ArrayList<>();
      List<Swap> matching = new ArrayList<>();
      for (ClusterPolicy candidate : in.policies()) {
        for (PolicyType d : PolicyType.values()) {
          List<ClusterRule> list = candidate.rules(d);
          for (int j = 0; j + 1 < list.size(); j++) {
            Swap swap = new Swap(candidate, d, j);
            all.add(swap);
            if (mayMatch(original, candidate, d, list.get(j), in.query())
                && mayMatch(original, candidate, d, list.get(j + 1), in.query())) {
              matching.add(swap);
            }
          }
        }
      }
      if (all.isEmpty()) {
        return;
      }
      List<Swap> from = matching.isEmpty() ? all : matching;
      Swap chosen = from.get(in.c() % from.size());
      ClusterPolicy p = chosen.policy();
      PolicyType direction = chosen.direction();
      ImmutableList<ClusterRule> rules = p.rules(direction);
      int i = chosen.index();
      List<ClusterRule> swapped = new ArrayList<>(rules);
      swapped.set(i, rules.get(i + 1));
      swapped.set(i + 1, rules.get(i));
      ClusterPolicy q = new ClusterPolicy(p.kind(), p.apiVersion(), p.name(), p.tier(),
          p.priority(), p.subject(),
          direction == PolicyType.INGRESS ? ImmutableList.copyOf(swapped) : p.ingress(),
          direction == PolicyType.EGRESS ? ImmutableList.copyOf(swapped) : p.egress());
      List<ClusterPolicy> others = new ArrayList<>(in.policies());
      others.set(others.indexOf(p), q);
      Optional<Verdict> before = verdict(original, in.query());
      if (before.isEmpty()) {
        return;
      }
      Verdict after = verdict(in.with(others), in.query()).orElseThrow();
      boolean bothMatch = mayMatch(original, p, direction, rules.get(i), in.query())
          && mayMatch(original, p, direction, rules.get(i + 1), in.query());
      coverage.when("both swapped rules match", bothMatch);
      coverage.when("the answer changed", after.allowed() != before.get().allowed());
      if (!bothMatch) {
        assertThat(after.allowed()).as(after.explain()).isEqualTo(before.get().allowed());
        assertThat(after.undefined()).isEqualTo(before.get().undefined());
      }
    });
    coverage.requireAtLeast("both swapped rules match", 0.01);
    coverage.requireAtLeast("the answer changed", 0.002);
  }

  /** Rules {@code index} and {@code index + 1} of a policy's list for a direction. */
  record Swap(ClusterPolicy policy, PolicyType direction, int index) {}

  /**
   * Whether a rule may match the query on the side of a policy's subject, from the model alone
   * (any address of the other end, hairpin ignored): a superset of where it matches.
   */
  private static boolean mayMatch(
      Cluster cluster, ClusterPolicy policy, PolicyType direction, ClusterRule rule, Query q) {
    TrafficEnd self = direction == PolicyType.EGRESS ? q.source() : q.destination();
    TrafficEnd other = direction == PolicyType.EGRESS ? q.destination() : q.source();
    if (self.pod().isEmpty()
        || !policy.selects(self.pod().get(), namespaceLabels(cluster, self.pod().get()))
        || !rule.admitsPort(q.port(), q.destination().pod())) {
      return false;
    }
    for (ClusterPeer peer : rule.peers()) {
      boolean matched = other.pod()
          .map(pod -> rule.peerAdmitsPod(
              peer, pod, namespaceLabels(cluster, pod), pod.ips(), cluster.nodes()))
          .orElseGet(() -> rule.peerAdmitsAddress(peer, other.address(), cluster.nodes()));
      if (matched) {
        return true;
      }
    }
    return false;
  }

  private static Labels namespaceLabels(Cluster cluster, Pod pod) {
    return cluster.namespace(pod.namespace()).orElse(Namespace.of(pod.namespace())).labels();
  }

  static boolean decidedByATier(Verdict v) {
    for (DirectionVerdict side : List.of(v.egress(), v.ingress())) {
      if (side instanceof DirectionVerdict.Layered l
          && (l.admin().decides() || l.baseline().map(TierOutcome::decides).orElse(false))) {
        return true;
      }
    }
    return false;
  }

}
