package dev.netpol.core.lint;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.policy.Tier;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of cluster-scoped policies (docs/cluster-policies.md): two policies of one tier at
 * one priority over a common pod (docs/lint.md#cluster-priority-tie; the loader prints these as
 * warnings too), a rule that an earlier rule of the same policy always decides first
 * (docs/lint.md#cluster-rule-shadowed) and a {@code Pass} with nothing below it to decide
 * (docs/lint.md#pass-into-nothing).
 */
final class ClusterPolicyChecks {
  private final LintContext ctx;
  private final List<Pod> pods;
  private final Map<ClusterRule, BitSet> podSets = new IdentityHashMap<>();

  private ClusterPolicyChecks(LintContext ctx) {
    this.ctx = ctx;
    this.pods = ctx.cluster.pods();
  }

  static void check(LintContext ctx) {
    if (ctx.cluster.clusterPolicies().isEmpty()) {
      return;
    }
    ClusterPolicyChecks c = new ClusterPolicyChecks(ctx);
    if (ctx.on(LintCode.CLUSTER_PRIORITY_TIE)) {
      c.ties();
    }
    for (ClusterPolicy p : ctx.cluster.clusterPolicies()) {
      for (PolicyType d : PolicyType.values()) {
        if (ctx.on(LintCode.CLUSTER_RULE_SHADOWED)) {
          c.shadowed(p, d);
        }
        if (ctx.on(LintCode.PASS_INTO_NOTHING) && p.tier() == Tier.ADMIN) {
          c.passes(p, d);
        }
      }
    }
  }

  private Labels namespaceLabels(Pod pod) {
    return ctx.namespace(pod.namespace()).labels();
  }

  // ---- docs/lint.md#cluster-priority-tie (docs/cluster-policies.md#ties) ----

  private void ties() {
    List<ClusterPolicy> policies = new ArrayList<>(ctx.cluster.clusterPolicies());
    policies.sort(Comparator.comparing(ClusterPolicy::kind).thenComparing(ClusterPolicy::name));
    for (int i = 0; i < policies.size(); i++) {
      for (int j = i + 1; j < policies.size(); j++) {
        ClusterPolicy a = policies.get(i);
        ClusterPolicy b = policies.get(j);
        if (!a.tiesWith(b)) {
          continue;
        }
        sharedPod(a, b).ifPresent(pod -> ctx.object(
            LintCode.CLUSTER_PRIORITY_TIE,
            b.kind(),
            "",
            b.name(),
            "spec.priority",
            b + " and " + a
                + ctx.sources.locate(a.kind(), a.name(), "").map(l -> " (" + l + ")").orElse("")
                + " both select pod " + pod.id() + ": the order of equal priorities is undefined"
                + " by the API, netpol consults them by name; give them different priorities",
            "give the two policies different priorities, the one to consult first the lower"));
      }
    }
  }

  private Optional<Pod> sharedPod(ClusterPolicy a, ClusterPolicy b) {
    for (Pod pod : pods) {
      Labels ns = namespaceLabels(pod);
      if (a.selects(pod, ns) && b.selects(pod, ns)) {
        return Optional.of(pod);
      }
    }
    return Optional.empty();
  }

  // ---- docs/lint.md#cluster-rule-shadowed (docs/cluster-policies.md#rules) ----

  private void shadowed(ClusterPolicy p, PolicyType d) {
    List<ClusterRule> rules = p.rules(d);
    for (int j = 1; j < rules.size(); j++) {
      ClusterRule later = rules.get(j);
      if (!comparable(later)) {
        continue;
      }
      for (int i = 0; i < j; i++) {
        ClusterRule earlier = rules.get(i);
        if (!comparable(earlier) || !covers(earlier, later)) {
          continue;
        }
        String dir = d.toString().toLowerCase(Locale.ROOT);
        String at = "spec." + dir + "[" + j + "]";
        String first = "spec." + dir + "[" + i + "]";
        ctx.object(
            LintCode.CLUSTER_RULE_SHADOWED,
            p.kind(),
            "",
            p.name(),
            at,
            "rule " + at + " " + later + " never decides: every connection it matches, "
                + first + " " + earlier + " matches first, and the first matching rule of a"
                + " policy decides"
                + (earlier.action() == later.action()
                    ? ""
                    : ", so its " + later.writtenAction() + " never applies"),
            "move it above " + first + " if it is meant to win, narrow " + first
                + ", or delete it");
        break;
      }
    }
  }

  /** Rules whose match set this check can compute: no domain names, no unknown peer. */
  private static boolean comparable(ClusterRule rule) {
    return rule.peers().stream().noneMatch(
        p -> p instanceof ClusterPeer.DomainNames || p instanceof ClusterPeer.Unknown);
  }

  /** Whether every connection {@code later} matches, {@code earlier} matches. */
  private boolean covers(ClusterRule earlier, ClusterRule later) {
    if (!portsCover(earlier.ports(), later.ports())) {
      return false;
    }
    RangeSet<IpAddress> have = TreeRangeSet.create();
    RangeSet<IpAddress> want = TreeRangeSet.create();
    earlier.peers().forEach(p -> have.addAll(p.addresses(ctx.cluster.nodes())));
    later.peers().forEach(p -> want.addAll(p.addresses(ctx.cluster.nodes())));
    if (!have.enclosesAll(want)) {
      return false;
    }
    BitSet wanted = (BitSet) podSet(later).clone();
    wanted.andNot(podSet(earlier));
    return wanted.isEmpty();
  }

  private BitSet podSet(ClusterRule rule) {
    return podSets.computeIfAbsent(rule, r -> {
      BitSet set = new BitSet(pods.size());
      for (int k = 0; k < pods.size(); k++) {
        Pod pod = pods.get(k);
        Labels ns = namespaceLabels(pod);
        for (ClusterPeer peer : r.peers()) {
          if (r.peerAdmitsPod(peer, pod, ns, pod.ips(), ctx.cluster.nodes())) {
            set.set(k);
            break;
          }
        }
      }
      return set;
    });
  }

  private static boolean portsCover(List<ClusterPort> earlier, List<ClusterPort> later) {
    if (earlier.isEmpty()) {
      return true;
    }
    if (later.isEmpty()) {
      return false;
    }
    Map<Protocol, RangeSet<Integer>> ranges = new EnumMap<>(Protocol.class);
    for (ClusterPort p : earlier) {
      if (p instanceof ClusterPort.PortRange r) {
        ranges.computeIfAbsent(r.protocol(), k -> TreeRangeSet.create())
            .add(Range.closedOpen(r.start(), r.end() + 1));
      }
    }
    for (ClusterPort p : later) {
      if (p instanceof ClusterPort.PortRange r) {
        RangeSet<Integer> have = ranges.get(r.protocol());
        if (have == null || !have.encloses(Range.closedOpen(r.start(), r.end() + 1))) {
          return false;
        }
      } else if (!earlier.contains(p)) {
        return false; // a named port: covered by the same name only
      }
    }
    return true;
  }

  // ---- docs/lint.md#pass-into-nothing (docs/cluster-policies.md#layers) ----

  private void passes(ClusterPolicy p, PolicyType d) {
    List<ClusterRule> rules = p.rules(d);
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).action() != ClusterRuleAction.PASS) {
        continue;
      }
      int subjects = 0;
      boolean decided = false;
      for (Pod pod : pods) {
        Labels ns = namespaceLabels(pod);
        if (!p.selects(pod, ns)) {
          continue;
        }
        subjects++;
        if (decidedBelow(pod, ns, d)) {
          decided = true;
          break;
        }
      }
      if (subjects == 0 || decided) {
        continue;
      }
      String dir = d.toString().toLowerCase(Locale.ROOT);
      ctx.object(
          LintCode.PASS_INTO_NOTHING,
          p.kind(),
          "",
          p.name(),
          "spec." + dir + "[" + i + "].action",
          "rule spec." + dir + "[" + i + "] " + rules.get(i) + " passes the " + subjects
              + " pod" + (subjects == 1 ? "" : "s") + " " + p.name() + " selects to the next"
              + " layers, but no NetworkPolicy isolates any of them for " + dir + " and no"
              + " Baseline policy has " + dir + " rules for them, so the connections it"
              + " matches are allowed, as by an Allow",
          "write Allow (Accept in v1alpha2) if allowing is meant; if a NetworkPolicy or a"
              + " Baseline policy should decide, add it");
    }
  }

  private boolean decidedBelow(Pod pod, Labels ns, PolicyType d) {
    for (NetworkPolicy np : ctx.cluster.policiesIn(pod.namespace())) {
      if (np.isolates(d) && np.selects(pod)) {
        return true;
      }
    }
    for (ClusterPolicy b : ctx.cluster.clusterPolicies(Tier.BASELINE)) {
      if (!b.rules(d).isEmpty() && b.selects(pod, ns)) {
        return true;
      }
    }
    return false;
  }
}
