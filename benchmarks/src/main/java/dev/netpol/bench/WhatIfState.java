package dev.netpol.bench;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.PolicyChange;
import dev.netpol.core.reach.ReachabilityEngine;
import dev.netpol.core.reach.ReachabilityMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A generated cluster, compiled once, and one policy change of the kind an editor makes. For
 * NetworkPolicies ({@code scope=NETWORK_POLICY}): an app-to-app policy (pods of one app admit
 * pods of another on some TCP ports, the app being isolated by another policy too) added as a
 * copy on another port, replaced with another port, or removed. For cluster-scoped policies
 * ({@code scope=CLUSTER}, with {@code variant=TIERED}): the first ClusterNetworkPolicy whose
 * rules all name ports, likewise copied (its ports replaced by one TCP port), moved to another
 * port, or removed.
 */
@State(Scope.Benchmark)
public class WhatIfState {
  /** The cluster size. */
  @Param({"S", "M", "L"})
  public String scale;

  /** The policy mix. */
  @Param({"REALISTIC"})
  public String variant;

  /** What the change does: ADD, REPLACE or REMOVE. */
  @Param({"ADD", "REPLACE", "REMOVE"})
  public String change;

  /** Which policies change: NETWORK_POLICY, or CLUSTER (needs the TIERED variant). */
  @Param({"NETWORK_POLICY"})
  public String scope;

  /** The engine. */
  public ReachabilityEngine engine;

  /** The compiled cluster the change is asked about. */
  public ReachabilityMatrix matrix;

  /** The change. */
  public PolicyChange policyChange;

  /** The cluster with the change made, for the rebuild. */
  public Cluster changed;

  /** Generates and compiles the cluster, and picks the change. */
  @Setup(Level.Trial)
  public void setUp() {
    Cluster cluster =
        ClusterGenerator.generate(
            ClusterGenerator.Scale.valueOf(scale), ClusterGenerator.Variant.valueOf(variant), 42);
    engine = ReachabilityEngine.withDefaults();
    matrix = engine.build(cluster);
    if (scope.equals("CLUSTER")) {
      ClusterPolicy picked = pickCluster(cluster, matrix);
      int port = otherPort(picked);
      switch (change) {
        case "ADD" -> policyChange = PolicyChange.add(withPort(picked, "what-if", port));
        case "REPLACE" ->
            policyChange = PolicyChange.replace(withPort(picked, picked.name(), port));
        case "REMOVE" -> policyChange =
            PolicyChange.removeClusterPolicy(picked.kind(), picked.name());
        default -> throw new IllegalArgumentException("change: ADD, REPLACE or REMOVE");
      }
    } else {
      NetworkPolicy picked = pick(cluster, matrix);
      int port = otherPort(picked);
      NetworkPolicy otherPort = withPort(picked, picked.name(), port);
      switch (change) {
        case "ADD" -> policyChange = PolicyChange.add(withPort(picked, "what-if", port));
        case "REPLACE" -> policyChange = PolicyChange.replace(otherPort);
        case "REMOVE" -> policyChange = PolicyChange.removeNetworkPolicy(picked.id());
        default -> throw new IllegalArgumentException("change: ADD, REPLACE or REMOVE");
      }
    }
    changed = policyChange.applyTo(cluster);
    System.out.printf("%n%s at %s: %s%n", policyChange, scale,
        matrix.apply(policyChange));
  }

  /** A TCP port no rule of the policy admits. */
  static int otherPort(ClusterPolicy p) {
    for (PolicyType direction : PolicyType.values()) {
      for (ClusterRule r : p.rules(direction)) {
        if (r.admitsPort(Port.tcp(443), Optional.empty())) {
          return 8443;
        }
      }
    }
    return 443;
  }

  /**
   * The first cluster-scoped policy whose rules all name ports, whose removal, and a copy of
   * which on another port, each change some cells.
   */
  static ClusterPolicy pickCluster(Cluster cluster, ReachabilityMatrix matrix) {
    for (ClusterPolicy p : cluster.clusterPolicies()) {
      List<ClusterRule> rules = new ArrayList<>(p.rules(PolicyType.INGRESS));
      rules.addAll(p.rules(PolicyType.EGRESS));
      if (rules.isEmpty() || rules.stream().anyMatch(r -> r.ports().isEmpty())) {
        continue;
      }
      if (!matrix.apply(PolicyChange.removeClusterPolicy(p.kind(), p.name()))
              .diff().changes().isEmpty()
          && !matrix.apply(PolicyChange.add(withPort(p, "what-if", otherPort(p))))
              .diff().changes().isEmpty()) {
        return p;
      }
    }
    throw new IllegalStateException("no cluster-scoped policy with ports to change");
  }

  /** The policy with every rule's ports replaced by one TCP port. */
  static ClusterPolicy withPort(ClusterPolicy p, String name, int port) {
    ClusterPolicy.Builder b = ClusterPolicy.builder(p.kind(), name)
        .apiVersion(p.apiVersion())
        .tier(p.tier())
        .priority(p.priority())
        .subject(p.subject());
    for (PolicyType direction : PolicyType.values()) {
      for (ClusterRule r : p.rules(direction)) {
        ClusterRule.Builder rule = ClusterRule.builder(r.action(), r.writtenAction());
        r.name().ifPresent(rule::name);
        r.peers().forEach(rule::peer);
        rule.port(ClusterPort.number(Protocol.TCP, port));
        if (direction == PolicyType.INGRESS) {
          b.ingress(rule.build());
        } else {
          b.egress(rule.build());
        }
      }
    }
    return b.build();
  }

  /** A TCP port the policy's rule does not admit. */
  static int otherPort(NetworkPolicy p) {
    return p.rules(PolicyType.INGRESS).get(0).ports().get(0)
        .matchesOnEveryDestination(Port.tcp(443)) ? 8443 : 443;
  }

  /**
   * The first app-to-app policy (one ingress rule from one app's pods, on numbered TCP ports)
   * whose pods another policy isolates for ingress as well, and whose removal, and a copy of
   * which on another port, each change some cells.
   */
  static NetworkPolicy pick(Cluster cluster, ReachabilityMatrix matrix) {
    for (NetworkPolicy p : cluster.policies()) {
      List<NetworkPolicyRule> rules = p.rules(PolicyType.INGRESS);
      if (rules.size() != 1 || p.rules(PolicyType.EGRESS).size() > 0
          || p.podSelector().matchLabels().isEmpty()) {
        continue;
      }
      NetworkPolicyRule r = rules.get(0);
      if (r.peers().size() != 1 || !(r.peers().get(0) instanceof PodPeer)
          || r.ports().isEmpty() || r.ports().stream().anyMatch(x -> x.name().isPresent())) {
        continue;
      }
      List<Pod> selected =
          cluster.podsIn(p.namespace()).stream().filter(p::selects).toList();
      if (selected.isEmpty()) {
        continue;
      }
      boolean isolatedElsewhere = cluster.policiesIn(p.namespace()).stream()
          .anyMatch(q -> q != p && q.isolates(PolicyType.INGRESS)
              && selected.stream().allMatch(q::selects));
      if (isolatedElsewhere
          && !matrix.apply(PolicyChange.removeNetworkPolicy(p.id())).diff().changes().isEmpty()
          && !matrix.apply(PolicyChange.add(withPort(p, "what-if", otherPort(p))))
              .diff().changes().isEmpty()) {
        return p;
      }
    }
    throw new IllegalStateException("no app-to-app policy to change");
  }

  /** The policy with its ingress rule's ports replaced by one TCP port. */
  static NetworkPolicy withPort(NetworkPolicy p, String name, int port) {
    NetworkPolicyRule r = p.rules(PolicyType.INGRESS).get(0);
    NetworkPolicyRule.Builder rule = NetworkPolicyRule.builder();
    for (NetworkPolicyPeer peer : r.peers()) {
      rule.peer(peer);
    }
    rule.port(NetworkPolicyPort.tcp(port));
    return NetworkPolicy.builder(p.namespace(), name)
        .podSelector(p.podSelector())
        .ingress(rule.build())
        .build();
  }

}
