package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Maps;
import com.google.common.collect.Range;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
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
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
      lookAt(p, labelKeys, seen, portNames);
    }
    addressPeers.addAll(seen);
  }

  /**
   * Collects what of a pod a policy looks at beyond its namespace and host-network flag: the
   * pod label keys of its subject and peers, its {@code networks} and {@code nodes} peers, and
   * the names of its named ports. Pods alike in all of these get the same answers from it.
   */
  private static void lookAt(
      ClusterPolicy p, Set<String> labelKeys, Set<ClusterPeer> addressPeers,
      Set<String> portNames) {
    if (p.subject() instanceof ClusterSubject.Pods pods) {
      labelKeys.addAll(pods.podSelector().keys());
    }
    for (PolicyType direction : PolicyType.values()) {
      for (ClusterRule r : p.rules(direction)) {
        for (ClusterPeer peer : r.peers()) {
          if (peer instanceof ClusterPeer.Pods pods) {
            labelKeys.addAll(pods.podSelector().keys());
          } else if (peer instanceof ClusterPeer.Networks || peer instanceof ClusterPeer.Nodes) {
            addressPeers.add(peer);
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

  /**
   * What pod classes tell apart for the cluster-scoped policies beyond labels: the address peers
   * and named ports whose answers split them ({@link #view}). An index keeps its sight so that a
   * changed cluster-scoped policy that sees no more can reuse the classes
   * (docs/what-if.md#how-it-is-computed).
   */
  record Sight(ImmutableSet<ClusterPeer> addressPeers, ImmutableSet<String> portNames) {
    /**
     * Whether classes with this sight, split by {@code labelKeys}, tell apart every pod the
     * policy can: its label keys, address peers and named ports are all among them.
     */
    boolean sees(ClusterPolicy p, Set<String> labelKeys) {
      Set<String> keys = new LinkedHashSet<>();
      Set<ClusterPeer> peers = new LinkedHashSet<>();
      Set<String> names = new LinkedHashSet<>();
      lookAt(p, keys, peers, names);
      return labelKeys.containsAll(keys)
          && addressPeers.containsAll(peers)
          && portNames.containsAll(names);
    }

    /** What classes split by both sights tell apart. */
    Sight plus(Sight other) {
      return new Sight(
          ImmutableSet.<ClusterPeer>builder().addAll(addressPeers).addAll(other.addressPeers)
              .build(),
          ImmutableSet.<String>builder().addAll(portNames).addAll(other.portNames).build());
    }
  }

  /** What this compilation's classes are split by: see {@link #view}. */
  Sight sight() {
    return new Sight(ImmutableSet.copyOf(addressPeers), ImmutableSet.copyOf(portNames));
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
    return compile(representatives, p -> true, List.of());
  }

  /**
   * The tiers a pod's traffic to its own address goes through (docs/cluster-policies.md#hairpin),
   * over the same classes: without the policies that exempt it. Null when no policy exempts it
   * (the cells answer for such traffic too).
   */
  @Nullable TierPlan compileHairpin(List<Pod> representatives) {
    return compileHairpin(representatives, List.of());
  }

  /**
   * {@link #compile} of this compiler's cluster, which differs from the cluster of {@code
   * known} (plans over the same classes) by some cluster-scoped policies: the subjects and peers
   * of the policies and rules those plans compiled (the very objects) are taken from them, so
   * that only a changed policy is judged on the classes; ties and the consulting order are
   * worked out again (docs/what-if.md#how-it-is-computed).
   */
  @Nullable TierPlan recompile(List<Pod> representatives, List<TierPlan> known) {
    return compile(representatives, p -> true, known);
  }

  /** {@link #compileHairpin} as {@link #recompile} makes it. */
  @Nullable TierPlan recompileHairpin(List<Pod> representatives, List<TierPlan> known) {
    return compileHairpin(representatives, known);
  }

  private @Nullable TierPlan compileHairpin(List<Pod> representatives, List<TierPlan> known) {
    if (policies.stream().noneMatch(ClusterPolicy::exemptsHairpin)) {
      return null;
    }
    return compile(representatives, p -> !p.exemptsHairpin(), known);
  }

  private @Nullable TierPlan compile(
      List<Pod> representatives, Predicate<ClusterPolicy> keep, List<TierPlan> known) {
    if (policies.isEmpty()) {
      return null;
    }
    Classes classes = classes(representatives, known);
    int n = classes.n;
    long[] none = new long[Bits.words(n)]; // the tied subjects of a policy tying with none
    Map<ClusterPolicy, long[]> knownSubjects = new IdentityHashMap<>();
    Map<ClusterRule, long[]> knownPeers = new IdentityHashMap<>();
    for (TierPlan plan : known) {
      for (List<TierRule> rules : List.of(
          plan.adminEgress, plan.adminIngress, plan.baselineEgress, plan.baselineIngress)) {
        for (TierRule r : rules) {
          knownSubjects.put(r.policy, r.subjects);
          knownPeers.put(r.rule, r.peers);
        }
      }
    }
    Map<ClusterSubject, long[]> bySubject = new HashMap<>();
    Function<ClusterPolicy, long[]> subjects = p -> {
      long[] s = knownSubjects.get(p);
      if (s == null) {
        s = bySubject.computeIfAbsent(p.subject(), x -> subjectClasses(p, classes));
        knownSubjects.put(p, s);
      }
      return s;
    };
    Range<IpAddress> universe = Index.ALL_ADDRESSES.span();
    Map<ClusterPeer, long[]> peerCache = new HashMap<>();
    Map<Tier, Map<PolicyType, List<TierRule>>> compiled = new HashMap<>();
    for (Tier tier : Tier.values()) {
      Map<PolicyType, List<TierRule>> byDirection = new HashMap<>();
      List<ClusterPolicy> consulted =
          cluster.clusterPolicies(tier).stream().filter(keep).collect(Collectors.toList());
      // Only policies of one priority can tie: each is compared with those of its priority.
      Map<Integer, List<ClusterPolicy>> byPriority =
          consulted.stream().collect(Collectors.groupingBy(ClusterPolicy::priority));
      for (PolicyType direction : PolicyType.values()) {
        List<TierRule> rules = new ArrayList<>();
        for (ClusterPolicy p : consulted) {
          if (p.rules(direction).isEmpty()) {
            continue;
          }
          long[] s = subjects.apply(p);
          long[] tied = none;
          for (ClusterPolicy q : byPriority.get(p.priority())) {
            if (p.tiesWith(q) && !q.rules(direction).isEmpty()) {
              tied = tied == none ? new long[Bits.words(n)] : tied;
              Bits.or(tied, subjects.apply(q));
            }
          }
          tied = tied == none ? none : Bits.and(tied, s);
          for (ClusterRule r : p.rules(direction)) {
            long[] peers = knownPeers.get(r);
            if (peers == null) {
              peers = new long[Bits.words(n)];
              for (ClusterPeer peer : r.peers()) {
                // A known peer's pods depend on the peer alone: equal peers are computed once.
                // An unknown one fails closed by the rule's action, so it is asked per rule.
                long[] admitted = peer instanceof ClusterPeer.Unknown
                    ? peerClasses(r, peer, classes)
                    : peerCache.computeIfAbsent(peer, x -> peerClasses(r, peer, classes));
                Bits.or(peers, admitted);
              }
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
        naming(representatives, known),
        ImmutableSet.copyOf(portNames),
        classes);
  }

  /**
   * The representatives of the classes and what subjects and peers ask of them, each made when
   * first needed: a recompilation that judges one policy pays only for what it asks. Kept by the
   * plans and shared by recompilations over the same classes, possibly on several threads at
   * once: each part is a value published whole through a volatile field (two threads may both
   * make it; they make the same).
   */
  final class Classes {
    final List<Pod> representatives;
    final int n;
    private volatile @Nullable ImmutableList<Labels> nsLabels;
    private volatile @Nullable ImmutableList<List<IpAddress>> addresses;
    private volatile @Nullable Keys keys;

    /** Per class, the key of its namespace and host-network flag; how many keys there are. */
    private record Keys(int[] keyOf, int count) {}

    Classes(List<Pod> representatives) {
      this.representatives = representatives;
      this.n = representatives.size();
    }

    Labels nsLabels(int c) {
      ImmutableList<Labels> known = nsLabels;
      if (known == null) {
        ImmutableList.Builder<Labels> out = ImmutableList.builderWithExpectedSize(n);
        for (Pod rep : representatives) {
          out.add(namespaceLabels(rep));
        }
        known = out.build();
        nsLabels = known;
      }
      return known.get(c);
    }

    List<IpAddress> addresses(int c) {
      ImmutableList<List<IpAddress>> known = addresses;
      if (known == null) {
        ImmutableList.Builder<List<IpAddress>> out = ImmutableList.builderWithExpectedSize(n);
        for (Pod rep : representatives) {
          out.add(List.copyOf(TierCompiler.this.addresses(rep)));
        }
        known = out.build();
        addresses = known;
      }
      return known.get(c);
    }

    /**
     * A namespace-wide subject or peer answers alike for every pod of one namespace and one
     * host-network flag: the key of a class's namespace and flag, to ask once per key.
     */
    int[] keyOf() {
      return namespaceKeys().keyOf();
    }

    int keys() {
      return namespaceKeys().count();
    }

    /** Whether the classes of a {@link #keyOf} key use the host's network. */
    static boolean hostNetwork(int key) {
      return (key & 1) == 1;
    }

    private Keys namespaceKeys() {
      Keys known = keys;
      if (known == null) {
        Map<String, Integer> namespaceIds = new HashMap<>();
        int[] out = new int[n];
        for (int c = 0; c < n; c++) {
          Pod rep = representatives.get(c);
          int ns = namespaceIds.computeIfAbsent(rep.namespace(), k -> namespaceIds.size());
          out[c] = 2 * ns + (rep.hostNetwork() ? 1 : 0);
        }
        known = new Keys(out, 2 * namespaceIds.size());
        keys = known;
      }
      return known;
    }
  }

  private @Nullable Classes classes;

  /**
   * The classes of these representatives, with what a known plan's compilation already asked of
   * them: known plans are over the same classes, and their cluster differs from this one only by
   * policies ({@link #recompile}).
   */
  private Classes classes(List<Pod> representatives, List<TierPlan> known) {
    for (TierPlan plan : known) {
      if (plan.classes != null && plan.classes.n == representatives.size()) {
        return plan.classes;
      }
    }
    Classes c = classes;
    if (c == null || c.representatives != representatives) {
      c = new Classes(representatives);
      classes = c;
    }
    return c;
  }

  /** The classes a policy's subject selects, judged on each class's representative. */
  private static long[] subjectClasses(ClusterPolicy p, Classes classes) {
    int n = classes.n;
    long[] s = new long[Bits.words(n)];
    boolean namespaceWide = p.subject() instanceof ClusterSubject.Namespaces;
    // A pods subject selects no pod of a namespace its namespaceSelector does not match, nor a
    // host-network pod: a shortcut asked once per namespace and flag; the subject still decides.
    @Nullable LabelSelector namespacePart = p.subject() instanceof ClusterSubject.Pods pods
        ? pods.namespaceSelector() : null;
    int[] keyOf = classes.keyOf();
    byte[] memo = new byte[classes.keys()];
    for (int c = 0; c < n; c++) {
      int key = keyOf[c];
      if (memo[key] == 1 || ruledOut(namespacePart, memo, key, classes, c)) {
        continue;
      }
      if (namespaceWide && memo[key] == 2) {
        Bits.set(s, c);
        continue;
      }
      boolean selected = p.selects(classes.representatives.get(c), classes.nsLabels(c));
      if (namespaceWide) {
        memo[key] = (byte) (selected ? 2 : 1);
      }
      if (selected) {
        Bits.set(s, c);
      }
    }
    return s;
  }

  /**
   * Whether the namespaceSelector of a pods subject or peer ({@code namespacePart}; null for
   * other kinds) rules class {@code c} out: no such subject or peer selects a pod of a namespace
   * it does not match, nor a host-network pod. Asked once per namespace and flag ({@code
   * memo[key]}: 0 not yet asked, 1 ruled out, 3 left to the subject or peer to decide).
   */
  private static boolean ruledOut(
      @Nullable LabelSelector namespacePart, byte[] memo, int key, Classes classes, int c) {
    if (namespacePart == null) {
      return false;
    }
    if (memo[key] == 0) {
      boolean possible =
          !Classes.hostNetwork(key) && namespacePart.matches(classes.nsLabels(c));
      memo[key] = (byte) (possible ? 3 : 1);
    }
    return memo[key] == 1;
  }

  /**
   * The classes a peer of a rule admits, asked of the rule on each class's representative; a
   * namespace-wide peer is asked once per namespace and host-network flag.
   */
  private long[] peerClasses(ClusterRule r, ClusterPeer peer, Classes classes) {
    int n = classes.n;
    long[] out = new long[Bits.words(n)];
    boolean namespaceWide = peer instanceof ClusterPeer.Namespaces;
    // As for subjects: a pods peer admits no pod of a namespace its namespaceSelector does not
    // match, nor a host-network pod; asked once per namespace and flag, the peer still decides.
    @Nullable LabelSelector namespacePart = peer instanceof ClusterPeer.Pods pods
        ? pods.namespaceSelector() : null;
    int[] keyOf = namespaceWide || namespacePart != null ? classes.keyOf() : null;
    byte[] memo = keyOf != null ? new byte[classes.keys()] : null;
    boolean byAddress = peer instanceof ClusterPeer.Networks || peer instanceof ClusterPeer.Nodes;
    for (int c = 0; c < n; c++) {
      boolean admitted;
      int key = keyOf != null ? keyOf[c] : -1;
      if (memo != null && (memo[key] == 1 || ruledOut(namespacePart, memo, key, classes, c))) {
        continue;
      }
      if (namespaceWide && memo[key] == 2) {
        admitted = true;
      } else {
        admitted = r.peerAdmitsPod(peer, classes.representatives.get(c), classes.nsLabels(c),
            byAddress ? classes.addresses(c) : List.of(), cluster.nodes());
        if (namespaceWide) {
          memo[key] = (byte) (admitted ? 2 : 1);
        }
      }
      if (admitted) {
        Bits.set(out, c);
      }
    }
    return out;
  }

  /**
   * Per named port and the port it resolves to, the classes naming it so; taken from a known
   * plan over the same classes that named at least these ports.
   */
  private ImmutableMap<TierPlan.Naming, long[]> naming(
      List<Pod> representatives, List<TierPlan> known) {
    for (TierPlan plan : known) {
      if (plan.portNames.equals(portNames)) {
        return plan.naming();
      }
      if (plan.portNames.containsAll(portNames)) {
        return ImmutableMap.copyOf(
            Maps.filterKeys(plan.naming(), k -> portNames.contains(k.name())));
      }
    }
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
    // Compiling the whole cluster, the pod is its own (no id to make and look up per pod).
    Pod own = whole == cluster ? pod : whole.pod(pod.id()).orElse(pod);
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
