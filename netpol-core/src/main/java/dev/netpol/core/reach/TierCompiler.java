package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Node;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterPort;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.ClusterSubject;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.policy.Tier;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a cluster's cluster-scoped policies against its pod classes: what of a pod they can
 * see (so that pods they tell apart land in different classes), and then every rule's subjects,
 * peers, outside addresses and port filter as a {@link TierRule}. Which pods a subject selects
 * and what a peer or port admits are asked of the policy package, judged on each class's
 * representative.
 *
 * <p>{@code networks} and {@code nodes} peers see a pod's addresses of the connection's IP family
 * (a host-network pod without addresses of its own has its node's): the compilation of one
 * family's projection looks them up on the whole cluster's pod, as the evaluator does.
 */
final class TierCompiler {
  /** The compilation of a whole cluster, judged in one family. */
  static final int WHOLE = -1;

  /** The projection for pairs of pods sharing no IP family. */
  static final int NO_FAMILY = 0;

  private final Cluster cluster;
  private final Cluster whole;
  private final int family;
  private final ImmutableList<ClusterPolicy> policies;
  /** The peers whose answer depends on a pod's addresses or node. */
  private final List<ClusterPeer> addressPeers = new ArrayList<>();
  private final Set<String> portNames = new LinkedHashSet<>();
  private final Set<String> labelKeys = new LinkedHashSet<>();

  TierCompiler(Cluster cluster, Cluster whole, int family) {
    this.cluster = cluster;
    this.whole = whole;
    this.family = family;
    this.policies = cluster.clusterPolicies();
    Set<ClusterPeer> seen = new LinkedHashSet<>();
    for (ClusterPolicy p : policies) {
      if (p.subject() instanceof ClusterSubject.Pods pods) {
        labelKeys.addAll(pods.podSelector().keys());
      }
      for (PolicyType direction : PolicyType.values()) {
        for (ClusterRule r : p.rules(direction)) {
          for (ClusterPeer peer : r.peers()) {
            if (peer instanceof ClusterPeer.Pods pods) {
              labelKeys.addAll(pods.podSelector().keys());
            } else if (peer instanceof ClusterPeer.Networks || peer instanceof ClusterPeer.Nodes) {
              seen.add(peer);
            }
          }
          for (ClusterPort port : r.ports()) {
            if (port instanceof ClusterPort.Named named) {
              portNames.add(named.name());
            }
          }
        }
      }
    }
    addressPeers.addAll(seen);
  }

  /** The pod label keys the subjects and peers look at. */
  Set<String> labelKeys() {
    return labelKeys;
  }

  /**
   * What of a pod the cluster-scoped policies see beyond its namespace, labels and host-network
   * flag: which address peers match it, and the ports it names as the rules' named ports do.
   */
  Object view(Pod pod) {
    if (policies.isEmpty()) {
      return List.of();
    }
    BitSet matched = new BitSet();
    if (!addressPeers.isEmpty()) {
      List<IpAddress> addresses = addresses(pod);
      Labels nsLabels = namespaceLabels(pod);
      for (int i = 0; i < addressPeers.size(); i++) {
        if (addressPeers.get(i).admitsPod(pod, nsLabels, addresses, cluster.nodes())) {
          matched.set(i);
        }
      }
    }
    return List.of(matched, namedPorts(pod));
  }

  private List<String> namedPorts(Pod pod) {
    if (portNames.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (ContainerPort p : pod.containerPorts()) {
      if (p.name().filter(portNames::contains).isPresent()) {
        out.add(p.name().get() + "/" + p.protocol() + "/" + p.number());
      }
    }
    out.sort(null);
    return out;
  }

  /** Reports where the rules' numbered ports begin and end, for the port atoms. */
  void portBoundaries(ObjIntConsumer<Protocol> start) {
    for (ClusterPolicy p : policies) {
      for (PolicyType direction : PolicyType.values()) {
        for (ClusterRule r : p.rules(direction)) {
          for (ClusterPort port : r.ports()) {
            if (port instanceof ClusterPort.PortRange range) {
              start.accept(range.protocol(), range.start());
              if (range.end() < Port.MAX) {
                start.accept(range.protocol(), range.end() + 1);
              }
            }
          }
        }
      }
    }
  }

  /** The compiled tiers over the classes (one representative each), or null without policies. */
  @Nullable TierPlan compile(List<Pod> representatives) {
    return compile(representatives, p -> true);
  }

  /**
   * The tiers a pod's traffic to its own address goes through (docs/cluster-policies.md#hairpin),
   * over the same classes: without the policies that exempt it. Null when no policy exempts it
   * (the cells answer for such traffic too).
   */
  @Nullable TierPlan compileHairpin(List<Pod> representatives) {
    if (policies.stream().noneMatch(ClusterPolicy::exemptsHairpin)) {
      return null;
    }
    return compile(representatives, p -> !p.exemptsHairpin());
  }

  private @Nullable TierPlan compile(List<Pod> representatives, Predicate<ClusterPolicy> keep) {
    if (policies.isEmpty()) {
      return null;
    }
    int n = representatives.size();
    List<Labels> nsLabels = new ArrayList<>(n);
    List<List<IpAddress>> addresses = new ArrayList<>(n);
    for (Pod rep : representatives) {
      nsLabels.add(namespaceLabels(rep));
      addresses.add(addresses(rep));
    }
    // A namespace-wide subject or peer answers alike for every pod of one namespace and one
    // host-network flag: it is asked once per such key, of the first class that has it.
    Map<String, Integer> namespaceIds = new HashMap<>();
    int[] keyOf = new int[n];
    for (int c = 0; c < n; c++) {
      Pod rep = representatives.get(c);
      int ns = namespaceIds.computeIfAbsent(rep.namespace(), k -> namespaceIds.size());
      keyOf[c] = 2 * ns + (rep.hostNetwork() ? 1 : 0);
    }
    int keys = 2 * namespaceIds.size();
    Map<ClusterPolicy, long[]> subjects = new HashMap<>();
    Map<ClusterSubject, long[]> bySubject = new HashMap<>();
    for (ClusterPolicy p : policies) {
      if (!keep.test(p)) {
        continue;
      }
      long[] known = bySubject.get(p.subject());
      if (known != null) {
        subjects.put(p, known);
        continue;
      }
      long[] s = new long[Bits.words(n)];
      byte[] memo = p.subject() instanceof ClusterSubject.Namespaces ? new byte[keys] : null;
      for (int c = 0; c < n; c++) {
        if (memo != null && memo[keyOf[c]] != 0) {
          if (memo[keyOf[c]] == 2) {
            Bits.set(s, c);
          }
          continue;
        }
        boolean selected = p.selects(representatives.get(c), nsLabels.get(c));
        if (memo != null) {
          memo[keyOf[c]] = (byte) (selected ? 2 : 1);
        }
        if (selected) {
          Bits.set(s, c);
        }
      }
      subjects.put(p, s);
      bySubject.put(p.subject(), s);
    }
    Range<IpAddress> universe = Index.ALL_ADDRESSES.span();
    Map<ClusterPeer, long[]> peerCache = new HashMap<>();
    Map<Tier, Map<PolicyType, List<TierRule>>> compiled = new HashMap<>();
    for (Tier tier : Tier.values()) {
      Map<PolicyType, List<TierRule>> byDirection = new HashMap<>();
      for (PolicyType direction : PolicyType.values()) {
        List<TierRule> rules = new ArrayList<>();
        List<ClusterPolicy> consulted =
            cluster.clusterPolicies(tier).stream().filter(keep).collect(Collectors.toList());
        for (ClusterPolicy p : consulted) {
          if (p.rules(direction).isEmpty()) {
            continue;
          }
          long[] s = subjects.get(p);
          long[] tied = new long[Bits.words(n)];
          for (ClusterPolicy q : consulted) {
            if (p.tiesWith(q) && !q.rules(direction).isEmpty()) {
              Bits.or(tied, subjects.get(q));
            }
          }
          tied = Bits.and(tied, s);
          for (ClusterRule r : p.rules(direction)) {
            long[] peers = new long[Bits.words(n)];
            for (ClusterPeer peer : r.peers()) {
              // A known peer's pods depend on the peer alone: equal peers are computed once. An
              // unknown one fails closed by the rule's action, so it is asked per rule.
              long[] admitted = peer instanceof ClusterPeer.Unknown
                  ? peerClasses(r, peer, representatives, nsLabels, addresses, keyOf, keys)
                  : peerCache.computeIfAbsent(peer, x ->
                      peerClasses(r, peer, representatives, nsLabels, addresses, keyOf, keys));
              Bits.or(peers, admitted);
            }
            ImmutableRangeSet<IpAddress> outside = r.peerAddresses(cluster.nodes(), universe);
            rules.add(new TierRule(p, r, s, tied, peers, outside));
          }
        }
        byDirection.put(direction, rules);
      }
      compiled.put(tier, byDirection);
    }
    return new TierPlan(
        n,
        ImmutableList.copyOf(compiled.get(Tier.ADMIN).get(PolicyType.EGRESS)),
        ImmutableList.copyOf(compiled.get(Tier.ADMIN).get(PolicyType.INGRESS)),
        ImmutableList.copyOf(compiled.get(Tier.BASELINE).get(PolicyType.EGRESS)),
        ImmutableList.copyOf(compiled.get(Tier.BASELINE).get(PolicyType.INGRESS)),
        naming(representatives));
  }

  /**
   * The classes a peer of a rule admits, asked of the rule on each class's representative; a
   * namespace-wide peer is asked once per namespace and host-network flag ({@code keyOf}).
   */
  private long[] peerClasses(
      ClusterRule r,
      ClusterPeer peer,
      List<Pod> representatives,
      List<Labels> nsLabels,
      List<List<IpAddress>> addresses,
      int[] keyOf,
      int keys) {
    int n = representatives.size();
    long[] out = new long[Bits.words(n)];
    byte[] memo = peer instanceof ClusterPeer.Namespaces ? new byte[keys] : null;
    for (int c = 0; c < n; c++) {
      boolean admitted;
      if (memo != null && memo[keyOf[c]] != 0) {
        admitted = memo[keyOf[c]] == 2;
      } else {
        admitted = r.peerAdmitsPod(peer, representatives.get(c), nsLabels.get(c),
            addresses.get(c), cluster.nodes());
        if (memo != null) {
          memo[keyOf[c]] = (byte) (admitted ? 2 : 1);
        }
      }
      if (admitted) {
        Bits.set(out, c);
      }
    }
    return out;
  }

  /** Per named port and the port it resolves to, the classes naming it so. */
  private ImmutableMap<TierPlan.Naming, long[]> naming(List<Pod> representatives) {
    int n = representatives.size();
    Map<TierPlan.Naming, long[]> out = new HashMap<>();
    for (int c = 0; c < n; c++) {
      for (ContainerPort p : representatives.get(c).containerPorts()) {
        if (p.name().filter(portNames::contains).isPresent()) {
          Port port = new Port(p.protocol(), p.number());
          // The entry admits the port the name resolves to (the name carries its protocol), as
          // ClusterPort.Named resolves it: one home for the rule, on the representative.
          Optional<Pod> destination = Optional.of(representatives.get(c));
          if (new ClusterPort.Named(p.name().get()).admits(port, destination)) {
            Bits.set(
                out.computeIfAbsent(
                    new TierPlan.Naming(p.name().get(), port), k -> new long[Bits.words(n)]),
                c);
          }
        }
      }
    }
    return ImmutableMap.copyOf(out);
  }

  /**
   * The addresses of a pod that {@code networks} and {@code nodes} peers see in this
   * compilation's family: the whole cluster's pod's own addresses, or its node's for a
   * host-network pod without any, of the family; none in the projection for pods sharing no
   * family, unless the pod has no address of its own.
   */
  private List<IpAddress> addresses(Pod pod) {
    Pod own = whole.pod(pod.id()).orElse(pod);
    List<IpAddress> all = new ArrayList<>(own.ips());
    if (own.hostNetwork() && all.isEmpty() && own.node().isPresent()) {
      for (Node node : whole.nodes()) {
        if (node.name().equals(own.node().get())) {
          all.addAll(node.addresses());
        }
      }
    }
    if (family == WHOLE) {
      return all;
    }
    if (family == NO_FAMILY) {
      return own.ips().isEmpty() ? all : List.of();
    }
    return all.stream().filter(a -> a.version() == family).collect(Collectors.toList());
  }

  private final Map<String, Labels> namespaceLabels = new HashMap<>();

  private Labels namespaceLabels(Pod pod) {
    // A namespace no object declared still has its automatic name label.
    return namespaceLabels.computeIfAbsent(pod.namespace(), ns ->
        cluster.namespace(ns).orElseGet(() -> Namespace.of(ns)).labels());
  }
}
