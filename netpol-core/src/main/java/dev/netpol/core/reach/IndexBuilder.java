package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Range;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a cluster into an {@link Index}: pods grouped into classes that no policy can tell
 * apart, then every policy's selection and every rule's peers as bitsets over those classes.
 */
final class IndexBuilder {
  private static final String ABSENT = "\u0000absent";

  private final Cluster cluster;
  private final EvaluationOptions options;
  private final List<NetworkPolicy> policies;

  private final List<String> labelKeys = new ArrayList<>();
  /** The distinct named port entries of every policy, each resolved on every class. */
  private final List<NetworkPolicyPort> namedPorts = new ArrayList<>();
  private final Map<IpBlockPeer, Integer> ipBlocks = new LinkedHashMap<>();

  private final List<List<Pod>> classPods = new ArrayList<>();
  private final List<Pod> representatives = new ArrayList<>();
  private final Map<String, List<Integer>> classesByNamespace = new HashMap<>();
  private long[][] ipBlockClasses = new long[0][];

  private final Map<LabelSelector, List<Namespace>> namespacesBySelector = new HashMap<>();
  private @Nullable Map<String, List<Namespace>> namespacesByLabel;
  private final Map<PeerInNamespace, long[]> peerCache = new HashMap<>();
  private final Map<BitsKey, Integer> peerSetIds = new HashMap<>();
  private final List<long[]> peerSets = new ArrayList<>();
  private ImmutableMap<Index.NamedPortKey, Map<Integer, long[]>> resolvingClasses =
      ImmutableMap.of();
  private ImmutableMap<Index.NamedPortKey, int[]> resolutions = ImmutableMap.of();

  /** The cluster-scoped policies, the tier compilation, and the addresses their peers see. */
  private final TierCompiler tiers;

  private IndexBuilder(Cluster cluster, EvaluationOptions options, TierCompiler tiers) {
    this.cluster = cluster;
    this.options = options;
    this.policies = cluster.policies();
    this.tiers = tiers;
  }

  static Index build(Cluster cluster, EvaluationOptions options) {
    return new IndexBuilder(
            cluster, options, new TierCompiler(cluster, cluster, TierCompiler.WHOLE))
        .build();
  }

  /**
   * Compiles one IP family's projection of a cluster (docs/semantics.md#peers): {@code family} is
   * 4, 6, or {@link TierCompiler#NO_FAMILY} for pairs sharing none; {@code whole} is the cluster
   * the projection was made from, whose pods' own addresses cluster-scoped peers look at.
   */
  static Index build(Cluster projection, EvaluationOptions options, Cluster whole, int family) {
    return new IndexBuilder(projection, options, new TierCompiler(projection, whole, family))
        .build();
  }

  private Index build() {
    collectWhatPoliciesLookAt();
    Map<String, Integer> classOfPod = groupPods();
    int n = classPods.size();
    long[] ingressIsolated = new long[Bits.words(n)];
    long[] egressIsolated = new long[Bits.words(n)];
    List<Rule> ingress = new ArrayList<>();
    List<Rule> egress = new ArrayList<>();
    List<long[]> policyTargets = new ArrayList<>();
    for (int pi = 0; pi < policies.size(); pi++) {
      NetworkPolicy policy = policies.get(pi);
      long[] targets = targets(policy);
      policyTargets.add(targets);
      if (policy.isolates(PolicyType.INGRESS)) {
        Bits.or(ingressIsolated, targets);
        for (NetworkPolicyRule r : policy.rules(PolicyType.INGRESS)) {
          ingress.add(compile(pi, policy, targets, r));
        }
      }
      if (policy.isolates(PolicyType.EGRESS)) {
        Bits.or(egressIsolated, targets);
        for (NetworkPolicyRule r : policy.rules(PolicyType.EGRESS)) {
          egress.add(compile(pi, policy, targets, r));
        }
      }
    }
    BitsKey allKey = new BitsKey(Bits.all(n));
    resolutions = resolutions();
    resolvingClasses = resolvingClasses();
    TierPlan tierPlan = tiers.compile(representatives);
    ImmutableMap<Protocol, int[]> atoms = atoms(tierPlan);
    return new Index(
        cluster,
        options,
        classPods.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList()),
        classOfPod,
        ingressIsolated,
        egressIsolated,
        ImmutableList.copyOf(ingress),
        ImmutableList.copyOf(egress),
        rulesPerClass(ingress, n),
        rulesPerClass(egress, n),
        ImmutableList.copyOf(peerSets),
        peerSetIds.getOrDefault(allKey, -1),
        resolutions,
        resolvingClasses,
        atoms,
        ImmutableList.copyOf(policyTargets),
        plans(atoms, ingress, egress),
        tierPlan,
        tiers.compileHairpin(representatives));
  }

  private void collectWhatPoliciesLookAt() {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    java.util.Set<NetworkPolicyPort> names = new java.util.LinkedHashSet<>();
    for (NetworkPolicy p : policies) {
      keys.addAll(p.podSelector().keys());
      for (PolicyType direction : PolicyType.values()) {
        for (NetworkPolicyRule r : p.rules(direction)) {
          for (NetworkPolicyPeer peer : r.peers()) {
            if (peer instanceof PodPeer) {
              ((PodPeer) peer).podSelector().ifPresent(s -> keys.addAll(s.keys()));
            } else {
              ipBlocks.putIfAbsent((IpBlockPeer) peer, ipBlocks.size());
            }
          }
          for (NetworkPolicyPort port : r.ports()) {
            if (port.name().isPresent()) {
              names.add(port);
            }
          }
        }
      }
    }
    keys.addAll(tiers.labelKeys());
    labelKeys.addAll(keys);
    namedPorts.addAll(names);
  }

  /**
   * Everything a policy can see of a pod: two pods with equal keys get the same answer from
   * every selector, named port entry and ipBlock of the cluster, so one class holds both.
   */
  private record ClassKey(
      String namespace,
      boolean hostNetwork,
      List<String> labelValues,
      List<Integer> namedPortNumbers,
      BitSet ipBlocks,
      Object clusterView) {}

  /** Groups pods by everything a policy can see of them. */
  private Map<String, Integer> groupPods() {
    List<Pod> pods = cluster.pods();
    BitSet[] blocksOfPod = ipBlocksOfPods(pods);
    Map<ClassKey, Integer> classByKey = new HashMap<>();
    Map<String, Integer> classOfPod = new HashMap<>(pods.size() * 2);
    List<BitSet> classBlocks = new ArrayList<>();
    for (int i = 0; i < pods.size(); i++) {
      Pod pod = pods.get(i);
      ClassKey key = classKey(pod, blocksOfPod[i] == null ? new BitSet() : blocksOfPod[i]);
      Integer cls = classByKey.get(key);
      if (cls == null) {
        cls = classPods.size();
        classByKey.put(key, cls);
        classPods.add(new ArrayList<>());
        representatives.add(pod);
        classBlocks.add(key.ipBlocks());
        classesByNamespace.computeIfAbsent(pod.namespace(), x -> new ArrayList<>()).add(cls);
      }
      classPods.get(cls).add(pod);
      classOfPod.put(pod.id(), cls);
    }
    ipBlockClasses = classesPerIpBlock(classBlocks);
    return java.util.Collections.unmodifiableMap(classOfPod);
  }

  private ClassKey classKey(Pod pod, BitSet blocks) {
    List<String> labelValues = new ArrayList<>(labelKeys.size());
    for (String k : labelKeys) {
      labelValues.add(pod.labels().get(k).orElse(ABSENT));
    }
    List<Integer> namedPortNumbers = new ArrayList<>(namedPorts.size());
    for (NetworkPolicyPort entry : namedPorts) {
      namedPortNumbers.add(entry.resolvedOn(pod).orElse(0));
    }
    return new ClassKey(
        pod.namespace(), pod.hostNetwork(), labelValues, namedPortNumbers, blocks, tiers.view(pod));
  }

  /** Turns each class's set of ipBlocks around: per ipBlock, the classes it contains. */
  private long[][] classesPerIpBlock(List<BitSet> classBlocks) {
    int n = classBlocks.size();
    long[][] out = new long[ipBlocks.size()][];
    for (int b = 0; b < out.length; b++) {
      out[b] = new long[Bits.words(n)];
    }
    for (int c = 0; c < n; c++) {
      BitSet blocks = classBlocks.get(c);
      for (int b = blocks.nextSetBit(0); b >= 0; b = blocks.nextSetBit(b + 1)) {
        Bits.set(out[b], c);
      }
    }
    return out;
  }

  /**
   * For each pod, the ipBlocks that contain one of its addresses (null for none). The address
   * space is cut into elementary intervals at every block boundary, each interval's set of blocks
   * is computed once in a sweep, and each address finds its interval by binary search.
   */
  private BitSet[] ipBlocksOfPods(List<Pod> pods) {
    BitSet[] out = new BitSet[pods.size()];
    if (ipBlocks.isEmpty()) {
      return out;
    }
    // Boundaries: +block where one of its ranges starts, -block just after it ends.
    java.util.TreeMap<IpAddress, List<Integer>> events = new java.util.TreeMap<>();
    IpAddress lastV4 = Cidr.parse("0.0.0.0/0").last();
    IpAddress lastV6 = Cidr.parse("::/0").last();
    for (Map.Entry<IpBlockPeer, Integer> block : ipBlocks.entrySet()) {
      int id = block.getValue();
      for (Range<IpAddress> r : block.getKey().addresses().asRanges()) {
        events.computeIfAbsent(r.lowerEndpoint(), k -> new ArrayList<>()).add(id + 1);
        IpAddress end = r.upperEndpoint();
        if (!end.equals(lastV6)) {
          // After the last IPv4 address come the IPv6 ones: an IPv4 range must end there too.
          IpAddress after = end.equals(lastV4) ? IpAddress.parse("::") : end.plus(1);
          events.computeIfAbsent(after, k -> new ArrayList<>()).add(-(id + 1));
        }
      }
    }
    IpAddress[] starts = new IpAddress[events.size()];
    BitSet[] sets = new BitSet[events.size()];
    Map<BitSet, BitSet> interned = new HashMap<>();
    int[] count = new int[ipBlocks.size()];
    BitSet current = new BitSet();
    int i = 0;
    for (Map.Entry<IpAddress, List<Integer>> e : events.entrySet()) {
      for (int change : e.getValue()) {
        int id = Math.abs(change) - 1;
        count[id] += change > 0 ? 1 : -1;
        current.set(id, count[id] > 0);
      }
      starts[i] = e.getKey();
      BitSet copy = (BitSet) current.clone();
      sets[i] = interned.computeIfAbsent(copy, k -> k);
      i++;
    }
    for (int p = 0; p < pods.size(); p++) {
      Pod pod = pods.get(p);
      if (!options.ipBlockSeesPod(pod)) {
        continue;
      }
      for (IpAddress ip : pod.ips()) {
        int at = floor(starts, ip);
        if (at < 0 || sets[at].isEmpty()) {
          continue;
        }
        if (out[p] == null) {
          out[p] = sets[at];
        } else if (!out[p].equals(sets[at])) {
          BitSet union = (BitSet) out[p].clone();
          union.or(sets[at]);
          out[p] = interned.computeIfAbsent(union, k -> k);
        }
      }
    }
    return out;
  }

  /** The index of the last start at or before the address, or -1. */
  private static int floor(IpAddress[] starts, IpAddress value) {
    int lo = 0;
    int hi = starts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid].compareTo(value) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }

  /** The classes a policy selects, judged on each class's representative. */
  private long[] targets(NetworkPolicy policy) {
    long[] out = new long[Bits.words(classPods.size())];
    for (int c : classesByNamespace.getOrDefault(policy.namespace(), List.of())) {
      if (policy.selects(representatives.get(c))) {
        Bits.set(out, c);
      }
    }
    return out;
  }

  private Rule compile(int pi, NetworkPolicy policy, long[] targets, NetworkPolicyRule rule) {
    int n = classPods.size();
    long[] peers;
    if (rule.allPeers()) {
      peers = Bits.all(n);
    } else {
      peers = new long[Bits.words(n)];
      for (NetworkPolicyPeer peer : rule.peers()) {
        if (peer instanceof PodPeer) {
          Bits.or(peers, podPeerClasses(policy.namespace(), (PodPeer) peer));
        } else {
          Bits.or(peers, ipBlockClasses[ipBlocks.get((IpBlockPeer) peer)]);
        }
      }
    }
    BitsKey key = new BitsKey(peers);
    Integer id = peerSetIds.get(key);
    if (id == null) {
      id = peerSets.size();
      peerSetIds.put(key, id);
      peerSets.add(peers);
    } else {
      peers = peerSets.get(id);
    }
    return new Rule(pi, targets, peers, id, rule.allPeers(), rule.outsideAddresses(), rule.ports());
  }

  /**
   * A pod peer with what the classes it admits depend on: the policy's namespace matters only
   * when the peer has no namespaceSelector (else it is left blank, so policies share the work).
   */
  private record PeerInNamespace(PodPeer peer, String policyNamespace) {}

  /** The classes a pod peer admits, judged on each candidate class's representative. */
  private long[] podPeerClasses(String policyNamespace, PodPeer peer) {
    PeerInNamespace cacheKey =
        new PeerInNamespace(peer, peer.namespaceSelector().isPresent() ? "" : policyNamespace);
    long[] cached = peerCache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    long[] out = new long[Bits.words(classPods.size())];
    for (Namespace ns : candidateNamespaces(policyNamespace, peer)) {
      for (int c : classesByNamespace.getOrDefault(ns.name(), List.of())) {
        if (peer.admits(policyNamespace, representatives.get(c), ns)) {
          Bits.set(out, c);
        }
      }
    }
    peerCache.put(cacheKey, out);
    return out;
  }

  /** The only namespaces whose pods a peer can admit: a shortcut, the peer still decides. */
  private List<Namespace> candidateNamespaces(String policyNamespace, PodPeer peer) {
    if (peer.namespaceSelector().isPresent()) {
      return namespacesBySelector.computeIfAbsent(
          peer.namespaceSelector().get(), this::namespacesMatching);
    }
    // A namespace that no object declared still has its automatic name label.
    return List.of(cluster.namespace(policyNamespace).orElse(Namespace.of(policyNamespace)));
  }

  private List<Namespace> namespacesMatching(LabelSelector selector) {
    // A matchLabels entry narrows the candidates to the namespaces carrying that label.
    List<Namespace> candidates = cluster.namespaces();
    if (!selector.matchLabels().isEmpty()) {
      if (namespacesByLabel == null) {
        namespacesByLabel = new HashMap<>();
        for (Namespace ns : cluster.namespaces()) {
          ns.labels().asMap().forEach(
              (k, v) ->
                  namespacesByLabel.computeIfAbsent(k + "=" + v, x -> new ArrayList<>()).add(ns));
        }
      }
      Map.Entry<String, String> first = selector.matchLabels().entrySet().iterator().next();
      candidates =
          namespacesByLabel.getOrDefault(first.getKey() + "=" + first.getValue(), List.of());
    }
    List<Namespace> out = new ArrayList<>();
    for (Namespace ns : candidates) {
      if (selector.matches(ns.labels())) {
        out.add(ns);
      }
    }
    return out;
  }

  private static int[][] rulesPerClass(List<Rule> rules, int n) {
    int[] counts = new int[n];
    for (Rule r : rules) {
      for (int c = Bits.next(r.targets, 0); c >= 0; c = Bits.next(r.targets, c + 1)) {
        counts[c]++;
      }
    }
    int[][] out = new int[n][];
    for (int c = 0; c < n; c++) {
      out[c] = new int[counts[c]];
      counts[c] = 0;
    }
    for (int ri = 0; ri < rules.size(); ri++) {
      long[] targets = rules.get(ri).targets;
      for (int c = Bits.next(targets, 0); c >= 0; c = Bits.next(targets, c + 1)) {
        out[c][counts[c]++] = ri;
      }
    }
    return out;
  }

  private ImmutableMap<Index.NamedPortKey, int[]> resolutions() {
    ImmutableMap.Builder<Index.NamedPortKey, int[]> b = ImmutableMap.builder();
    for (NetworkPolicyPort entry : namedPorts) {
      int[] numbers = new int[representatives.size()];
      for (int c = 0; c < numbers.length; c++) {
        numbers[c] = entry.resolvedOn(representatives.get(c)).orElse(0);
      }
      b.put(Index.NamedPortKey.of(entry), numbers);
    }
    return b.buildOrThrow();
  }

  private ImmutableMap<Index.NamedPortKey, Map<Integer, long[]>> resolvingClasses() {
    ImmutableMap.Builder<Index.NamedPortKey, Map<Integer, long[]>> b = ImmutableMap.builder();
    int n = representatives.size();
    resolutions.forEach(
        (key, numbers) -> {
          Map<Integer, long[]> byNumber = new HashMap<>();
          for (int c = 0; c < n; c++) {
            if (numbers[c] != 0) {
              Bits.set(byNumber.computeIfAbsent(numbers[c], x -> new long[Bits.words(n)]), c);
            }
          }
          b.put(key, Map.copyOf(byNumber));
        });
    return b.buildOrThrow();
  }

  /** Per protocol, the first port of every atom: where some rule's ports begin or end. */
  private ImmutableMap<Protocol, int[]> atoms(@Nullable TierPlan tierPlan) {
    Map<Protocol, TreeSet<Integer>> starts = new EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      starts.put(p, new TreeSet<>(List.of(Port.MIN)));
    }
    for (NetworkPolicy policy : policies) {
      for (PolicyType direction : PolicyType.values()) {
        for (NetworkPolicyRule r : policy.rules(direction)) {
          for (NetworkPolicyPort port : r.ports()) {
            port.fixedNumbers()
                .ifPresent(
                    range -> {
                      starts.get(port.protocol()).add(range.lowerEndpoint());
                      starts.get(port.protocol()).add(range.upperEndpoint() + 1);
                    });
          }
        }
      }
    }
    tiers.portBoundaries((protocol, first) -> starts.get(protocol).add(first));
    if (tierPlan != null) {
      for (TierPlan.Naming naming : tierPlan.namings()) {
        starts.get(naming.port().protocol()).add(naming.port().number());
        starts.get(naming.port().protocol()).add(naming.port().number() + 1);
      }
    }
    resolvingClasses.forEach(
        (key, byNumber) -> {
          for (int number : byNumber.keySet()) {
            starts.get(key.protocol()).add(number);
            starts.get(key.protocol()).add(number + 1);
          }
        });
    ImmutableMap.Builder<Protocol, int[]> b = ImmutableMap.builder();
    starts.forEach(
        (p, s) ->
            b.put(p, s.stream().filter(x -> x <= Port.MAX).mapToInt(Integer::intValue).toArray()));
    return b.buildOrThrow();
  }

  private ImmutableMap<Protocol, Index.ProtocolPlan> plans(
      ImmutableMap<Protocol, int[]> atoms, List<Rule> ingress, List<Rule> egress) {
    ImmutableMap.Builder<Protocol, Index.ProtocolPlan> b = ImmutableMap.builder();
    for (Protocol p : Protocol.values()) {
      int[] starts = atoms.get(p);
      AtomLists ingressLists = new AtomLists(starts.length);
      AtomLists egressLists = new AtomLists(starts.length);
      int[] staticIngress = classify(p, starts, ingress, ingressLists);
      int[] staticEgress = classify(p, starts, egress, egressLists);
      b.put(
          p,
          new Index.ProtocolPlan(
              starts,
              staticIngress,
              staticEgress,
              ingressLists.toArrays(),
              egressLists.toArrays()));
    }
    return b.buildOrThrow();
  }

  /** Returns the static rules of a protocol; lists every dynamic rule under the atoms it admits. */
  private int[] classify(Protocol protocol, int[] starts, List<Rule> rules, AtomLists lists) {
    List<Integer> statics = new ArrayList<>();
    for (int ri = 0; ri < rules.size(); ri++) {
      Rule r = rules.get(ri);
      if (r.ports.isEmpty()
          || r.ports.stream().anyMatch(x -> x.isAllPorts() && x.protocol() == protocol)) {
        statics.add(ri);
        continue;
      }
      for (NetworkPolicyPort port : r.ports) {
        if (port.protocol() != protocol) {
          continue;
        }
        Optional<Range<Integer>> fixed = port.fixedNumbers();
        if (fixed.isPresent()) {
          int last = Index.atomOf(starts, fixed.get().upperEndpoint());
          for (int a = Index.atomOf(starts, fixed.get().lowerEndpoint()); a <= last; a++) {
            lists.add(a, ri);
          }
        } else {
          for (int number : resolvingClasses.get(Index.NamedPortKey.of(port)).keySet()) {
            lists.add(Index.atomOf(starts, number), ri);
          }
        }
      }
    }
    return statics.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Per atom, a growable list of rule indices without consecutive duplicates. */
  private static final class AtomLists {
    private final int[][] lists;
    private final int[] sizes;

    AtomLists(int atoms) {
      lists = new int[atoms][];
      sizes = new int[atoms];
    }

    void add(int atom, int rule) {
      int[] l = lists[atom];
      int size = sizes[atom];
      if (l == null) {
        l = new int[4];
        lists[atom] = l;
      } else if (l[size - 1] == rule) {
        return;
      } else if (size == l.length) {
        l = Arrays.copyOf(l, size * 2);
        lists[atom] = l;
      }
      l[size] = rule;
      sizes[atom] = size + 1;
    }

    int[][] toArrays() {
      int[][] out = new int[lists.length][];
      for (int a = 0; a < lists.length; a++) {
        out[a] = lists[a] == null ? new int[0] : Arrays.copyOf(lists[a], sizes[a]);
      }
      return out;
    }
  }

  /** A bitset as a hash key, by content. */
  private static final class BitsKey {
    private final long[] bits;
    private final int hash;

    BitsKey(long[] bits) {
      this.bits = bits;
      this.hash = Arrays.hashCode(bits);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BitsKey && Arrays.equals(bits, ((BitsKey) o).bits);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
