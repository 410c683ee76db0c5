package dev.netpol.core.lint;

import dev.netpol.core.model.Pod;
import dev.netpol.core.model.WorkloadRef;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * docs/lint.md#isolation-gap: pods that no policy isolates (docs/semantics.md#isolation) where
 * the namespace shows that isolation is the rule. Two cases, each proved from the policies:
 *
 * <ul>
 *   <li>a workload some of whose pods are isolated in a direction and others not: its replicas
 *       differ in a label a {@code podSelector} reads;
 *   <li>a workload (or bare pod) isolated by no policy in a namespace of at least three
 *       workloads where at least two thirds of them are isolated: the one left out is probably a
 *       gap. A namespace of two workloads, one isolated (the article's frontend and backend),
 *       shows no rule and is left alone.
 * </ul>
 *
 * <p>Host-network pods are never isolated by any policy, so they are no gap.
 */
final class IsolationGaps {
  private static final int MIN_UNITS = 3;
  private static final int LISTED = 3;

  private final LintContext ctx;

  private IsolationGaps(LintContext ctx) {
    this.ctx = ctx;
  }

  static void check(LintContext ctx) {
    if (!ctx.on(LintCode.ISOLATION_GAP)) {
      return;
    }
    IsolationGaps gaps = new IsolationGaps(ctx);
    Set<String> namespaces = new LinkedHashSet<>();
    ctx.cluster.policies().forEach(p -> namespaces.add(p.namespace()));
    for (String ns : namespaces) {
      for (PolicyType d : PolicyType.values()) {
        gaps.namespace(ns, d);
      }
    }
  }

  /** The pods of one workload (or one bare pod) and how many of them are isolated. */
  private static final class Unit {
    final String kind;
    final String name;
    final List<Pod> isolated = new ArrayList<>();
    final List<Pod> open = new ArrayList<>();

    Unit(String kind, String name) {
      this.kind = kind;
      this.name = name;
    }
  }

  private void namespace(String ns, PolicyType d) {
    List<NetworkPolicy> policies = new ArrayList<>();
    Shapes shapes = ctx.shapes();
    Set<Integer> isolated = new java.util.HashSet<>();
    for (NetworkPolicy p : ctx.cluster.policiesIn(ns)) {
      if (p.isolates(d)) {
        boolean selects = false;
        for (int s : shapes.selected(p)) {
          isolated.add(s);
          selects = true;
        }
        if (selects) {
          policies.add(p); // named as isolating only if it selects a pod
        }
      }
    }
    if (isolated.isEmpty()) {
      return;
    }
    Map<Pod, Boolean> podIsolated = new java.util.IdentityHashMap<>();
    for (int s : shapes.in(ns)) {
      for (Pod pod : shapes.get(s).pods()) {
        podIsolated.put(pod, isolated.contains(s));
      }
    }
    Map<String, Unit> units = new LinkedHashMap<>();
    for (Pod pod : ctx.cluster.podsIn(ns)) {
      if (pod.hostNetwork() || guarded(pod, d)) {
        continue;
      }
      Unit u = pod.owner().isPresent()
          ? units.computeIfAbsent("w " + pod.owner().get().kind() + " " + pod.owner().get().name(),
              k -> new Unit(kind(pod.owner().get()), pod.owner().get().name()))
          : units.computeIfAbsent("p " + pod.name(), k -> new Unit("Pod", pod.name()));
      (podIsolated.getOrDefault(pod, false) ? u.isolated : u.open).add(pod);
    }
    int total = units.size();
    long isolatedUnits = units.values().stream().filter(u -> !u.isolated.isEmpty()).count();
    String dir = d.toString().toLowerCase(Locale.ROOT);
    for (Unit u : units.values()) {
      if (u.open.isEmpty()) {
        continue;
      }
      if (!u.isolated.isEmpty()) {
        ctx.object(LintCode.ISOLATION_GAP, u.kind, ns, u.name, "",
            u.open.size() + " of the " + (u.open.size() + u.isolated.size()) + " pods of "
                + u.kind + " " + ns + "/" + u.name + " (" + sample(u.open) + ") are isolated for "
                + dir + " by no NetworkPolicy while the others are: a podSelector reads a label"
                + " only some of its pods have",
            "select the workload's pods by labels all of them share (e.g. app), not by one that"
                + " differs between replicas (version, pod-template-hash, pod-name)");
      } else if (total >= MIN_UNITS && 3 * isolatedUnits >= 2L * total) {
        ctx.object(LintCode.ISOLATION_GAP, u.kind, ns, u.name, "",
            "the " + (u.open.size() == 1 ? "pod" : u.open.size() + " pods") + " of " + u.kind
                + " " + ns + "/" + u.name + " (" + sample(u.open) + ")"
                + (u.open.size() == 1 ? " is" : " are") + " isolated for " + dir
                + " by no NetworkPolicy, while " + isolatedUnits + " of the " + total
                + " workloads of namespace " + ns + " are (by " + names(policies) + "): a"
                + " probable gap",
            "select its pods with a policy (a podSelector: {} default-deny covers every pod of"
                + " the namespace); if it must stay open on purpose, write a policy that allows"
                + " all " + dir + " for it, so the intent is visible");
      }
    }
  }

  /**
   * Whether a cluster-scoped policy with rules in the direction applies to the pod: its Admin or
   * Baseline tier decides for it where no NetworkPolicy isolates it
   * (docs/cluster-policies.md#layers), so leaving it to them is a choice, not a gap.
   */
  private boolean guarded(Pod pod, PolicyType d) {
    if (ctx.cluster.clusterPolicies().isEmpty()) {
      return false;
    }
    dev.netpol.core.model.Labels nsLabels = ctx.cluster.namespace(pod.namespace())
        .orElse(dev.netpol.core.model.Namespace.of(pod.namespace())).labels();
    return ctx.cluster.clusterPolicies().stream()
        .anyMatch(p -> !p.rules(d).isEmpty() && p.selects(pod, nsLabels));
  }

  private static String kind(WorkloadRef ref) {
    return ref.kind().kind();
  }

  private static String sample(List<Pod> pods) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(LISTED, pods.size()); i++) {
      sb.append(i == 0 ? "" : ", ").append(pods.get(i).name());
    }
    return sb + (pods.size() > LISTED ? ", ..." : "");
  }

  private static String names(List<NetworkPolicy> policies) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(LISTED, policies.size()); i++) {
      sb.append(i == 0 ? "" : ", ").append(policies.get(i).name());
    }
    return sb + (policies.size() > LISTED ? ", ..." : "");
  }
}
