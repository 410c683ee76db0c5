package dev.netpol.core.lint;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * docs/lint.md#redundant-rule and docs/lint.md#redundant-policy, proved by set inclusion over the
 * semantics (docs/semantics.md#rules), never by comparing text.
 *
 * <p>A rule admits the product of a peer set and a port set (docs/semantics.md#rules). Rule
 * {@code s} covers rule {@code r} when r's peers are inside s's (the pod shapes r's selectors
 * admit are among those s's selectors admit, and r's {@code ipBlock} addresses inside s's) and
 * r's ports inside s's (per protocol; a named port is covered by the same name, or by numbers
 * that hold every number any pod of the cluster gives that name). Rule {@code r} of policy
 * {@code P} is redundant when, for every pod P selects, some other policy selecting that pod for
 * the same direction, or P itself, has a rule covering r: removing r then changes no verdict
 * (docs/semantics.md#union). A policy is redundant when, besides, every pod it
 * selects is isolated for each of its directions by another policy, so that removing it changes
 * no verdict and no isolation; a policy without any rule (a default-deny) is a safety net under
 * the policies that allow and is never reported.
 *
 * <p>Cutting the last egress rule of a policy without written {@code policyTypes} ends that
 * policy's egress isolation (docs/semantics.md#effective-policytypes), but never a pod's: the
 * covering rule belongs to a policy that selects the pod for egress, and it is another policy
 * (the same one would have a second egress rule left).
 *
 * <p>When two rules cover each other the later one is reported, never both: items are examined
 * from the last to the first, and a cover only counts if it is not reported itself. The cost is
 * one pass per rule over the policies that select a common pod shape; no reachability matrix is
 * built.
 */
final class Redundancy {
  private static final int LISTED = 3;

  private final LintContext ctx;
  private final Shapes shapes;
  private final Map<List<Object>, RangeSet<Integer>> namedNumbers = new HashMap<>();
  private final Map<NetworkPolicyRule, RuleSet> sets = new java.util.IdentityHashMap<>();

  private Redundancy(LintContext ctx) {
    this.ctx = ctx;
    this.shapes = ctx.shapes();
  }

  static void check(LintContext ctx) {
    if (!ctx.anyOn(LintCode.REDUNDANT_RULE, LintCode.REDUNDANT_POLICY)) {
      return;
    }
    Redundancy r = new Redundancy(ctx);
    r.indexNamedPorts();
    Set<String> namespaces = new LinkedHashSet<>();
    ctx.cluster.policies().forEach(p -> namespaces.add(p.namespace()));
    for (String ns : namespaces) {
      r.namespace(ctx.cluster.policiesIn(ns));
    }
  }

  /** What one rule admits, as sets. */
  private static final class RuleSet {
    boolean allPeers;
    int[] peerShapes = new int[0];
    final RangeSet<IpAddress> addresses = TreeRangeSet.create();
    boolean allPorts;
    final Map<Protocol, RangeSet<Integer>> fixed = new EnumMap<>(Protocol.class);
    final Set<List<Object>> named = new HashSet<>();

    boolean admitsNothing() {
      boolean noPeer = !allPeers && peerShapes.length == 0 && addresses.isEmpty();
      boolean noPort = !allPorts && fixed.isEmpty() && named.isEmpty();
      return noPeer || noPort;
    }
  }

  /** One rule of one policy, in load order. */
  private record Item(int policy, PolicyType direction, int index, NetworkPolicyRule rule) {
    /** The identity of the rule, cheap to hash. */
    List<Object> key() {
      return List.of(policy, direction, index);
    }
  }

  private void indexNamedPorts() {
    for (Pod pod : ctx.cluster.pods()) {
      for (ContainerPort cp : pod.containerPorts()) {
        cp.name().ifPresent(n -> namedNumbers
            .computeIfAbsent(List.of(cp.protocol(), n), k -> TreeRangeSet.create())
            .add(Range.closedOpen(cp.number(), cp.number() + 1)));
      }
    }
  }

  private RuleSet set(NetworkPolicy p, NetworkPolicyRule rule) {
    return sets.computeIfAbsent(rule, k -> {
      RuleSet s = new RuleSet();
      s.allPeers = rule.allPeers();
      List<int[]> parts = new ArrayList<>();
      for (NetworkPolicyPeer peer : rule.peers()) {
        if (peer instanceof PodPeer pp) {
          parts.add(shapes.admitted(p.namespace(), pp));
        } else {
          s.addresses.addAll(((IpBlockPeer) peer).addresses());
        }
      }
      s.peerShapes = Shapes.union(parts);
      s.allPorts = rule.allPorts();
      for (NetworkPolicyPort port : rule.ports()) {
        if (port.name().isPresent()) {
          s.named.add(List.of(port.protocol(), port.name().get()));
        } else {
          Range<Integer> r = port.fixedNumbers().orElseThrow();
          s.fixed.computeIfAbsent(port.protocol(), k2 -> TreeRangeSet.create())
              .add(Range.closedOpen(r.lowerEndpoint(), r.upperEndpoint() + 1));
        }
      }
      return s;
    });
  }

  /** Whether every connection r admits, s admits (toward the same selected pod). */
  private boolean covers(RuleSet s, RuleSet r) {
    if (!s.allPorts) {
      if (r.allPorts) {
        return false;
      }
      for (Map.Entry<Protocol, RangeSet<Integer>> e : r.fixed.entrySet()) {
        RangeSet<Integer> have = s.fixed.get(e.getKey());
        if (have == null || !have.enclosesAll(e.getValue())) {
          return false;
        }
      }
      for (List<Object> name : r.named) {
        if (s.named.contains(name)) {
          continue;
        }
        RangeSet<Integer> numbers = namedNumbers.get(name);
        RangeSet<Integer> have = s.fixed.get((Protocol) name.get(0));
        if (numbers != null && (have == null || !have.enclosesAll(numbers))) {
          return false;
        }
      }
    }
    if (s.allPeers) {
      return true;
    }
    return !r.allPeers
        && Shapes.subset(r.peerShapes, s.peerShapes)
        && s.addresses.enclosesAll(r.addresses);
  }

  private void namespace(List<NetworkPolicy> policies) {
    int n = policies.size();
    int[][] selected = new int[n][];
    Map<Integer, List<Integer>> policiesOfShape = new HashMap<>();
    for (int i = 0; i < n; i++) {
      selected[i] = shapes.selected(policies.get(i));
      for (int s : selected[i]) {
        policiesOfShape.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
      }
    }
    boolean[] removedPolicy = new boolean[n];
    Set<List<Object>> removedRules = new HashSet<>();
    // Policies first, from the last to the first.
    for (int i = n - 1; i >= 0; i--) {
      if (selected[i].length > 0 && ctx.on(LintCode.REDUNDANT_POLICY)
          && !denyOnly(policies.get(i))) {
        removedPolicy[i] = redundantPolicy(policies, i, selected, policiesOfShape, removedPolicy);
      }
    }
    if (!ctx.on(LintCode.REDUNDANT_RULE)) {
      return;
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (removedPolicy[i] || selected[i].length == 0) {
        continue;
      }
      for (PolicyType d : PolicyType.values()) {
        List<NetworkPolicyRule> rules = policies.get(i).rules(d);
        for (int k = 0; k < rules.size(); k++) {
          items.add(new Item(i, d, k, rules.get(k)));
        }
      }
    }
    for (int x = items.size() - 1; x >= 0; x--) {
      Item item = items.get(x);
      NetworkPolicy p = policies.get(item.policy());
      RuleSet r = set(p, item.rule());
      if (r.admitsNothing()) {
        continue;
      }
      List<String> by = new ArrayList<>();
      if (coveredEverywhere(policies, item, r, selected, policiesOfShape, removedPolicy,
          removedRules, item.policy(), by)) {
        removedRules.add(item.key());
        ctx.policy(
            LintCode.REDUNDANT_RULE,
            p,
            LintContext.rule(item.direction(), item.index()),
            "every connection " + LintContext.rule(item.direction(), item.index()) + " admits"
                + " is already admitted, for every pod NetworkPolicy " + p.id() + " selects, by "
                + String.join(", ", by) + ", so removing it changes no verdict",
            "delete the rule; if it was meant to admit more, widen its peers or ports");
      }
    }
  }

  /**
   * A policy without rules only isolates: a default-deny kept as a safety net under the policies
   * that allow, which is never reported even when they isolate the same pods.
   */
  private static boolean denyOnly(NetworkPolicy p) {
    return p.rules(PolicyType.INGRESS).isEmpty() && p.rules(PolicyType.EGRESS).isEmpty();
  }

  private boolean redundantPolicy(
      List<NetworkPolicy> policies,
      int i,
      int[][] selected,
      Map<Integer, List<Integer>> policiesOfShape,
      boolean[] removed) {
    NetworkPolicy p = policies.get(i);
    Set<String> by = new LinkedHashSet<>();
    for (PolicyType d : p.policyTypes()) {
      for (int s : selected[i]) {
        boolean isolatedElsewhere = false;
        for (int q : policiesOfShape.get(s)) {
          if (q != i && !removed[q] && policies.get(q).isolates(d)) {
            isolatedElsewhere = true;
            break;
          }
        }
        if (!isolatedElsewhere) {
          return false;
        }
      }
      List<NetworkPolicyRule> rules = p.rules(d);
      for (int k = 0; k < rules.size(); k++) {
        Item item = new Item(i, d, k, rules.get(k));
        RuleSet r = set(p, item.rule());
        List<String> covers = new ArrayList<>();
        if (!r.admitsNothing() && !coveredEverywhere(policies, item, r, selected,
            policiesOfShape, removed, Set.of(), -1, covers)) {
          return false;
        }
        by.addAll(covers);
      }
    }
    Set<String> isolators = new LinkedHashSet<>();
    for (int s : selected[i]) {
      for (int q : policiesOfShape.get(s)) {
        if (q != i && !removed[q]) {
          isolators.add(policies.get(q).name());
        }
      }
    }
    String dirs = p.policyTypes().stream()
        .map(t -> t.toString().toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.joining(" and "));
    ctx.policy(
        LintCode.REDUNDANT_POLICY,
        p,
        "",
        "removing NetworkPolicy " + p.id() + " changes no verdict and no pod's isolation: the"
            + " pods it selects are isolated for " + dirs + " by " + limit(isolators) + " too"
            + (by.isEmpty() ? "" : ", and each of its rules is covered by " + limit(by)),
        "delete the policy; if it was meant to allow more, correct its rules");
    return true;
  }

  /**
   * Whether, for every shape the rule's policy selects, some other rule of a policy selecting
   * that shape for the same direction covers it; collects the covering rules into {@code by}.
   *
   * @param self the index of a policy whose other rules may cover, or -1 for none (policy check)
   */
  private boolean coveredEverywhere(
      List<NetworkPolicy> policies,
      Item item,
      RuleSet r,
      int[][] selected,
      Map<Integer, List<Integer>> policiesOfShape,
      boolean[] removedPolicy,
      Set<List<Object>> removedRules,
      int self,
      List<String> by) {
    Map<Integer, Boolean> coversMemo = new HashMap<>();
    for (int shape : selected[item.policy()]) {
      boolean covered = false;
      for (int q : policiesOfShape.get(shape)) {
        if (removedPolicy[q] || (q == item.policy() && self < 0)) {
          continue;
        }
        Boolean known = coversMemo.get(q);
        if (known == null) {
          known = policyCovers(policies, q, item, r, removedRules, by);
          coversMemo.put(q, known);
        }
        if (known) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  private boolean policyCovers(
      List<NetworkPolicy> policies,
      int q,
      Item item,
      RuleSet r,
      Set<List<Object>> removedRules,
      List<String> by) {
    NetworkPolicy policy = policies.get(q);
    List<NetworkPolicyRule> rules = policy.rules(item.direction());
    for (int k = 0; k < rules.size(); k++) {
      if (q == item.policy() && k == item.index()) {
        continue;
      }
      Item other = new Item(q, item.direction(), k, rules.get(k));
      if (removedRules.contains(other.key())) {
        continue;
      }
      if (covers(set(policy, rules.get(k)), r)) {
        String name = (q == item.policy() ? "" : "NetworkPolicy " + policy.id() + " ")
            + LintContext.rule(item.direction(), k);
        if (!by.contains(name)) {
          by.add(name);
        }
        return true;
      }
    }
    return false;
  }

  private static String limit(Set<String> names) {
    List<String> list = new ArrayList<>(names);
    return String.join(", ", list.subList(0, Math.min(LISTED, list.size())))
        + (list.size() > LISTED ? ", ..." : "");
  }
}
