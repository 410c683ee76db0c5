package dev.netpol.core.testkit;

import static dev.netpol.core.testkit.Gen.weight;
import static dev.netpol.core.testkit.Gen.weightedValue;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement.Operator;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Generators of the NetworkPolicy world, from label values to whole clusters, biased toward the
 * cases that break implementations: empty selectors, {@code NotIn} on keys a pod lacks, {@code
 * 0.0.0.0/0} and blocks overlapping the pod range {@code 10.0.0.0/24}, ports 1 and 65535, named
 * ports, UDP and SCTP, policies without rules and {@code policyTypes} that ignore written rules.
 *
 * <p>Label keys and values come from a small alphabet so that selectors and labels collide
 * often: keys {@code app, tier, env, team}, values {@code a, b, c, ""}; selectors also ask for
 * {@code legacy}, a key no object carries.
 *
 * <pre>{@code
 * Property.forAll(NetpolGen.scenarios()).check(s -> {
 *   Cluster cluster = s.cluster();
 *   Query query = s.query();
 *   ...
 * });
 * }</pre>
 */
public final class NetpolGen {
  /** Namespace names, in the order a cluster's namespaces take them. */
  public static final ImmutableList<String> NAMESPACE_NAMES =
      ImmutableList.of("default", "prod", "dev", "kube-system");

  /** Label keys objects carry. */
  public static final ImmutableList<String> LABEL_KEYS = ImmutableList.of("app", "tier", "env", "team");

  /** Label values, including the empty value. */
  public static final ImmutableList<String> LABEL_VALUES = ImmutableList.of("a", "b", "c", "");

  /** A key selectors may ask for that no generated object carries. */
  public static final String ABSENT_KEY = "legacy";

  /** The name of the policy {@link #extraPolicies} makes. */
  public static final String EXTRA_POLICY = "policy-extra";

  /** Container port names; rules also name {@code grpc}, which no pod defines. */
  public static final ImmutableList<String> PORT_NAMES = ImmutableList.of("http", "metrics", "dns");

  /** Port numbers, edges included. */
  public static final ImmutableList<Integer> PORT_NUMBERS =
      ImmutableList.of(80, 53, 443, 8080, 1, 65535);

  private static final IpAddress POD_RANGE = IpAddress.parse("10.0.0.0");
  private static final IpAddress POD_RANGE_V6 = IpAddress.parse("fd00::");

  private NetpolGen() {}

  /**
   * A label key objects carry, {@code app} most often.
   *
   * @return the generator
   */
  public static Gen<String> labelKeys() {
    return Gen.frequency(
        weightedValue(4, "app"), weightedValue(3, "tier"), weightedValue(2, "env"),
        weightedValue(1, "team"));
  }

  /**
   * A label key a selector asks for: an object's key or {@value #ABSENT_KEY}.
   *
   * @return the generator
   */
  public static Gen<String> selectorKeys() {
    return Gen.frequency(weight(6, labelKeys()), weightedValue(1, ABSENT_KEY));
  }

  /**
   * A label value: {@code a}, {@code b}, {@code c} or {@code ""}.
   *
   * @return the generator
   */
  public static Gen<String> labelValues() {
    return Gen.frequency(
        weightedValue(3, "a"), weightedValue(3, "b"), weightedValue(2, "c"), weightedValue(1, ""));
  }

  /**
   * Labels with zero to three keys.
   *
   * @return the generator
   */
  public static Gen<Labels> labels() {
    return labels(labelKeys(), labelValues(), 3);
  }

  private static Gen<Labels> labels(Gen<String> keys, Gen<String> values, int max) {
    return Gen.listOf(Gen.zip(keys, values, Map::entry), 0, max)
        .map(entries -> {
          Map<String, String> map = new LinkedHashMap<>();
          entries.forEach(e -> map.putIfAbsent(e.getKey(), e.getValue()));
          return Labels.copyOf(map);
        });
  }

  /**
   * A {@code matchExpressions} entry with any of the four operators.
   *
   * @return the generator
   */
  public static Gen<LabelSelectorRequirement> requirements() {
    return requirements(selectorKeys(), labelValues());
  }

  private static Gen<LabelSelectorRequirement> requirements(Gen<String> keys, Gen<String> values) {
    Gen<Operator> operators = Gen.element(Operator.IN, Operator.NOT_IN, Operator.EXISTS,
        Operator.DOES_NOT_EXIST);
    return s -> {
      String key = keys.generate(s);
      Operator op = operators.generate(s);
      List<String> vs = op == Operator.IN || op == Operator.NOT_IN
          ? Gen.listOf(values, 1, 3).generate(s)
          : List.of();
      return LabelSelectorRequirement.of(key, op, vs);
    };
  }

  /**
   * A pod selector, {@code {}} about a third of the time.
   *
   * @return the generator
   */
  public static Gen<LabelSelector> selectors() {
    return selectors(selectorKeys(), labelValues());
  }

  /**
   * A selector of {@code matchLabels} only (never empty), to compare with its {@code In} form.
   *
   * @return the generator
   */
  public static Gen<LabelSelector> matchLabelSelectors() {
    return Gen.listOf(Gen.zip(selectorKeys(), labelValues(), Map::entry), 1, 3)
        .map(entries -> {
          LabelSelector.Builder b = LabelSelector.builder();
          Set<String> seen = new HashSet<>();
          entries.forEach(e -> {
            if (seen.add(e.getKey())) {
              b.matchLabel(e.getKey(), e.getValue());
            }
          });
          return b.build();
        });
  }

  private static Gen<LabelSelector> selectors(Gen<String> keys, Gen<String> values) {
    Gen<LabelSelector> some = s -> {
      LabelSelector.Builder b = LabelSelector.builder();
      Set<String> seen = new HashSet<>();
      for (Map.Entry<String, String> e : Gen.listOf(Gen.zip(keys, values, Map::entry), 0, 2).generate(s)) {
        if (seen.add(e.getKey())) {
          b.matchLabel(e.getKey(), e.getValue());
        }
      }
      Gen.listOf(requirements(keys, values), 0, 2).generate(s).forEach(b::matchExpression);
      return b.build();
    };
    return Gen.frequency(weightedValue(1, LabelSelector.everything()), weight(2, some));
  }

  /**
   * A namespace selector: {@code {}}, labels, or the automatic name label of one namespace.
   *
   * @return the generator
   */
  public static Gen<LabelSelector> namespaceSelectors() {
    Gen<String> names = Gen.element(NAMESPACE_NAMES.toArray(new String[0]));
    Gen<LabelSelector> byName = names.map(n -> LabelSelector.matchLabels(Namespace.NAME_LABEL, n));
    Gen<LabelSelector> nameExpression = requirements(Gen.constant(Namespace.NAME_LABEL), names)
        .map(r -> LabelSelector.builder().matchExpression(r).build());
    return Gen.frequency(
        weightedValue(3, LabelSelector.everything()), weight(3, selectors()),
        weight(2, byName), weight(1, nameExpression));
  }

  /**
   * A namespace with zero to two labels.
   *
   * @param name its name
   * @return the generator
   */
  public static Gen<Namespace> namespaces(String name) {
    return labels(labelKeys(), labelValues(), 2).map(l -> Namespace.of(name, l));
  }

  /**
   * A container port: mostly TCP, numbers from {@link #PORT_NUMBERS}, sometimes named.
   *
   * @return the generator
   */
  public static Gen<ContainerPort> containerPorts() {
    return s -> {
      Optional<String> name = Gen.optional(Gen.element(PORT_NAMES.toArray(new String[0])), 0.6)
          .generate(s);
      int number = portNumbers().generate(s);
      Protocol protocol = protocols().generate(s);
      return new ContainerPort(name, number, protocol);
    };
  }

  /**
   * A pod in a namespace, with labels, one address from {@code 10.0.0.0/24} (often also, sometimes
   * only, an IPv6 one from {@code fd00::/112}: dual-stack pods are common), container ports,
   * and sometimes {@code hostNetwork}. Addresses are not unique across calls: {@link #clusters()}
   * makes them unique.
   *
   * @param namespace the namespace
   * @param name the pod name
   * @return the generator
   */
  public static Gen<Pod> pods(String namespace, String name) {
    return podDrafts().map(d -> d.build(namespace, name, new HashSet<>()));
  }

  /**
   * A protocol: TCP mostly, then UDP, then SCTP.
   *
   * @return the generator
   */
  public static Gen<Protocol> protocols() {
    return Gen.frequency(
        weightedValue(8, Protocol.TCP), weightedValue(2, Protocol.UDP),
        weightedValue(1, Protocol.SCTP));
  }

  /**
   * A port number, mostly from {@link #PORT_NUMBERS}.
   *
   * @return the generator
   */
  public static Gen<Integer> portNumbers() {
    return Gen.frequency(
        weight(6, Gen.element(PORT_NUMBERS.toArray(new Integer[0]))),
        weight(1, Gen.choose(Port.MIN, Port.MAX)));
  }

  /**
   * A port to ask about.
   *
   * @return the generator
   */
  public static Gen<Port> ports() {
    return Gen.zip(protocols(), portNumbers(), Port::new);
  }

  /**
   * A {@code ports} entry of a rule: a number, all ports of a protocol, a name, or a range
   * ({@code endPort}).
   *
   * @return the generator
   */
  public static Gen<NetworkPolicyPort> policyPorts() {
    Gen<NetworkPolicyPort> number = Gen.zip(protocols(), portNumbers(), NetworkPolicyPort::number);
    Gen<NetworkPolicyPort> all = protocols().map(NetworkPolicyPort::all);
    Gen<NetworkPolicyPort> named = Gen.zip(
        protocols(), Gen.element("http", "metrics", "dns", "grpc"), NetworkPolicyPort::named);
    Gen<NetworkPolicyPort> range = s -> {
      Protocol protocol = protocols().generate(s);
      int start = portNumbers().generate(s);
      int end = Gen.frequency(
              weightedValue(2, start),
              weightedValue(2, Port.MAX),
              weight(3, Gen.choose(start, Math.min(Port.MAX, start + 100))))
          .generate(s);
      return NetworkPolicyPort.range(protocol, start, end);
    };
    return Gen.frequency(weight(4, number), weight(2, all), weight(3, named), weight(2, range));
  }

  /**
   * A CIDR for an {@code ipBlock}: {@code 0.0.0.0/0} most often, blocks overlapping the pod range,
   * outside blocks, and IPv6 ones overlapping the IPv6 pod range (so that dual-stack pods are
   * often matched in one family and not the other).
   *
   * @return the generator
   */
  public static Gen<Cidr> cidrs() {
    Gen<Cidr> podHost = Gen.choose(1, 8).map(i -> Cidr.of(POD_RANGE.plus(i)));
    Gen<Cidr> podHostV6 = Gen.choose(1, 8).map(i -> Cidr.of(POD_RANGE_V6.plus(i)));
    return Gen.frequency(
        weightedValue(5, Cidr.parse("0.0.0.0/0")),
        weightedValue(3, Cidr.parse("10.0.0.0/24")),
        weightedValue(2, Cidr.parse("10.0.0.0/25")),
        weightedValue(1, Cidr.parse("10.0.0.128/25")),
        weight(2, podHost),
        weightedValue(1, Cidr.parse("10.0.0.0/8")),
        weightedValue(1, Cidr.parse("192.168.0.0/16")),
        weightedValue(1, Cidr.parse("8.8.8.8/32")),
        weightedValue(1, Cidr.parse("::/0")),
        weightedValue(2, Cidr.parse("fd00::/64")),
        weightedValue(1, Cidr.parse("fd00::/124")),
        weight(2, podHostV6));
  }

  private static final ImmutableList<Cidr> INTERESTING_EXCEPTS = ImmutableList.of(
      Cidr.parse("10.0.0.0/24"), Cidr.parse("10.0.0.0/25"), Cidr.parse("10.0.0.128/25"),
      Cidr.parse("10.0.0.0/28"), Cidr.parse("10.0.0.1/32"), Cidr.parse("10.0.0.2/32"),
      Cidr.parse("10.0.0.0/8"), Cidr.parse("8.8.8.0/24"), Cidr.parse("fd00::/64"),
      Cidr.parse("fd00::1/128"));

  /**
   * A CIDR strictly inside {@code cidr}, for {@code except}: a pod-range block when one fits,
   * else a random sub-block.
   *
   * @param cidr the enclosing block, shorter than a single address
   * @return the generator
   */
  public static Gen<Cidr> excepts(Cidr cidr) {
    int bits = cidr.network().bits();
    List<Cidr> inside = INTERESTING_EXCEPTS.stream()
        .filter(e -> cidr.contains(e) && e.prefixLength() > cidr.prefixLength())
        .collect(ImmutableList.toImmutableList());
    Gen<Cidr> random = s -> {
      int prefix = s.choose(cidr.prefixLength() + 1, bits);
      int maxIndex = (int) Math.min(1023, (1L << Math.min(30, prefix - cidr.prefixLength())) - 1);
      BigInteger index = BigInteger.valueOf(s.choose(0, maxIndex));
      BigInteger network = cidr.network().value().add(index.shiftLeft(bits - prefix));
      return new Cidr(new IpAddress(cidr.network().version(), network), prefix);
    };
    if (inside.isEmpty()) {
      return random;
    }
    return Gen.frequency(weight(3, Gen.element(inside.toArray(new Cidr[0]))), weight(1, random));
  }

  /**
   * An {@code ipBlock} peer with zero to two {@code except} blocks strictly inside its CIDR.
   *
   * @return the generator
   */
  public static Gen<IpBlockPeer> ipBlocks() {
    return cidrs().flatMap(cidr -> cidr.prefixLength() == cidr.network().bits()
        ? Gen.constant(IpBlockPeer.of(cidr))
        : Gen.listOf(excepts(cidr), 0, 2).map(ex -> new IpBlockPeer(cidr, ex)));
  }

  /**
   * A rule peer: {@code podSelector}, {@code namespaceSelector}, both in one entry, or {@code
   * ipBlock}.
   *
   * @return the generator
   */
  public static Gen<NetworkPolicyPeer> peers() {
    return Gen.frequency(
        weight(3, selectors().map(PodPeer::pods)),
        weight(2, namespaceSelectors().map(PodPeer::namespaces)),
        weight(2, Gen.zip(selectors(), namespaceSelectors(), PodPeer::of)),
        weight(3, ipBlocks()));
  }

  /**
   * A rule with zero to three peers and zero to three ports (empty meaning "all").
   *
   * @return the generator
   */
  public static Gen<NetworkPolicyRule> rules() {
    return Gen.zip(Gen.listOf(peers(), 0, 3), Gen.listOf(policyPorts(), 0, 3),
        NetworkPolicyRule::new);
  }

  /**
   * A NetworkPolicy: a pod selector ({@code {}} often), {@code policyTypes} absent or any
   * combination, zero to three ingress and egress rules (none at all is common).
   *
   * @param namespace its namespace
   * @param name its name
   * @return the generator
   */
  public static Gen<NetworkPolicy> policies(String namespace, String name) {
    Gen<ImmutableList<PolicyType>> types = Gen.frequency(
        weightedValue(4, ImmutableList.<PolicyType>of()),
        weightedValue(2, ImmutableList.of(PolicyType.INGRESS)),
        weightedValue(2, ImmutableList.of(PolicyType.EGRESS)),
        weightedValue(2, ImmutableList.of(PolicyType.INGRESS, PolicyType.EGRESS)),
        weightedValue(1, ImmutableList.of(PolicyType.EGRESS, PolicyType.INGRESS)));
    return s -> {
      LabelSelector podSelector = selectors().generate(s);
      ImmutableList<PolicyType> declared = types.generate(s);
      ImmutableList<NetworkPolicyRule> ingress = Gen.listOf(rules(), 0, 3).generate(s);
      ImmutableList<NetworkPolicyRule> egress = Gen.listOf(rules(), 0, 3).generate(s);
      return new NetworkPolicy(namespace, name, podSelector, declared, ingress, egress);
    };
  }

  /**
   * The plugin-defined behaviours (docs/semantics.md#plugin-options) a law may be judged under: the
   * defaults half the time (and when shrinking), each other combination otherwise.
   *
   * @return the generator
   */
  public static Gen<EvaluationOptions> options() {
    EvaluationOptions defaults = EvaluationOptions.defaults();
    return Gen.frequency(
        weightedValue(3, defaults),
        weightedValue(1, defaults.toBuilder().ipBlockMatchesPods(false).build()),
        weightedValue(1, defaults.toBuilder().selfTrafficAlwaysAllowed(true).build()),
        weightedValue(1, defaults.toBuilder().ipBlockMatchesPods(false)
            .selfTrafficAlwaysAllowed(true).build()));
  }

  /**
   * One more policy for a given cluster, in one of its namespaces, named {@value #EXTRA_POLICY}
   * (no generated cluster uses that name): to ask what adding a policy changes.
   *
   * @param cluster the cluster it is meant for
   * @return the generator
   */
  public static Gen<NetworkPolicy> extraPolicies(Cluster cluster) {
    String[] names = cluster.namespaces().stream().map(Namespace::name).toArray(String[]::new);
    return Gen.element(names).flatMap(ns -> policies(ns, EXTRA_POLICY));
  }

  /**
   * A cluster of one to four namespaces (the first always declared, one in ten of the others
   * not, so implicit when used), zero to eight pods
   * with unique addresses, and zero to six policies. Shrinking drops namespaces (their pods and
   * policies move to a remaining one), pods, policies, rules, peers, ports, labels and selector
   * requirements, and the result is always a valid cluster.
   *
   * @return the generator
   */
  public static Gen<Cluster> clusters() {
    Gen<Boolean> declared = Gen.frequency(weightedValue(9, true), weightedValue(1, false));
    Gen<Map.Entry<Labels, Boolean>> namespaceDrafts =
        Gen.zip(labels(labelKeys(), labelValues(), 2), declared, Map::entry);
    return s -> {
      List<Map.Entry<Labels, Boolean>> namespaces = Gen.listOf(namespaceDrafts, 1, 4).generate(s);
      int namespaceCount = namespaces.size();
      Cluster.Builder b = Cluster.builder();
      for (int i = 0; i < namespaceCount; i++) {
        if (i == 0 || namespaces.get(i).getValue()) { // the first is always declared
          b.namespace(Namespace.of(NAMESPACE_NAMES.get(i), namespaces.get(i).getKey()));
        }
      }
      Gen<String> namespaceNames = Gen.choose(0, namespaceCount - 1).map(NAMESPACE_NAMES::get);
      Gen<Map.Entry<String, PodDraft>> podDrafts = Gen.zip(namespaceNames, podDrafts(), Map::entry);
      Set<IpAddress> used = new HashSet<>();
      List<Map.Entry<String, PodDraft>> drafts = Gen.listOf(podDrafts, 0, 8).generate(s);
      for (int i = 0; i < drafts.size(); i++) {
        b.pod(drafts.get(i).getValue().build(drafts.get(i).getKey(), "pod-" + i, used));
      }
      // Each policy is generated inside its list element, so dropping the element drops it all.
      List<NetworkPolicy> policies =
          Gen.listOf(namespaceNames.flatMap(ns -> policies(ns, "policy")), 0, 6).generate(s);
      for (int i = 0; i < policies.size(); i++) {
        NetworkPolicy p = policies.get(i);
        b.policy(new NetworkPolicy(p.namespace(), "policy-" + i, p.podSelector(),
            p.declaredPolicyTypes(), p.ingress(), p.egress()));
      }
      return b.build();
    };
  }

  /**
   * A question about a cluster: pods of the cluster (or outside addresses) and a port.
   *
   * @param cluster the cluster
   * @return the generator
   */
  public static Gen<Query> queries(Cluster cluster) {
    Gen<TrafficEnd> outside = Gen.element(
            "8.8.8.8", "10.0.1.1", "192.168.0.1", "10.0.0.255", "2001:db8::1", "fd00::ffff")
        .map(a -> TrafficEnd.external(IpAddress.parse(a)));
    Gen<TrafficEnd> ends = cluster.pods().isEmpty()
        ? outside
        : Gen.frequency(
            weight(4, Gen.element(cluster.pods().toArray(new Pod[0])).map(TrafficEnd::of)),
            weight(1, outside));
    return Gen.zip(Gen.zip(ends, ends, Map::entry), ports(),
        (e, port) -> new Query(e.getKey(), e.getValue(), port));
  }

  /**
   * A cluster with a question about it: the usual input of an evaluator law.
   *
   * @return the generator
   */
  public static Gen<Scenario> scenarios() {
    return clusters().flatMap(c -> queries(c).map(q -> new Scenario(c, q)));
  }

  /** A pod before its namespace, name and final (unique) addresses are known. */
  private record PodDraft(
      Labels labels, int family, int v4, int v6, ImmutableList<ContainerPort> ports,
      boolean hostNetwork, int node) {

    Pod build(String namespace, String name, Set<IpAddress> used) {
      Pod.Builder b = Pod.builder(namespace, name).labels(labels).hostNetwork(hostNetwork);
      if (hostNetwork) {
        b.ip(IpAddress.parse("192.168.0." + node)); // the node's address, shared
      } else {
        if (family != 2) {
          b.ip(free(POD_RANGE, v4, 254, used));
        }
        if (family != 0) {
          b.ip(free(POD_RANGE_V6, v6, 0xfffe, used));
        }
      }
      Set<String> names = new HashSet<>();
      for (ContainerPort p : ports) {
        boolean fresh = p.name().map(names::add).orElse(true);
        b.containerPort(fresh ? p : ContainerPort.of(p.number(), p.protocol()));
      }
      return b.build();
    }

    /** The first unused address at or after {@code base + offset}, wrapping within the range. */
    private static IpAddress free(IpAddress base, int offset, int size, Set<IpAddress> used) {
      for (int i = 0; i < size; i++) {
        IpAddress candidate = base.plus(1 + (offset - 1 + i) % size);
        if (used.add(candidate)) {
          return candidate;
        }
      }
      throw new IllegalStateException("no free address left in " + base + " +" + size);
    }
  }

  private static Gen<PodDraft> podDrafts() {
    Gen<Integer> family = Gen.frequency(
        weightedValue(12, 0), weightedValue(6, 1), weightedValue(2, 2));
    Gen<Integer> v4 = Gen.frequency(weight(9, Gen.choose(1, 12)), weight(1, Gen.choose(1, 254)));
    return s -> {
      Labels labels = labels().generate(s);
      int fam = family.generate(s);
      int a = v4.generate(s);
      int b = fam == 0 ? 1 : Gen.choose(1, 16).generate(s);
      ImmutableList<ContainerPort> ports = Gen.listOf(containerPorts(), 0, 3).generate(s);
      boolean host = s.chance(0.08);
      int node = host ? s.choose(1, 2) : 1;
      return new PodDraft(labels, fam, a, b, ports, host, node);
    };
  }
}
