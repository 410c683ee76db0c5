package dev.netpol.core.testkit;

import static dev.netpol.core.testkit.Gen.weight;
import static dev.netpol.core.testkit.Gen.weightedValue;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Node;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.Tier;
import java.util.List;

/**
 * Generated clusters with cluster-scoped policies (docs/cluster-policies.md#layers) over those of
 * {@link NetpolGen}: both tiers, both API versions, priorities drawn from a small set so that
 * ties happen, Pass rules, namespace and pod subjects and peers, {@code networks} peers that
 * overlap the generated pod addresses, {@code nodes} peers (with Node objects carrying the
 * host-network pods' addresses), named ports and port ranges.
 *
 * <pre>{@code
 * Gen<Cluster> clusters = TieredClusterGen.clusters();   // NetworkPolicies and tiers
 * }</pre>
 */
public final class TieredClusterGen {
  private TieredClusterGen() {}

  /** Blocks over the generated pod and node addresses, and everything. */
  private static final ImmutableList<String> NETWORKS = ImmutableList.of(
      "10.0.0.0/28", "10.0.0.0/24", "10.0.0.8/29", "192.168.0.0/31", "192.168.0.2/32",
      "0.0.0.0/0", "fd00::/120", "::/0", "8.8.8.0/24");

  /** The nodes host-network pods of {@link NetpolGen} live on, by their shared addresses. */
  public static final ImmutableList<Node> NODES = ImmutableList.of(
      Node.of("node-1", Labels.of("role", "a"), List.of(IpAddress.parse("192.168.0.1"))),
      Node.of("node-2", Labels.of("role", "b"), List.of(IpAddress.parse("192.168.0.2"))));

  /**
   * A generated cluster with zero to four cluster-scoped policies added and, half of the time,
   * the Node objects.
   *
   * @return the generator
   */
  public static Gen<Cluster> clusters() {
    return s -> {
      Cluster base = NetpolGen.clusters().generate(s);
      Cluster.Builder b = base.toBuilder();
      if (s.chance(0.5)) {
        NODES.forEach(b::node);
      }
      List<ClusterPolicy> policies = Gen.listOf(policies(), 0, 4).generate(s);
      boolean singleton = false;
      for (int i = 0; i < policies.size(); i++) {
        ClusterPolicy p = policies.get(i);
        boolean banp = p.kind().equals("BaselineAdminNetworkPolicy");
        if (!(banp && singleton)) {
          b.clusterPolicy(renamed(p, i));
        }
        singleton |= banp;
      }
      return b.build();
    };
  }

  /** One name per policy; v1alpha1's baseline is a singleton named {@code default}. */
  private static ClusterPolicy renamed(ClusterPolicy p, int i) {
    String name = p.kind().equals("BaselineAdminNetworkPolicy") ? "default" : "cnp-" + i;
    return new ClusterPolicy(
        p.kind(), p.apiVersion(), name, p.tier(), p.priority(), p.subject(), p.ingress(),
        p.egress());
  }

  /**
   * One cluster-scoped policy of either tier and API version.
   *
   * @return the generator
   */
  public static Gen<ClusterPolicy> policies() {
    return s -> {
      Tier tier = s.chance(0.6) ? Tier.ADMIN : Tier.BASELINE;
      boolean v1alpha2 = s.chance(0.6);
      String kind = v1alpha2 ? "ClusterNetworkPolicy"
          : tier == Tier.ADMIN ? "AdminNetworkPolicy" : "BaselineAdminNetworkPolicy";
      ClusterPolicy.Builder b =
          ClusterPolicy.builder(kind, "draft").tier(tier).priority(s.choose(0, 2))
              .subject(subjects().generate(s));
      for (ClusterRule r : Gen.listOf(rules(v1alpha2, false), 0, 3).generate(s)) {
        b.ingress(r);
      }
      for (ClusterRule r : Gen.listOf(rules(v1alpha2, true), 0, 3).generate(s)) {
        b.egress(r);
      }
      return b.build();
    };
  }

  private static Gen<ClusterSubject> subjects() {
    return Gen.frequency(
        weight(1, NetpolGen.namespaceSelectors().map(ClusterSubject::namespaces)),
        weight(1, Gen.zip(NetpolGen.namespaceSelectors(), NetpolGen.selectors(),
            ClusterSubject::pods)));
  }

  private static Gen<ClusterRule> rules(boolean v1alpha2, boolean egress) {
    Gen<ClusterRuleAction> actions = Gen.frequency(
        weightedValue(3, ClusterRuleAction.ACCEPT), weightedValue(3, ClusterRuleAction.DENY),
        weightedValue(2, ClusterRuleAction.PASS));
    return s -> {
      ClusterRuleAction action = actions.generate(s);
      String written = action == ClusterRuleAction.ACCEPT ? (v1alpha2 ? "Accept" : "Allow")
          : action == ClusterRuleAction.DENY ? "Deny" : "Pass";
      ClusterRule.Builder b = ClusterRule.builder(action, written);
      if (s.chance(0.5)) {
        b.name("rule-" + s.choose(0, 9));
      }
      for (ClusterPeer peer : Gen.listOf(peers(egress), 1, 2).generate(s)) {
        b.peer(peer);
      }
      for (ClusterPort port : Gen.listOf(ports(), 0, 2).generate(s)) {
        b.port(port);
      }
      return b.build();
    };
  }

  private static Gen<ClusterPeer> peers(boolean egress) {
    Gen<ClusterPeer> networks = Gen.listOf(Gen.element(NETWORKS.toArray(new String[0])), 1, 2)
        .map(l -> new ClusterPeer.Networks(
            l.stream().map(Cidr::parse).distinct().collect(ImmutableList.toImmutableList())));
    Gen<ClusterPeer> nodes = Gen.frequency(
            weightedValue(2, LabelSelector.everything()),
            weightedValue(1, LabelSelector.matchLabels("role", "a")))
        .map(ClusterPeer.Nodes::new);
    Gen<ClusterPeer> namespaces =
        NetpolGen.namespaceSelectors().map(ClusterPeer.Namespaces::new);
    Gen<ClusterPeer> pods =
        Gen.zip(NetpolGen.namespaceSelectors(), NetpolGen.selectors(), ClusterPeer.Pods::new);
    Gen<ClusterPeer> unknown = Gen.constant(new ClusterPeer.Unknown(ImmutableList.of("future")));
    Gen<ClusterPeer> domains = Gen.constant(
        new ClusterPeer.DomainNames(ImmutableList.of("*.example.com")));
    if (!egress) {
      return Gen.frequency(weight(4, namespaces), weight(4, pods), weight(2, networks),
          weight(1, nodes), weight(1, unknown));
    }
    return Gen.frequency(weight(4, namespaces), weight(4, pods), weight(3, networks),
        weight(2, nodes), weight(1, unknown), weight(1, domains));
  }

  private static Gen<ClusterPort> ports() {
    Gen<Protocol> protocols = NetpolGen.protocols();
    Gen<ClusterPort> number = Gen.zip(protocols, NetpolGen.portNumbers(), ClusterPort::number);
    Gen<ClusterPort> range = s -> {
      Protocol p = protocols.generate(s);
      int a = NetpolGen.portNumbers().generate(s);
      int b = NetpolGen.portNumbers().generate(s);
      return a == b ? ClusterPort.number(p, a)
          : ClusterPort.range(p, Math.min(a, b), Math.max(a, b));
    };
    Gen<ClusterPort> named = Gen.element(NetpolGen.PORT_NAMES.toArray(new String[0]))
        .map(ClusterPort::named);
    return Gen.frequency(weight(3, number), weight(2, range), weight(2, named));
  }
}
