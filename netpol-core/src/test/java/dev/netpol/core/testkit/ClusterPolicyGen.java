package dev.netpol.core.testkit;

import static dev.netpol.core.testkit.Gen.weight;
import static dev.netpol.core.testkit.Gen.weightedValue;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.policy.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Generators of cluster-scoped policies (docs/cluster-policies.md) over the names and labels of
 * {@link NetpolGen}'s clusters, and their YAML in both API versions.
 *
 * <p>Every generated policy is one both versions accept (docs/cluster-policies.md#loading): at most
 * three rules per direction, one to three peers per rule, {@code networks} in egress only and never
 * with a named port in the same rule, ranges with {@code start < end}, v1alpha1 {@code pods} peers
 * with both selectors. Priorities come from a small set, so that ties are common.
 *
 * <pre>{@code
 * List<ClusterPolicy> anps = ClusterPolicyGen.v1alpha1Sets().generate(source);
 * String v1 = ClusterPolicyGen.v1alpha1Yaml(anps.get(0));
 * String v2 = ClusterPolicyGen.v1alpha2Yaml(anps.get(0));   // its translation
 * }</pre>
 */
public final class ClusterPolicyGen {
  /** The priorities drawn from: few values, so that equal priorities (ties) happen. */
  public static final ImmutableList<Integer> PRIORITIES = ImmutableList.of(1, 2, 3, 10, 500);

  private static final ImmutableList<Cidr> NETWORKS = ImmutableList.of(
      Cidr.parse("0.0.0.0/0"), Cidr.parse("10.0.0.0/24"), Cidr.parse("10.0.0.0/25"),
      Cidr.parse("10.0.0.1/32"), Cidr.parse("8.8.8.0/24"), Cidr.parse("::/0"),
      Cidr.parse("fd00::/64"));

  private ClusterPolicyGen() {}

  private static Gen<ClusterSubject> subjects() {
    return Gen.frequency(
        weight(2, NetpolGen.namespaceSelectors().map(ClusterSubject::namespaces)),
        weight(3, Gen.zip(NetpolGen.namespaceSelectors(), NetpolGen.selectors(),
            ClusterSubject::pods)));
  }

  private static Gen<ClusterPeer> peers(PolicyType direction) {
    Gen<ClusterPeer> namespaces =
        NetpolGen.namespaceSelectors().map(ClusterPeer.Namespaces::new);
    Gen<ClusterPeer> pods =
        Gen.zip(NetpolGen.namespaceSelectors(), NetpolGen.selectors(), ClusterPeer.Pods::new);
    if (direction == PolicyType.INGRESS) {
      return Gen.frequency(weight(2, namespaces), weight(3, pods));
    }
    Gen<ClusterPeer> networks = Gen.listOf(Gen.element(NETWORKS.toArray(new Cidr[0])), 1, 2)
        .map(list -> new ClusterPeer.Networks(ImmutableList.copyOf(
            list.stream().distinct().collect(Collectors.toList()))));
    return Gen.frequency(weight(2, namespaces), weight(3, pods), weight(2, networks));
  }

  private static Gen<ClusterPort> ports(boolean named) {
    Gen<Protocol> protocols = NetpolGen.protocols();
    Gen<ClusterPort> number = Gen.zip(protocols, NetpolGen.portNumbers(), ClusterPort::number);
    Gen<ClusterPort> range = s -> {
      Protocol protocol = protocols.generate(s);
      int start = Math.min(Port.MAX - 1, NetpolGen.portNumbers().generate(s));
      int end = Gen.frequency(
              weightedValue(2, Port.MAX),
              weight(3, Gen.choose(start + 1, Math.min(Port.MAX, start + 100))))
          .generate(s);
      return ClusterPort.range(protocol, start, end);
    };
    Gen<ClusterPort> name = Gen.element("http", "metrics", "dns").map(ClusterPort::named);
    return named
        ? Gen.frequency(weight(4, number), weight(3, range), weight(2, name))
        : Gen.frequency(weight(4, number), weight(3, range));
  }

  private static Gen<ClusterRule> rules(
      PolicyType direction, List<ClusterRuleAction> actions, boolean v1alpha1) {
    return s -> {
      ClusterRuleAction action = actions.get(s.choose(0, actions.size() - 1));
      ClusterRule.Builder b = ClusterRule.builder(action, word(action, v1alpha1));
      if (s.choose(0, 2) == 0) {
        b.name("rule-" + s.choose(0, 9));
      }
      List<ClusterPeer> peers = Gen.listOf(peers(direction), 1, 3).generate(s);
      peers.forEach(b::peer);
      boolean named = peers.stream().noneMatch(ClusterPeer.Networks.class::isInstance);
      Gen.listOf(ports(named), 0, 2).generate(s).forEach(b::port);
      return b.build();
    };
  }

  /** The action as written: {@code Allow} in v1alpha1, {@code Accept} in v1alpha2. */
  public static String word(ClusterRuleAction action, boolean v1alpha1) {
    return switch (action) {
      case ACCEPT -> v1alpha1 ? "Allow" : "Accept";
      case DENY -> "Deny";
      case PASS -> "Pass";
    };
  }

  private static Gen<ClusterPolicy> policies(
      String kind, String name, Tier tier, List<ClusterRuleAction> actions, boolean v1alpha1) {
    return s -> {
      ClusterPolicy.Builder b = ClusterPolicy.builder(kind, name)
          .tier(tier)
          .priority(Gen.element(PRIORITIES.toArray(new Integer[0])).generate(s))
          .subject(subjects().generate(s));
      Gen.listOf(rules(PolicyType.INGRESS, actions, v1alpha1), 0, 3).generate(s)
          .forEach(b::ingress);
      Gen.listOf(rules(PolicyType.EGRESS, actions, v1alpha1), 0, 3).generate(s)
          .forEach(b::egress);
      return b.build();
    };
  }

  private static final List<ClusterRuleAction> ALL_ACTIONS =
      List.of(ClusterRuleAction.ACCEPT, ClusterRuleAction.DENY, ClusterRuleAction.PASS);

  /**
   * Zero to four ClusterNetworkPolicies ({@code cnp-0}, ...) of either tier, with Accept, Deny
   * and Pass rules.
   *
   * @return the generator
   */
  public static Gen<ImmutableList<ClusterPolicy>> v1alpha2Sets() {
    return s -> {
      int n = s.choose(0, 4);
      ImmutableList.Builder<ClusterPolicy> out = ImmutableList.builder();
      for (int i = 0; i < n; i++) {
        Tier tier = s.choose(0, 2) == 0 ? Tier.BASELINE : Tier.ADMIN;
        out.add(policies("ClusterNetworkPolicy", "cnp-" + i, tier, ALL_ACTIONS, false)
            .generate(s));
      }
      return out.build();
    };
  }

  /**
   * Zero to three AdminNetworkPolicies ({@code anp-0}, ...) with Allow, Deny and Pass rules, and
   * often the BaselineAdminNetworkPolicy {@code default} with Allow and Deny rules.
   *
   * @return the generator
   */
  public static Gen<ImmutableList<ClusterPolicy>> v1alpha1Sets() {
    return s -> {
      int n = s.choose(0, 3);
      ImmutableList.Builder<ClusterPolicy> out = ImmutableList.builder();
      for (int i = 0; i < n; i++) {
        out.add(policies("AdminNetworkPolicy", "anp-" + i, Tier.ADMIN, ALL_ACTIONS, true)
            .generate(s));
      }
      if (s.choose(0, 2) > 0) {
        ClusterPolicy banp = policies("BaselineAdminNetworkPolicy", "default", Tier.BASELINE,
            List.of(ClusterRuleAction.ACCEPT, ClusterRuleAction.DENY), true).generate(s);
        out.add(banp);
      }
      return out.build();
    };
  }

  /**
   * A v1alpha1 policy as YAML ({@code AdminNetworkPolicy} or the {@code
   * BaselineAdminNetworkPolicy}), one document starting with {@code ---}.
   *
   * @param p a policy of {@link #v1alpha1Sets()}
   * @return the YAML
   */
  public static String v1alpha1Yaml(ClusterPolicy p) {
    StringBuilder out = new StringBuilder("---\napiVersion: policy.networking.k8s.io/v1alpha1\n")
        .append("kind: ").append(p.kind()).append('\n')
        .append("metadata: {name: ").append(p.name()).append("}\nspec:\n");
    if (p.tier() == Tier.ADMIN) {
      out.append("  priority: ").append(p.priority()).append('\n');
    }
    subject(out, p.subject());
    rules(out, p, true);
    return out.toString();
  }

  /**
   * A policy's v1alpha2 translation (docs/cluster-policies.md, NPEP-285): an
   * AdminNetworkPolicy becomes an Admin-tier ClusterNetworkPolicy of the same name and priority,
   * the BaselineAdminNetworkPolicy a Baseline-tier one, {@code Allow} becomes {@code Accept},
   * {@code ports} become {@code protocols}.
   *
   * @param p a policy
   * @return the YAML of a ClusterNetworkPolicy
   */
  public static String v1alpha2Yaml(ClusterPolicy p) {
    StringBuilder out = new StringBuilder("---\napiVersion: policy.networking.k8s.io/v1alpha2\n")
        .append("kind: ClusterNetworkPolicy\n")
        .append("metadata: {name: ").append(p.name()).append("}\nspec:\n")
        .append("  tier: ").append(p.tier() == Tier.ADMIN ? "Admin" : "Baseline").append('\n')
        .append("  priority: ").append(p.priority()).append('\n');
    subject(out, p.subject());
    rules(out, p, false);
    return out.toString();
  }

  private static void subject(StringBuilder out, ClusterSubject subject) {
    out.append("  subject:\n    ");
    if (subject instanceof ClusterSubject.Namespaces n) {
      out.append("namespaces: ").append(selector(n.namespaceSelector()));
    } else {
      ClusterSubject.Pods p = (ClusterSubject.Pods) subject;
      out.append("pods: {namespaceSelector: ").append(selector(p.namespaceSelector()))
          .append(", podSelector: ").append(selector(p.podSelector())).append('}');
    }
    out.append('\n');
  }

  private static void rules(StringBuilder out, ClusterPolicy p, boolean v1alpha1) {
    for (PolicyType direction : PolicyType.values()) {
      List<ClusterRule> rules = p.rules(direction);
      if (rules.isEmpty()) {
        continue;
      }
      boolean ingress = direction == PolicyType.INGRESS;
      out.append(ingress ? "  ingress:\n" : "  egress:\n");
      for (ClusterRule r : rules) {
        out.append("  - action: ").append(word(r.action(), v1alpha1)).append('\n');
        r.name().ifPresent(n -> out.append("    name: ").append(n).append('\n'));
        out.append(ingress ? "    from:\n" : "    to:\n");
        for (ClusterPeer peer : r.peers()) {
          out.append("    - ").append(peer(peer)).append('\n');
        }
        if (!r.ports().isEmpty()) {
          out.append(v1alpha1 ? "    ports:\n" : "    protocols:\n");
          for (ClusterPort port : r.ports()) {
            out.append("    - ").append(v1alpha1 ? v1Port(port) : v2Port(port)).append('\n');
          }
        }
      }
    }
  }

  private static String peer(ClusterPeer peer) {
    if (peer instanceof ClusterPeer.Namespaces n) {
      return "namespaces: " + selector(n.namespaceSelector());
    }
    if (peer instanceof ClusterPeer.Pods p) {
      return "pods: {namespaceSelector: " + selector(p.namespaceSelector()) + ", podSelector: "
          + selector(p.podSelector()) + "}";
    }
    ClusterPeer.Networks n = (ClusterPeer.Networks) peer;
    return "networks: [" + n.cidrs().stream().map(Object::toString)
        .map(c -> "'" + c + "'").collect(Collectors.joining(", ")) + "]";
  }

  private static String v1Port(ClusterPort port) {
    if (port instanceof ClusterPort.Named n) {
      return "namedPort: " + n.name();
    }
    ClusterPort.PortRange r = (ClusterPort.PortRange) port;
    return r.writtenAsRange()
        ? "portRange: {protocol: " + r.protocol() + ", start: " + r.start() + ", end: " + r.end()
            + "}"
        : "portNumber: {protocol: " + r.protocol() + ", port: " + r.start() + "}";
  }

  private static String v2Port(ClusterPort port) {
    if (port instanceof ClusterPort.Named n) {
      return "destinationNamedPort: " + n.name();
    }
    ClusterPort.PortRange r = (ClusterPort.PortRange) port;
    String protocol = r.protocol().toString().toLowerCase(Locale.ROOT);
    return protocol + ": {destinationPort: "
        + (r.writtenAsRange()
            ? "{range: {start: " + r.start() + ", end: " + r.end() + "}}"
            : "{number: " + r.start() + "}")
        + "}";
  }

  /** A selector in flow style: {@code {matchLabels: {...}, matchExpressions: [...]}}. */
  private static String selector(LabelSelector s) {
    List<String> parts = new ArrayList<>();
    if (!s.matchLabels().isEmpty()) {
      parts.add("matchLabels: {" + s.matchLabels().entrySet().stream()
          .map(e -> ClusterYaml.scalar(e.getKey()) + ": " + ClusterYaml.scalar(e.getValue()))
          .collect(Collectors.joining(", ")) + "}");
    }
    if (!s.matchExpressions().isEmpty()) {
      List<String> expressions = new ArrayList<>();
      for (LabelSelectorRequirement r : s.matchExpressions()) {
        String values = r.values().isEmpty() ? ""
            : ", values: [" + r.values().stream().map(ClusterYaml::scalar)
                .collect(Collectors.joining(", ")) + "]";
        expressions.add("{key: " + ClusterYaml.scalar(r.key()) + ", operator: " + r.operator()
            + values + "}");
      }
      parts.add("matchExpressions: [" + String.join(", ", expressions) + "]");
    }
    return "{" + String.join(", ", parts) + "}";
  }
}
