package dev.netpol.core.lint;

import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import com.google.common.collect.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The checks that read one rule at a time: rules that {@code policyTypes} ignores, rules, peers
 * and port entries that can never admit anything, {@code ipBlock}s over pod addresses or over
 * everything in ingress, and a rule's peers split into two entries where one was probably meant
 * (docs/lint.md).
 */
final class RuleChecks {
  private static final int LISTED = 3;

  private final LintContext ctx;
  /** Declared (not assigned) pod addresses, sorted, for {@code ipblock-covers-pods}. */
  private IpAddress[] addresses;
  /** The pod of each of {@link #addresses}. */
  private Pod[] owners;

  private RuleChecks(LintContext ctx) {
    this.ctx = ctx;
  }

  static void check(LintContext ctx) {
    RuleChecks checks = new RuleChecks(ctx);
    for (NetworkPolicy p : ctx.cluster.policies()) {
      for (PolicyType d : PolicyType.values()) {
        checks.ignored(p, d);
        List<NetworkPolicyRule> rules = p.rules(d);
        for (int i = 0; i < rules.size(); i++) {
          checks.rule(p, d, i, rules.get(i));
        }
      }
    }
  }

  /** docs/lint.md#rules-ignored-by-policy-types, from docs/semantics.md#effective-policytypes. */
  private void ignored(NetworkPolicy p, PolicyType d) {
    if (!p.ignoresWrittenRules(d)) {
      return;
    }
    int n = (d == PolicyType.INGRESS ? p.ingress() : p.egress()).size();
    ctx.policy(
        LintCode.RULES_IGNORED_BY_POLICY_TYPES,
        p,
        LintContext.rules(d),
        "spec.policyTypes " + p.declaredPolicyTypes() + " leaves out " + d + ", so the " + n
            + " " + d.toString().toLowerCase(java.util.Locale.ROOT) + " rule"
            + (n == 1 ? " is" : "s are") + " ignored and NetworkPolicy " + p.id()
            + " does not isolate " + d,
        "add " + d + " to spec.policyTypes if the rules are meant, or delete them");
  }

  private void rule(NetworkPolicy p, PolicyType d, int i, NetworkPolicyRule rule) {
    List<NetworkPolicyPeer> peers = rule.peers();
    for (int j = 0; j < peers.size(); j++) {
      if (peers.get(j) instanceof IpBlockPeer block) {
        ipBlock(p, d, i, j, block);
      }
    }
    namedPorts(p, d, i, rule);
    split(p, d, i, rule);
  }

  private void ipBlock(NetworkPolicy p, PolicyType d, int i, int j, IpBlockPeer block) {
    String path = LintContext.peer(d, i, j) + ".ipBlock";
    if (block.addresses().isEmpty()) {
      ctx.policy(
          LintCode.RULE_ADMITS_NOTHING,
          p,
          path + ".except",
          "except " + block.except() + " covers all of cidr " + block.cidr()
              + ", so this peer admits no address",
          "remove the except entries that cover the whole block, or delete the peer");
      return;
    }
    if (block.cidr().prefixLength() == 0) {
      if (d == PolicyType.INGRESS && block.except().isEmpty()) {
        ctx.policy(
            LintCode.INGRESS_FROM_ANYWHERE,
            p,
            path + ".cidr",
            "ipBlock " + block.cidr() + " without except admits every address, outside the"
                + " cluster and inside it, to the pods NetworkPolicy " + p.id() + " selects"
                + ports(p, d, i),
            "narrow cidr to the addresses that must connect, or, if only the internet is meant,"
                + " add the private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) to"
                + " except");
      }
      return;
    }
    if (!ctx.on(LintCode.IPBLOCK_COVERS_PODS)) {
      return;
    }
    if (addresses == null) {
      indexDeclaredAddresses();
    }
    List<Pod> covered = new ArrayList<>();
    int count = 0;
    for (Range<IpAddress> range : block.addresses().asRanges()) {
      int from = firstAtLeast(range.lowerEndpoint());
      int to = firstAbove(range.upperEndpoint());
      count += to - from;
      for (int k = from; k < to && covered.size() < LISTED; k++) {
        covered.add(owners[k]);
      }
    }
    if (count == 0) {
      return;
    }
    StringBuilder names = new StringBuilder();
    // the sample pods, each with its address inside the block
    for (Pod pod : covered) {
      names.append(names.length() == 0 ? "" : ", ").append(pod.id()).append(" at ")
          .append(pod.ips().stream().filter(block::contains).findFirst().orElseThrow());
    }
    ctx.policy(
        LintCode.IPBLOCK_COVERS_PODS,
        p,
        path + ".cidr",
        block + " covers the declared address" + (count == 1 ? "" : "es") + " of "
            + count + " pod" + (count == 1 ? "" : "s") + " (" + names
            + (count > LISTED ? ", ..." : "") + "): an ipBlock matches a pod only when the"
            + " network plugin lets it see pod addresses (netpol's default, as the conformance"
            + " tests expect), and a pod's address changes when it is recreated",
        "select those pods with a podSelector (and a namespaceSelector for other namespaces);"
            + " if the block is meant for addresses outside the cluster, add the pods' range to"
            + " except");
  }

  /** Declared (not assigned) pod addresses, sorted, with their pods: counted by search. */
  private void indexDeclaredAddresses() {
    NavigableMap<IpAddress, Pod> declared = new TreeMap<>();
    for (Pod pod : ctx.cluster.pods()) {
      if (pod.hostNetwork()) {
        continue;
      }
      for (IpAddress ip : pod.ips()) {
        if (!ctx.sources.assigned(ip)) {
          declared.put(ip, pod);
        }
      }
    }
    addresses = declared.keySet().toArray(new IpAddress[0]);
    owners = declared.values().toArray(new Pod[0]);
  }

  /** The index of the first declared address at or above {@code a}. */
  private int firstAtLeast(IpAddress a) {
    int i = java.util.Arrays.binarySearch(addresses, a);
    return i >= 0 ? i : -i - 1;
  }

  /** The index of the first declared address above {@code a}. */
  private int firstAbove(IpAddress a) {
    int i = java.util.Arrays.binarySearch(addresses, a);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** docs/lint.md#rule-admits-nothing: a named port no destination declares. */
  private void namedPorts(NetworkPolicy p, PolicyType d, int i, NetworkPolicyRule rule) {
    if (!ctx.on(LintCode.RULE_ADMITS_NOTHING)
        || rule.ports().stream().noneMatch(e -> e.name().isPresent())) {
      return;
    }
    List<Pod> destinations = destinations(p, d, rule);
    if (destinations.isEmpty()) {
      return; // nothing to resolve on: peer-matches-nothing or policy-selects-no-pod says why
    }
    List<NetworkPolicyPort> ports = rule.ports();
    int dead = 0;
    List<Integer> deadEntries = new ArrayList<>();
    for (int k = 0; k < ports.size(); k++) {
      NetworkPolicyPort entry = ports.get(k);
      if (entry.name().isPresent()
          && destinations.stream().noneMatch(pod -> entry.resolvedOn(pod).isPresent())) {
        dead++;
        deadEntries.add(k);
      }
    }
    for (int k : deadEntries) {
      NetworkPolicyPort entry = ports.get(k);
      String sample = destinations.stream().limit(LISTED).map(Pod::id)
          .reduce((a, b) -> a + ", " + b).orElse("");
      ctx.policy(
          LintCode.RULE_ADMITS_NOTHING,
          p,
          LintContext.rule(d, i) + ".ports[" + k + "].port",
          "named port " + entry.name().get() + " (" + entry.protocol() + ") is declared by"
              + " none of the " + destinations.size() + " pod"
              + (destinations.size() == 1 ? "" : "s") + " this rule's connections go to ("
              + sample + (destinations.size() > LISTED ? ", ..." : "") + "), so this port"
              + " entry matches nothing"
              + (dead == ports.size() ? " and the rule admits nothing" : ""),
          "name a container port the destination pods declare with protocol "
              + entry.protocol() + " (spec.containers[].ports[].name), or write the number");
    }
  }

  /**
   * The pods a rule's connections go to: in ingress the pods the policy selects, in egress the
   * pods its peers admit (docs/semantics.md#ports: a named port resolves on the destination).
   */
  private List<Pod> destinations(NetworkPolicy p, PolicyType d, NetworkPolicyRule rule) {
    List<Pod> out = new ArrayList<>();
    Shapes shapes = ctx.shapes();
    if (d == PolicyType.INGRESS) {
      for (int s : shapes.selected(p)) {
        out.addAll(shapes.get(s).pods());
      }
      return out;
    }
    if (rule.allPeers()) {
      return ctx.cluster.pods();
    }
    List<int[]> parts = new ArrayList<>();
    List<IpBlockPeer> blocks = new ArrayList<>();
    for (NetworkPolicyPeer peer : rule.peers()) {
      if (peer instanceof PodPeer pp) {
        parts.add(shapes.admitted(p.namespace(), pp));
      } else {
        blocks.add((IpBlockPeer) peer);
      }
    }
    for (int s : Shapes.union(parts)) {
      out.addAll(shapes.get(s).pods());
    }
    if (!blocks.isEmpty()) {
      Predicate<Pod> inBlock =
          pod -> ctx.options.ipBlockSeesPod(pod)
              && pod.ips().stream().anyMatch(ip -> blocks.stream().anyMatch(b -> b.contains(ip)));
      for (Pod pod : ctx.cluster.pods()) {
        if (inBlock.test(pod) && !out.contains(pod)) {
          out.add(pod);
        }
      }
    }
    return out;
  }

  /** docs/lint.md#split-peer-entries, from docs/semantics.md#peers. */
  private void split(NetworkPolicy p, PolicyType d, int i, NetworkPolicyRule rule) {
    int namespaces = -1;
    int pods = -1;
    List<NetworkPolicyPeer> peers = rule.peers();
    for (int j = 0; j < peers.size(); j++) {
      if (peers.get(j) instanceof PodPeer pp) {
        if (pp.podSelector().isEmpty() && namespaces < 0) {
          namespaces = j;
        } else if (pp.namespaceSelector().isEmpty() && pods < 0) {
          pods = j;
        }
      }
    }
    if (namespaces < 0 || pods < 0) {
      return;
    }
    String field = LintContext.peers(d);
    PodPeer ns = (PodPeer) peers.get(namespaces);
    PodPeer pod = (PodPeer) peers.get(pods);
    ctx.policy(
        LintCode.SPLIT_PEER_ENTRIES,
        p,
        LintContext.peer(d, i, pods),
        field + "[" + namespaces + "] " + ns + " and " + field + "[" + pods + "] " + pod
            + " are two entries, ORed: the rule admits every pod of the namespaces that "
            + ns.namespaceSelector().get() + " selects, and the pods matching "
            + pod.podSelector().get() + " in " + p.namespace() + " only; pods matching "
            + pod.podSelector().get() + " in the selected namespaces were probably meant",
        "write both selectors in one entry (delete the '-' before podSelector) to admit only"
            + " pods matching " + pod.podSelector().get() + " in the selected namespaces");
  }

  private static String ports(NetworkPolicy p, PolicyType d, int i) {
    NetworkPolicyRule rule = p.rules(d).get(i);
    return rule.allPorts() ? ", on every port" : ", on " + rule.ports();
  }
}
