package dev.netpol.core.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.testkit.Coverage;
import dev.netpol.core.testkit.Gen;
import dev.netpol.core.testkit.NetpolGen;
import dev.netpol.core.testkit.Property;
import dev.netpol.core.testkit.Source;
import dev.netpol.core.testkit.TieredClusterGen;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What-if answers are exact: after any sequence of policy changes (add, replace, remove, of
 * NetworkPolicies and cluster-scoped policies), the matrix {@link ReachabilityMatrix#apply}
 * returns answers every cell, every outside set and every tie mark of every port atom as a
 * matrix built from scratch on the changed cluster, and its diff is {@link MatrixDiff#between}
 * the two from-scratch matrices.
 */
class IncrementalLaws {
  private static final long SEED = 16_2026_12_03L;

  /** A cluster, the options to judge it with, and changes made one after the other. */
  record Case(Cluster cluster, EvaluationOptions options, List<PolicyChange> changes) {
    String describe() {
      StringBuilder sb = new StringBuilder(Property.describe(cluster));
      sb.append("\noptions: ").append(options).append("\nchanges:");
      for (PolicyChange c : changes) {
        sb.append("\n  ").append(c).append(": ")
            .append(c.networkPolicy().map(Object::toString).orElse(""))
            .append(c.clusterPolicy().map(Object::toString).orElse(""));
      }
      return sb.toString();
    }
  }

  @Test
  void applyingChangesAgreesWithBuildingTheChangedClusterFromScratch() {
    Coverage coverage = new Coverage();
    Gen<Cluster> clusters =
        s -> s.chance(0.5) ? TieredClusterGen.clusters().generate(s)
            : NetpolGen.clusters().generate(s);
    Gen<Case> cases = s -> {
      Cluster cluster = clusters.generate(s);
      EvaluationOptions options = NetpolGen.options().generate(s);
      int steps = s.choose(1, 4);
      List<PolicyChange> changes = new ArrayList<>();
      Cluster current = cluster;
      for (int i = 0; i < steps; i++) {
        PolicyChange c = change(current, i).generate(s);
        changes.add(c);
        current = c.applyTo(current);
      }
      return new Case(cluster, options, changes);
    };
    Property.forAll(cases).tries(Property.DEFAULT_TRIES).seed(seed()).show(Case::describe)
        .check(c -> {
          coverage.tried();
          ReachabilityEngine engine = new ReachabilityEngine(c.options());
          ReachabilityMatrix incremental = engine.build(c.cluster());
          ReachabilityMatrix fromScratchBefore = incremental;
          for (PolicyChange change : c.changes()) {
            WhatIf w = incremental.apply(change);
            Cluster changed = change.applyTo(fromScratchBefore.cluster());
            ReachabilityMatrix fromScratch = engine.build(changed);
            assertThat(w.before()).isSameAs(incremental);
            assertThat(w.after().cluster().policies()).as("policies after %s", change)
                .containsExactlyInAnyOrderElementsOf(changed.policies());
            assertThat(w.after().cluster().clusterPolicies()).as("cluster policies after %s",
                change).containsExactlyElementsOf(changed.clusterPolicies());
            sameAnswers(w.after(), fromScratch, change);
            MatrixDiff expected = MatrixDiff.between(fromScratchBefore, fromScratch);
            assertThat(w.diff().changes()).as("diff of %s", change)
                .containsExactlyElementsOf(expected.changes());
            assertThat(w.diff().outsideChanges()).as("outside diff of %s", change)
                .containsExactlyElementsOf(expected.outsideChanges());
            coverage.when("a change flipped a cell", !expected.changes().isEmpty());
            coverage.when("a change flipped an outside set", !expected.outsideChanges().isEmpty());
            coverage.when("a cluster-scoped change", change.clusterScoped());
            coverage.when("the classes were reused", w.path() != WhatIf.Path.REBUILT);
            coverage.when("only the changed rows and columns compared",
                w.path() == WhatIf.Path.SPARSE);
            coverage.when("only the changed rows and columns compared, through the tiers",
                w.path() == WhatIf.Path.SPARSE && !changed.clusterPolicies().isEmpty());
            coverage.when("a cluster-scoped change, the classes reused",
                w.path() == WhatIf.Path.SPARSE_TIERS);
            if (change.clusterScoped()) {
              coverage.when("a cluster-scoped change, the classes reused, port atoms moved",
                  w.path() == WhatIf.Path.SPARSE_TIERS
                      && !w.after().portAtoms().equals(w.before().portAtoms()));
              coverage.when("a cluster-scoped change, the classes reused, a pod's own cell flipped",
                  w.path() == WhatIf.Path.SPARSE_TIERS && expected.changes().stream()
                      .anyMatch(x -> x.source().equals(x.destination())));
              assertThat(w.path()).as("path of %s", change)
                  .isEqualTo(expectedClusterPath(incremental, change, changed));
            }
            coverage.when("a pod's own cell flipped",
                expected.changes().stream().anyMatch(x -> x.source().equals(x.destination())));
            coverage.when("a removal", change.kind() == PolicyChange.Kind.REMOVE);
            coverage.when("a replacement", change.kind() == PolicyChange.Kind.REPLACE);
            incremental = w.after();
            fromScratchBefore = fromScratch;
          }
        });
    coverage.requireAtLeast("a change flipped a cell", 0.3);
    coverage.requireAtLeast("a change flipped an outside set", 0.1);
    coverage.requireAtLeast("a cluster-scoped change", 0.1);
    coverage.requireAtLeast("a removal", 0.2);
    coverage.requireAtLeast("the classes were reused", 0.3);
    coverage.requireAtLeast("only the changed rows and columns compared", 0.2);
    coverage.requireAtLeast("only the changed rows and columns compared, through the tiers", 0.05);
    coverage.requireAtLeast("a pod's own cell flipped", 0.1);
    coverage.requireAtLeast("a cluster-scoped change, the classes reused", 0.1);
    coverage.requireAtLeast("a cluster-scoped change, the classes reused, port atoms moved", 0.02);
    coverage.requireAtLeast("a replacement", 0.2);
  }

  /**
   * The base seed: {@code -Dnetpol.seed} when given (to run the law on other seeds), else the
   * fixed one.
   */
  private static long seed() {
    String given = System.getProperty(Property.SEED_PROPERTY, "");
    return given.matches("-?\\d+") ? Long.parseLong(given) : SEED;
  }

  /**
   * The path a cluster-scoped change must take: the classes reused (SPARSE_TIERS) whenever the
   * matrix has one compilation, the classes tell apart what the new version looks at, and no
   * address peer makes the families matter; else a rebuild.
   */
  private static WhatIf.Path expectedClusterPath(
      ReachabilityMatrix m, PolicyChange change, Cluster changed) {
    Index index = m.index();
    boolean seen = change.clusterPolicy()
        .map(p -> index.memo.tierSight.sees(p, index.memo.labelKeys)).orElse(true);
    return m.families() instanceof SingleFamily && seen && !DualStack.needed(changed)
        ? WhatIf.Path.SPARSE_TIERS : WhatIf.Path.REBUILT;
  }

  /** Every atom's matrix: cells, self cells, pair counts, outside sets and tie marks. */
  private static void sameAnswers(
      ReachabilityMatrix actual, ReachabilityMatrix expected, PolicyChange change) {
    assertThat(actual.portAtoms()).as("port atoms after %s", change)
        .isEqualTo(expected.portAtoms());
    List<Pod> pods = expected.cluster().pods();
    for (PortRange atom : expected.portAtoms()) {
      Port port = atom.representative();
      PortMatrix a = actual.matrix(port);
      PortMatrix e = expected.matrix(port);
      assertThat(a.ports()).isEqualTo(e.ports());
      assertThat(a.allowedPairCount()).as("pair count on %s after %s", atom, change)
          .isEqualTo(e.allowedPairCount());
      for (Pod s : pods) {
        for (Pod d : pods) {
          assertThat(a.allowed(s, d)).as("cell %s -> %s on %s after %s", s, d, atom, change)
              .isEqualTo(e.allowed(s, d));
          assertThat(actual.dependsOnTie(s, d, port))
              .as("tie mark %s -> %s on %s after %s", s, d, atom, change)
              .isEqualTo(expected.dependsOnTie(s, d, port));
        }
        assertThat(actual.egressToOutside(s, port))
            .as("egress of %s to outside on %s after %s", s, atom, change)
            .isEqualTo(expected.egressToOutside(s, port));
        assertThat(actual.ingressFromOutside(s, port))
            .as("ingress of %s from outside on %s after %s", s, atom, change)
            .isEqualTo(expected.ingressFromOutside(s, port));
      }
    }
  }

  /** One valid change of a cluster: add, replace or remove, of either family of policies. */
  private static Gen<PolicyChange> change(Cluster cluster, int step) {
    return s -> {
      boolean clusterScoped = s.chance(0.3);
      if (clusterScoped) {
        return clusterChange(cluster, step, s);
      }
      List<NetworkPolicy> existing = cluster.policies();
      int kind = existing.isEmpty() ? 0 : s.choose(0, 2);
      if (kind == 0) {
        List<String> names = new ArrayList<>();
        cluster.namespaces().stream().map(Namespace::name).forEach(names::add);
        String ns = names.get(s.choose(0, names.size() - 1));
        return PolicyChange.add(NetpolGen.policies(ns, "what-if-" + step).generate(s));
      }
      NetworkPolicy old = existing.get(s.choose(0, existing.size() - 1));
      if (kind == 1) {
        NetworkPolicy next = s.chance(0.3) ? narrowed(old)
            : NetpolGen.policies(old.namespace(), old.name()).generate(s);
        return PolicyChange.replace(next);
      }
      return PolicyChange.removeNetworkPolicy(old.id());
    };
  }

  /** The same policy with its first rule of each direction dropped: a small edit. */
  private static NetworkPolicy narrowed(NetworkPolicy p) {
    return new NetworkPolicy(p.namespace(), p.name(), p.podSelector(), p.declaredPolicyTypes(),
        dropFirst(p.rules(PolicyType.INGRESS)), dropFirst(p.rules(PolicyType.EGRESS)));
  }

  private static <T> com.google.common.collect.ImmutableList<T> dropFirst(List<T> list) {
    return list.isEmpty() ? com.google.common.collect.ImmutableList.of()
        : com.google.common.collect.ImmutableList.copyOf(list.subList(1, list.size()));
  }

  private static PolicyChange clusterChange(Cluster cluster, int step, Source s) {
    List<ClusterPolicy> existing = cluster.clusterPolicies();
    int kind = existing.isEmpty() ? 0 : s.choose(0, 2);
    if (kind == 2) {
      ClusterPolicy old = existing.get(s.choose(0, existing.size() - 1));
      return PolicyChange.removeClusterPolicy(old.kind(), old.name());
    }
    if (kind != 2 && !existing.isEmpty() && s.chance(0.4)) {
      // An edit of a policy the cluster has (its priority, a rule dropped, another action): what
      // it looks at the classes already tell apart, so it takes the classes-reused path.
      ClusterPolicy old = existing.get(s.choose(0, existing.size() - 1));
      ClusterPolicy edited = edited(old, s);
      if (kind == 1) {
        return PolicyChange.replace(edited);
      }
      String name = "what-if-" + step;
      boolean banp = old.kind().equals("BaselineAdminNetworkPolicy");
      boolean present = existing.stream()
          .anyMatch(p -> p.kind().equals(old.kind()) && p.name().equals(banp ? old.name() : name));
      return present ? PolicyChange.replace(named(edited, banp ? old.name() : name))
          : PolicyChange.add(named(edited, name));
    }
    ClusterPolicy drawn = TieredClusterGen.policies().generate(s);
    if (kind == 1) {
      ClusterPolicy old = existing.get(s.choose(0, existing.size() - 1));
      for (int i = 0; i < 10 && !drawn.kind().equals(old.kind()); i++) {
        drawn = TieredClusterGen.policies().generate(s);
      }
      if (drawn.kind().equals(old.kind())) {
        return PolicyChange.replace(named(drawn, old.name()));
      }
      return PolicyChange.removeClusterPolicy(old.kind(), old.name());
    }
    boolean banp = drawn.kind().equals("BaselineAdminNetworkPolicy");
    String name = banp ? "default" : "what-if-" + step;
    ClusterPolicy added = named(drawn, name);
    boolean present = existing.stream()
        .anyMatch(p -> p.kind().equals(added.kind()) && p.name().equals(name));
    return present ? PolicyChange.replace(added) : PolicyChange.add(added);
  }

  /**
   * A policy with one edit: another priority (so that it may tie with, or stop tying with,
   * others), a rule dropped, or a rule's action changed.
   */
  private static ClusterPolicy edited(ClusterPolicy p, Source s) {
    List<ClusterRule> ingress = new ArrayList<>(p.ingress());
    List<ClusterRule> egress = new ArrayList<>(p.egress());
    int priority = p.priority();
    int edit = s.choose(0, 2);
    List<ClusterRule> rules = s.chance(0.5) ? ingress : egress;
    if (edit == 0 || rules.isEmpty()) {
      priority = s.choose(0, 2);
    } else if (edit == 1) {
      rules.remove(s.choose(0, rules.size() - 1));
    } else {
      int i = s.choose(0, rules.size() - 1);
      ClusterRule r = rules.get(i);
      ClusterRuleAction action = ClusterRuleAction.values()[s.choose(0, 2)];
      String written = action == ClusterRuleAction.ACCEPT
          ? (p.kind().equals("ClusterNetworkPolicy") ? "Accept" : "Allow")
          : action == ClusterRuleAction.DENY ? "Deny" : "Pass";
      ClusterRule.Builder b = ClusterRule.builder(action, written);
      r.name().ifPresent(b::name);
      r.peers().forEach(b::peer);
      r.ports().forEach(b::port);
      rules.set(i, b.build());
    }
    return new ClusterPolicy(p.kind(), p.apiVersion(), p.name(), p.tier(), priority,
        p.subject(), com.google.common.collect.ImmutableList.copyOf(ingress),
        com.google.common.collect.ImmutableList.copyOf(egress));
  }

  private static ClusterPolicy named(ClusterPolicy p, String name) {
    return new ClusterPolicy(p.kind(), p.apiVersion(), name, p.tier(), p.priority(), p.subject(),
        p.ingress(), p.egress());
  }
}
