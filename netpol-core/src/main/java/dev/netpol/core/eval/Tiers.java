package dev.netpol.core.eval;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Node;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.policy.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tier walk of cluster-scoped policies (docs/cluster-policies.md#layers) for the evaluator:
 * which policies of a tier apply to a pod, the first matching rule, and the same walk over sets
 * of ports or addresses. Which pods a subject selects and what a peer or port admits are asked
 * of the policy package.
 */
final class Tiers {
  private final Cluster cluster;

  Tiers(Cluster cluster) {
    this.cluster = cluster;
  }

  /** The ports or addresses a tier accepted, passed on, and left unmatched. */
  record Split<C extends Comparable<?>>(
      RangeSet<C> accepted, RangeSet<C> passed, RangeSet<C> unmatched) {

    /** What goes on to the next layer: passed or unmatched. */
    RangeSet<C> onward() {
      TreeRangeSet<C> set = TreeRangeSet.create(passed);
      set.addAll(unmatched);
      return set;
    }
  }

  /**
   * Whether any cluster-scoped policy applies to this side: one selects the pod and has rules in
   * the direction (a v1alpha2 policy does not apply to hairpin traffic).
   */
  boolean apply(Pod pod, PolicyType direction, boolean hairpin) {
    for (Tier tier : Tier.values()) {
      if (!applying(tier, pod, direction, hairpin).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The policies of a tier that apply to the side, in the order consulted. */
  ImmutableList<ClusterPolicy> applying(
      Tier tier, Pod pod, PolicyType direction, boolean hairpin) {
    if (cluster.clusterPolicies().isEmpty()) {
      return ImmutableList.of();
    }
    Labels nsLabels = namespaceLabels(pod);
    return cluster.clusterPolicies(tier).stream()
        .filter(p -> !p.rules(direction).isEmpty())
        .filter(p -> !(hairpin && p.exemptsHairpin()))
        .filter(p -> p.selects(pod, nsLabels))
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The ClusterNetworkPolicies of both tiers that select the pod with rules in the direction but
   * do not judge its connection to its own pod address (docs/cluster-policies.md#hairpin).
   */
  ImmutableList<ClusterPolicy> hairpinExempt(Pod pod, PolicyType direction) {
    ImmutableList.Builder<ClusterPolicy> exempt = ImmutableList.builder();
    for (Tier tier : Tier.values()) {
      applying(tier, pod, direction, false).stream()
          .filter(ClusterPolicy::exemptsHairpin)
          .forEach(exempt::add);
    }
    return exempt.build();
  }

  /** The first matching rule of the tier for one connection. */
  TierOutcome walk(
      Tier tier,
      Pod pod,
      PolicyType direction,
      Party other,
      Optional<Pod> destination,
      Port port,
      int family,
      boolean hairpin) {
    ImmutableList<ClusterPolicy> policies = applying(tier, pod, direction, hairpin);
    for (ClusterPolicy policy : policies) {
      Optional<ClusterMatch> match =
          firstMatch(policy, direction, other, destination, port, family);
      if (match.isPresent()) {
        // docs/cluster-policies.md#ties: a policy of equal priority whose own first matching
        // rule acts otherwise could have been consulted first on a real cluster.
        ClusterRuleAction action = match.get().rule().action();
        ImmutableList<ClusterMatch> rivals =
            policies.stream()
                .filter(policy::tiesWith)
                .map(p -> firstMatch(p, direction, other, destination, port, family))
                .flatMap(Optional::stream)
                .filter(m -> m.rule().action() != action)
                .collect(ImmutableList.toImmutableList());
        return new TierOutcome(tier, policies, match, rivals);
      }
    }
    return new TierOutcome(tier, policies, Optional.empty(), ImmutableList.of());
  }

  /** The first rule of one policy that matches the connection, if any. */
  private Optional<ClusterMatch> firstMatch(
      ClusterPolicy policy,
      PolicyType direction,
      Party other,
      Optional<Pod> destination,
      Port port,
      int family) {
    List<ClusterRule> rules = policy.rules(direction);
    for (int i = 0; i < rules.size(); i++) {
      ClusterRule rule = rules.get(i);
      int peer = matchingPeer(rule, other, family);
      if (peer >= 0 && rule.admitsPort(port, destination)) {
        return Optional.of(new ClusterMatch(policy, direction, i, rule, peer));
      }
    }
    return Optional.empty();
  }

  /** The index of the first peer of the rule that matches the other end, or -1. */
  private int matchingPeer(ClusterRule rule, Party other, int family) {
    List<Node> nodes = cluster.nodes();
    for (int j = 0; j < rule.peers().size(); j++) {
      ClusterPeer peer = rule.peers().get(j);
      boolean matched;
      if (other instanceof Party.Domain domain) {
        matched = rule.peerAdmitsName(peer, domain.name());
      } else if (other instanceof Party.Outside outside) {
        matched = rule.peerAdmitsAddress(peer, outside.representative(), nodes);
      } else {
        Pod pod = ((Party.PodParty) other).pod();
        matched =
            rule.peerAdmitsPod(peer, pod, namespaceLabels(pod), addresses(pod, family), nodes);
      }
      if (matched) {
        return j;
      }
    }
    return -1;
  }

  /**
   * The tier walk over a set of values (ports of a protocol, or addresses) for a fixed other end:
   * each rule whose peers match takes from what is still unmatched the values it covers.
   */
  <C extends Comparable<?>> Split<C> walkSet(
      Tier tier,
      Pod pod,
      PolicyType direction,
      boolean hairpin,
      RangeSet<C> input,
      Function<ClusterRule, RangeSet<C>> covered) {
    TreeRangeSet<C> unmatched = TreeRangeSet.create(input);
    TreeRangeSet<C> accepted = TreeRangeSet.create();
    TreeRangeSet<C> passed = TreeRangeSet.create();
    for (ClusterPolicy policy : applying(tier, pod, direction, hairpin)) {
      for (ClusterRule rule : policy.rules(direction)) {
        TreeRangeSet<C> taken = TreeRangeSet.create(covered.apply(rule));
        taken.removeAll(unmatched.complement());
        if (rule.action() == ClusterRuleAction.ACCEPT) {
          accepted.addAll(taken);
        } else if (rule.action() == ClusterRuleAction.PASS) {
          passed.addAll(taken);
        }
        unmatched.removeAll(taken);
      }
    }
    return new Split<>(accepted, passed, unmatched);
  }

  /** The ports of a protocol a rule covers toward the other end: none unless a peer matches. */
  RangeSet<Integer> ports(
      ClusterRule rule, Party other, Optional<Pod> destination, Protocol protocol, int family) {
    if (matchingPeer(rule, other, family) < 0) {
      return TreeRangeSet.create();
    }
    return rule.portNumbers(protocol, destination);
  }

  /** The addresses outside the pods a rule covers on a port: none unless the port matches. */
  RangeSet<IpAddress> addresses(
      ClusterRule rule, Port port, Optional<Pod> destination, Range<IpAddress> universe) {
    if (!rule.admitsPort(port, destination)) {
      return TreeRangeSet.create();
    }
    return rule.peerAddresses(cluster.nodes(), universe);
  }

  /** The blocks and node addresses of every cluster-scoped peer, for address atoms. */
  List<Range<IpAddress>> addressBlocks() {
    List<Range<IpAddress>> blocks = new ArrayList<>();
    for (ClusterPolicy policy : cluster.clusterPolicies()) {
      for (PolicyType direction : PolicyType.values()) {
        for (ClusterRule rule : policy.rules(direction)) {
          for (ClusterPeer peer : rule.peers()) {
            blocks.addAll(peer.addresses(cluster.nodes()).asRanges());
          }
        }
      }
    }
    return blocks;
  }

  /**
   * The addresses of a pod a {@code networks} or {@code nodes} peer sees in a connection of one
   * IP family; a host-network pod without its own addresses has its node's.
   */
  private List<IpAddress> addresses(Pod pod, int family) {
    List<IpAddress> all = new ArrayList<>(pod.ips());
    if (pod.hostNetwork() && all.isEmpty() && pod.node().isPresent()) {
      cluster.nodes().stream()
          .filter(n -> n.name().equals(pod.node().get()))
          .forEach(n -> all.addAll(n.addresses()));
    }
    if (family == Clauses.NO_FAMILY) {
      return pod.ips().isEmpty() ? all : List.of();
    }
    return all.stream().filter(a -> a.version() == family).collect(Collectors.toList());
  }

  private Labels namespaceLabels(Pod pod) {
    return cluster.namespace(pod.namespace()).orElse(Namespace.of(pod.namespace())).labels();
  }
}
