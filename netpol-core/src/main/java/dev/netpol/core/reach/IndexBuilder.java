package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Range;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.LabelSelectorRequirement;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPolicy;
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
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a cluster into an {@link Index}: pods grouped into classes that no policy can tell
 * apart, then every policy's selection and every rule's peers as bitsets over those classes.
 */
final class IndexBuilder {

  private final Cluster cluster;
  private final EvaluationOptions options;
  private final List<NetworkPolicy> policies;

  private final List<String> labelKeys = new ArrayList<>();
  /** The position of each label key in {@link #labelKeys}. */
  private final Map<String, Integer> keyIndex = new HashMap<>();
  /** Per label key, a number for each value some pod has, from 1 (0: no such label). */
  private final List<Map<String, Integer>> valueIds = new ArrayList<>();
  /** Per class, the number of its value of each label key: class c's row starts at c * keys. */
  private int[] classValues = new int[0];
  /** Whether {@link #groupPods} made the classes, so that {@link #classValues} describes them. */
  private boolean grouped;
  /** Per class, the number each named port entry resolves to (0: none), a row per class. */
  private int[] classNamedNumbers = new int[0];
  /**
   * Per class, whether its pods use the host's network, as {@link #classValues} describes it:
   * asked of every candidate class, and cheaper than a scattered representative pod.
   */
  private boolean[] classHostNetwork = new boolean[0];
  private final Map<LabelSelector, Matcher> matchers = new java.util.IdentityHashMap<>();
  /** The distinct named port entries of every policy, each resolved on every class. */
  private final List<NetworkPolicyPort> namedPorts = new ArrayList<>();
  private final Map<IpBlockPeer, Integer> ipBlocks = new LinkedHashMap<>();

  private final List<List<Pod>> classPods = new ArrayList<>();
  private final List<Pod> representatives = new ArrayList<>();
  /** The class of each pod, by position in the cluster's pod list. */
  private int[] classOfPosition = new int[0];
  private final Map<String, List<Integer>> classesByNamespace = new HashMap<>();
  private long[][] ipBlockClasses = new long[0][];

  private final Map<LabelSelector, List<Namespace>> namespacesBySelector = new HashMap<>();
  private @Nullable Map<String, List<Namespace>> namespacesByLabel;
  private final Map<PeerInNamespace, long[]> peerCache = new HashMap<>();
  /**
   * Class sets by their members, so that equal sets share one bitset: at L, 20,000 policies
   * select only about 7,000 distinct sets of classes, each 3 KB as bits.
   */
  private final Map<ArrayKey, long[]> bitsByList = new HashMap<>();
  /** Work space of {@link #podPeerClasses}: the classes a peer admits, in the order found. */
  private int[] scratchClasses = new int[64];
  private final Map<ArrayKey, Integer> peerSetIds = new HashMap<>();
  /** The peer set of each array {@link #peerClasses} returned, by identity. */
  private final Map<long[], Integer> peerSetOfArray = new java.util.IdentityHashMap<>();
  private long @Nullable [] allClasses;
  private final List<long[]> peerSets = new ArrayList<>();
  private ImmutableMap<Index.NamedPortKey, Map<Integer, long[]>> resolvingClasses =
      ImmutableMap.of();
  private ImmutableMap<Index.NamedPortKey, int[]> resolutions = ImmutableMap.of();

  /** The cluster-scoped policies, the tier compilation, and the addresses their peers see. */
  private final TierCompiler tiers;

  /** Who starts each port atom: see {@link IndexMemo#fixedBoundaries} and the fields after it. */
  private ImmutableMap<Protocol, ImmutableMap<Integer, Integer>> fixedBoundaries =
      ImmutableMap.of();
  private ImmutableMap<Index.NamedPortKey, Integer> namedUse = ImmutableMap.of();
  private ImmutableMap<Protocol, int[]> tierStarts = ImmutableMap.of();

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

  /**
   * Compiles a cluster that differs from an indexed one by one NetworkPolicy removed, added or
   * both (a replacement), reusing the pod classes, every other policy's compiled rules and the
   * tiers; or null when the classes cannot be reused: the new policy looks at a label key, named
   * port or ipBlock that the classes do not tell apart, or the cluster was not derived by sharing
   * the indexed one's pods ({@link Cluster#withPolicy}). Then build from scratch.
   *
   * <p>The classes may then be finer than a fresh build's (a removed policy's label keys still
   * split them); every answer is the same. Rules of a removed policy stay in the rule lists,
   * selecting no class, so every other rule keeps its number.
   */
  static @Nullable Index update(
      Index old,
      Cluster changed,
      @Nullable NetworkPolicy removed,
      @Nullable NetworkPolicy added) {
    IndexMemo memo = old.memo;
    if (memo == null
        || changed.pods() != old.cluster.pods()
        || changed.clusterPolicies() != old.cluster.clusterPolicies()
        || (added != null && !seenBy(memo, added))) {
      return null;
    }
    IndexBuilder b =
        new IndexBuilder(
            changed, old.options, new TierCompiler(changed, changed, TierCompiler.WHOLE));
    b.ipBlocks.putAll(memo.ipBlocks);
    b.ipBlockClasses = memo.ipBlockClasses;
    b.representatives.addAll(memo.representatives);
    b.classesByNamespace.putAll(memo.classesByNamespace);
    for (int c = 0; c < old.size; c++) {
      b.classPods.add(old.classPods.get(c));
    }
    return b.update(old, memo, removed, added);
  }

  /**
   * Compiles a cluster that differs from an indexed one by one cluster-scoped policy removed,
   * added or both (a replacement), reusing the pod classes, every NetworkPolicy's compiled rules
   * and the subjects and peers of the other cluster-scoped policies ({@link
   * TierCompiler#recompile}); or null when the classes cannot be reused: the new policy looks at
   * a label key, address peer or named port that the classes do not tell apart, or the cluster
   * was not derived by sharing the indexed one's pods and NetworkPolicies ({@link
   * Cluster#withClusterPolicy}). Then build from scratch.
   */
  static @Nullable Index updateTiers(Index old, Cluster changed, @Nullable ClusterPolicy added) {
    IndexMemo memo = old.memo;
    if (memo == null
        || changed.pods() != old.cluster.pods()
        || changed.policies() != old.cluster.policies()
        || (added != null && !memo.tierSight.sees(added, memo.labelKeys))) {
      return null;
    }
    TierCompiler compiler = new TierCompiler(changed, changed, TierCompiler.WHOLE);
    List<TierPlan> known = new ArrayList<>();
    if (old.tiers != null) {
      known.add(old.tiers);
    }
    if (old.hairpinTiers != null) {
      known.add(old.hairpinTiers);
    }
    TierPlan tierPlan = compiler.recompile(memo.representatives, known);
    if (tierPlan != null) {
      known.add(0, tierPlan); // the changed policy's subjects and peers, compiled once
    }
    TierPlan hairpin = compiler.recompileHairpin(memo.representatives, known);
    ImmutableMap<Protocol, int[]> tierStarts = tierStarts(compiler, tierPlan);
    ImmutableMap<Protocol, int[]> atoms =
        atomStarts(memo.fixedBoundaries, memo.namedUse, old.resolvingClasses, tierStarts);
    ImmutableMap<Protocol, Index.ProtocolPlan> plans = old.plans;
    if (samePorts(atoms, old.atomStarts)) {
      atoms = old.atomStarts;
    } else {
      IndexBuilder b = new IndexBuilder(changed, old.options, compiler);
      b.resolvingClasses = old.resolvingClasses;
      plans = b.plans(atoms, old.ingressRules, old.egressRules);
    }
    IndexMemo next =
        new IndexMemo(memo.labelKeys, memo.namedPorts, memo.ipBlocks, memo.ipBlockClasses,
            memo.representatives, memo.classesByNamespace, memo.podPositions,
            memo.slotOfPosition, memo.slots, memo.fixedBoundaries, memo.namedUse, tierStarts,
            memo.tierSight.plus(compiler.sight()));
    return new Index(
        changed,
        old.options,
        old.classes(),
        old.policies(),
        new Index.Ports(old.resolution, old.resolvingClasses, atoms, plans),
        new Index.Tiers(tierPlan, hairpin),
        next);
  }

  /** Whether the classes tell apart everything a policy looks at. */
  private static boolean seenBy(IndexMemo memo, NetworkPolicy p) {
    if (!memo.labelKeys.containsAll(p.podSelector().keys())) {
      return false;
    }
    for (PolicyType direction : PolicyType.values()) {
      for (NetworkPolicyRule r : p.rules(direction)) {
        for (NetworkPolicyPeer peer : r.peers()) {
          if (peer instanceof PodPeer pods) {
            if (pods.podSelector().isPresent()
                && !memo.labelKeys.containsAll(pods.podSelector().get().keys())) {
              return false;
            }
          } else if (!memo.ipBlocks.containsKey((IpBlockPeer) peer)) {
            return false;
          }
        }
        for (NetworkPolicyPort port : r.ports()) {
          if (port.name().isPresent() && !memo.namedPorts.contains(port)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private @Nullable Index update(
      Index old, IndexMemo memo, @Nullable NetworkPolicy removed, @Nullable NetworkPolicy added) {
    int n = old.size;
    List<NetworkPolicy> before = old.cluster.policies();
    int position = -1;
    if (removed != null) {
      for (int i = 0; i < before.size() && position < 0; i++) {
        if (before.get(i) == removed) {
          position = i;
        }
      }
      if (position < 0) {
        return null;
      }
    }
    int slotCount = old.policyTargets.size();
    int newSlot = added == null ? -1 : slotCount;
    int[] slotOfPosition = reslot(memo.slotOfPosition, position, removed, added, newSlot);
    if (slotOfPosition.length != policies.size()
        || (added != null && policies.get(position >= 0 ? position : policies.size() - 1)
            != added)) {
      return null; // the cluster was not derived as Cluster#withPolicy derives it
    }
    int oldSlot = position < 0 ? -1 : memo.slotOfPosition[position];

    List<Rule> ingress = new ArrayList<>(old.ingressRules);
    List<Rule> egress = new ArrayList<>(old.egressRules);
    List<long[]> targetsBySlot = new ArrayList<>(old.policyTargets);
    long[] ingressIsolated = old.ingressIsolated.clone();
    long[] egressIsolated = old.egressIsolated.clone();
    IndexMemo.Slots slots = memo.slots.copy(slotCount + (added == null ? 0 : 1));
    int[] ingressIsolators = slots.ingressIsolators;
    int[] egressIsolators = slots.egressIsolators;
    int[][] ingressRulesOf = old.ingressRulesOf.clone();
    int[][] egressRulesOf = old.egressRulesOf.clone();
    Map<Protocol, Map<Integer, Integer>> fixed = new EnumMap<>(Protocol.class);
    memo.fixedBoundaries.forEach((p, counts) -> fixed.put(p, new HashMap<>(counts)));
    Map<Index.NamedPortKey, Integer> named = new HashMap<>(memo.namedUse);
    List<long[]> peerSetList = new ArrayList<>(old.peerSets);
    int[] allPeerSetId = {old.allPeerSetId};

    if (removed != null) {
      long[] oldTargets = old.policyTargets.get(oldSlot);
      targetsBySlot.set(oldSlot, new long[Bits.words(n)]);
      kill(ingress, slots.ingressFirst[oldSlot], slots.ingressCount[oldSlot], ingressRulesOf);
      kill(egress, slots.egressFirst[oldSlot], slots.egressCount[oldSlot], egressRulesOf);
      if (removed.isolates(PolicyType.INGRESS)) {
        IndexMemo.Slots.count(ingressIsolators, oldTargets, -1);
      }
      if (removed.isolates(PolicyType.EGRESS)) {
        IndexMemo.Slots.count(egressIsolators, oldTargets, -1);
      }
      isolation(ingressIsolated, ingressIsolators, oldTargets);
      isolation(egressIsolated, egressIsolators, oldTargets);
      countBoundaries(removed, -1, fixed, named);
    }
    int[] ingressFirst = slots.ingressFirst;
    int[] ingressCount = slots.ingressCount;
    int[] egressFirst = slots.egressFirst;
    int[] egressCount = slots.egressCount;
    List<Integer> newIngress = new ArrayList<>();
    List<Integer> newEgress = new ArrayList<>();
    if (added != null) {
      long[] targets = targets(added);
      targetsBySlot.add(targets);
      ingressFirst[newSlot] = ingress.size();
      egressFirst[newSlot] = egress.size();
      for (PolicyType direction : PolicyType.values()) {
        if (!added.isolates(direction)) {
          continue;
        }
        boolean in = direction == PolicyType.INGRESS;
        List<Rule> rules = in ? ingress : egress;
        IndexMemo.Slots.count(in ? ingressIsolators : egressIsolators, targets, 1);
        Bits.or(in ? ingressIsolated : egressIsolated, targets);
        for (NetworkPolicyRule r : added.rules(direction)) {
          long[] peers = peerClasses(added, r);
          int id;
          if (Arrays.equals(peers, old.all) && allPeerSetId[0] >= 0) {
            id = allPeerSetId[0];
          } else {
            id = peerSetList.size();
            peerSetList.add(peers);
            if (Arrays.equals(peers, old.all)) {
              allPeerSetId[0] = id;
            }
          }
          (in ? newIngress : newEgress).add(rules.size());
          rules.add(new Rule(newSlot, targets, peers, id, r.allPeers(), r.outsideAddresses(),
              r.ports()));
        }
        append(in ? ingressRulesOf : egressRulesOf, targets, in ? newIngress : newEgress);
      }
      ingressCount[newSlot] = newIngress.size();
      egressCount[newSlot] = newEgress.size();
      countBoundaries(added, 1, fixed, named);
    }
    ImmutableMap<Protocol, ImmutableMap<Integer, Integer>> fixedBoundaries = freeze(fixed);
    ImmutableMap<Index.NamedPortKey, Integer> namedUse = ImmutableMap.copyOf(named);
    ImmutableMap<Protocol, int[]> atoms =
        atomStarts(fixedBoundaries, namedUse, old.resolvingClasses, memo.tierStarts);
    resolvingClasses = old.resolvingClasses;
    ImmutableMap<Protocol, Index.ProtocolPlan> plans =
        samePorts(atoms, old.atomStarts)
            ? extendPlans(old, ingress, egress, newIngress, newEgress)
            : plans(atoms, ingress, egress);
    IndexMemo next =
        new IndexMemo(memo.labelKeys, memo.namedPorts, memo.ipBlocks, memo.ipBlockClasses,
            memo.representatives, memo.classesByNamespace, memo.podPositions, slotOfPosition,
            slots, fixedBoundaries, namedUse, memo.tierStarts, memo.tierSight);
    Index.Policies compiled =
        new Index.Policies(
            ingressIsolated,
            egressIsolated,
            ImmutableList.copyOf(ingress),
            ImmutableList.copyOf(egress),
            ingressRulesOf,
            egressRulesOf,
            ImmutableList.copyOf(peerSetList),
            allPeerSetId[0],
            ImmutableList.copyOf(targetsBySlot));
    return new Index(
        cluster,
        options,
        old.classes(),
        compiled,
        new Index.Ports(old.resolution, old.resolvingClasses, atoms, plans),
        new Index.Tiers(old.tiers, old.hairpinTiers),
        next);
  }

  /** The slots in the changed cluster's policy order, as {@link Cluster#withPolicy} orders it. */
  private static int[] reslot(
      int[] slots,
      int position,
      @Nullable NetworkPolicy removed,
      @Nullable NetworkPolicy added,
      int newSlot) {
    if (removed != null && added != null) {
      int[] out = slots.clone();
      out[position] = newSlot;
      return out;
    }
    if (removed != null) {
      int[] out = new int[slots.length - 1];
      System.arraycopy(slots, 0, out, 0, position);
      System.arraycopy(slots, position + 1, out, position, slots.length - position - 1);
      return out;
    }
    int[] out = Arrays.copyOf(slots, slots.length + 1);
    out[slots.length] = newSlot;
    return out;
  }

  /**
   * Makes a removed policy's rules select nothing, keeping their numbers, and takes them out of
   * the classes' rule lists.
   */
  private static void kill(List<Rule> rules, int first, int count, int[][] rulesOf) {
    if (count == 0) {
      return;
    }
    long[] targets = rules.get(first).targets;
    long[] none = new long[targets.length];
    for (int i = first; i < first + count; i++) {
      Rule r = rules.get(i);
      rules.set(i, new Rule(r.policy, none, r.peers, r.peerSetId, r.allPeers, r.outside, r.ports));
    }
    for (int c = Bits.next(targets, 0); c >= 0; c = Bits.next(targets, c + 1)) {
      int[] list = rulesOf[c];
      int kept = 0;
      int[] out = new int[list.length];
      for (int ri : list) {
        if (ri < first || ri >= first + count) {
          out[kept++] = ri;
        }
      }
      rulesOf[c] = Arrays.copyOf(out, kept);
    }
  }

  /** Appends new rule numbers to the rule lists of the classes a policy selects. */
  private static void append(int[][] rulesOf, long[] targets, List<Integer> rules) {
    if (rules.isEmpty()) {
      return;
    }
    for (int c = Bits.next(targets, 0); c >= 0; c = Bits.next(targets, c + 1)) {
      int[] list = rulesOf[c];
      int[] out = Arrays.copyOf(list, list.length + rules.size());
      for (int i = 0; i < rules.size(); i++) {
        out[list.length + i] = rules.get(i);
      }
      rulesOf[c] = out;
    }
  }

  /** Sets the isolation bit of each class of {@code classes} from its count of isolators. */
  private static void isolation(long[] isolated, int[] isolators, long[] classes) {
    for (int c = Bits.next(classes, 0); c >= 0; c = Bits.next(classes, c + 1)) {
      if (isolators[c] > 0) {
        Bits.set(isolated, c);
      } else {
        isolated[c >>> 6] &= ~(1L << c);
      }
    }
  }

  private static boolean samePorts(Map<Protocol, int[]> a, Map<Protocol, int[]> b) {
    for (Protocol p : Protocol.values()) {
      if (!Arrays.equals(a.get(p), b.get(p))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The old plans with the new rules classified into them, for atoms that did not move: the
   * removed policy's rules stay listed and select nothing.
   */
  private ImmutableMap<Protocol, Index.ProtocolPlan> extendPlans(
      Index old,
      List<Rule> ingress,
      List<Rule> egress,
      List<Integer> newIngress,
      List<Integer> newEgress) {
    ImmutableMap.Builder<Protocol, Index.ProtocolPlan> b = ImmutableMap.builder();
    for (Protocol p : Protocol.values()) {
      Index.ProtocolPlan plan = old.plans.get(p);
      int[][] ingressByAtom = plan.ingressByAtom().clone();
      int[][] egressByAtom = plan.egressByAtom().clone();
      int[] staticIngress = extend(p, plan.atomStarts(), ingress, newIngress,
          plan.staticIngress(), ingressByAtom);
      int[] staticEgress = extend(p, plan.atomStarts(), egress, newEgress,
          plan.staticEgress(), egressByAtom);
      b.put(p, new Index.ProtocolPlan(
          plan.atomStarts(), staticIngress, staticEgress, ingressByAtom, egressByAtom));
    }
    return b.buildOrThrow();
  }

  private int[] extend(
      Protocol protocol,
      int[] starts,
      List<Rule> rules,
      List<Integer> added,
      int[] statics,
      int[][] byAtom) {
    if (added.isEmpty()) {
      return statics;
    }
    // Classify only the new rules, as a list of their own, then append them to the old lists.
    List<Rule> only = new ArrayList<>();
    for (int ri : added) {
      only.add(rules.get(ri));
    }
    AtomLists lists = new AtomLists(starts.length);
    int[] newStatics = classify(protocol, starts, only, lists);
    int[][] perAtom = lists.toArrays();
    for (int a = 0; a < perAtom.length; a++) {
      if (perAtom[a].length > 0) {
        int[] list = byAtom[a];
        int[] out = Arrays.copyOf(list, list.length + perAtom[a].length);
        for (int i = 0; i < perAtom[a].length; i++) {
          out[list.length + i] = added.get(perAtom[a][i]);
        }
        byAtom[a] = out;
      }
    }
    int[] out = Arrays.copyOf(statics, statics.length + newStatics.length);
    for (int i = 0; i < newStatics.length; i++) {
      out[statics.length + i] = added.get(newStatics[i]);
    }
    return out;
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
    int count = policies.size();
    IndexMemo.Slots slots = new IndexMemo.Slots(count, n);
    // Each policy's classes also as a list: a policy selects few of many classes, and walking a
    // list beats scanning its bits once per rule.
    int[][] targetLists = new int[count][];
    for (int pi = 0; pi < count; pi++) {
      NetworkPolicy policy = policies.get(pi);
      int[] list = targetClasses(policy);
      targetLists[pi] = list;
      long[] targets = bitsOf(list, n);
      policyTargets.add(targets);
      int[] few = list.length <= Rule.fewLimit(targets.length) ? list : null;
      slots.ingressFirst[pi] = ingress.size();
      slots.egressFirst[pi] = egress.size();
      if (policy.isolates(PolicyType.INGRESS)) {
        for (int c : list) {
          Bits.set(ingressIsolated, c);
          slots.ingressIsolators[c]++;
        }
        for (NetworkPolicyRule r : policy.rules(PolicyType.INGRESS)) {
          ingress.add(compile(pi, policy, targets, few, r));
        }
      }
      if (policy.isolates(PolicyType.EGRESS)) {
        for (int c : list) {
          Bits.set(egressIsolated, c);
          slots.egressIsolators[c]++;
        }
        for (NetworkPolicyRule r : policy.rules(PolicyType.EGRESS)) {
          egress.add(compile(pi, policy, targets, few, r));
        }
      }
      slots.ingressCount[pi] = ingress.size() - slots.ingressFirst[pi];
      slots.egressCount[pi] = egress.size() - slots.egressFirst[pi];
    }
    ArrayKey allKey = new ArrayKey(allClasses != null ? allClasses : Bits.all(n));
    resolutions = resolutions();
    resolvingClasses = resolvingClasses();
    TierPlan tierPlan = tiers.compile(representatives);
    ImmutableMap<Protocol, int[]> atoms = atoms(tierPlan);
    int[] identity = new int[count];
    Arrays.setAll(identity, i -> i);
    IndexMemo memo =
        new IndexMemo(
            ImmutableSet.copyOf(labelKeys),
            ImmutableSet.copyOf(namedPorts),
            ImmutableMap.copyOf(ipBlocks),
            ipBlockClasses,
            ImmutableList.copyOf(representatives),
            java.util.Collections.unmodifiableMap(classesByNamespace),
            positions(),
            identity,
            slots,
            fixedBoundaries,
            namedUse,
            tierStarts,
            tiers.sight());
    Index.Classes classes =
        new Index.Classes(
            classPods.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList()),
            classOfPod);
    Index.Policies compiled =
        new Index.Policies(
            ingressIsolated,
            egressIsolated,
            ImmutableList.copyOf(ingress),
            ImmutableList.copyOf(egress),
            rulesPerClass(targetLists, slots.ingressFirst, slots.ingressCount, n),
            rulesPerClass(targetLists, slots.egressFirst, slots.egressCount, n),
            ImmutableList.copyOf(peerSets),
            peerSetIds.getOrDefault(allKey, -1),
            ImmutableList.copyOf(policyTargets));
    Index.Ports ports =
        new Index.Ports(resolutions, resolvingClasses, atoms, plans(atoms, ingress, egress));
    return new Index(
        cluster,
        options,
        classes,
        compiled,
        ports,
        new Index.Tiers(tierPlan, tiers.compileHairpin(representatives)),
        memo);
  }

  private int[][] positions() {
    int[][] out = new int[classPods.size()][];
    for (int c = 0; c < out.length; c++) {
      out[c] = new int[classPods.get(c).size()];
    }
    int[] filled = new int[out.length];
    for (int i = 0; i < classOfPosition.length; i++) {
      int c = classOfPosition[i];
      out[c][filled[c]++] = i;
    }
    return out;
  }

  private void collectWhatPoliciesLookAt() {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    java.util.Set<NetworkPolicyPort> names = new java.util.LinkedHashSet<>();
    for (NetworkPolicy p : policies) {
      addKeys(keys, p.podSelector());
      for (PolicyType direction : PolicyType.values()) {
        for (NetworkPolicyRule r : p.rules(direction)) {
          for (NetworkPolicyPeer peer : r.peers()) {
            if (peer instanceof PodPeer pods) {
              if (pods.podSelector().isPresent()) {
                addKeys(keys, pods.podSelector().get());
              }
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

  /** Adds the keys of {@link LabelSelector#keys()}, without making that list. */
  private static void addKeys(java.util.Set<String> keys, LabelSelector selector) {
    keys.addAll(selector.matchLabels().keySet());
    for (LabelSelectorRequirement r : selector.matchExpressions()) {
      keys.add(r.key());
    }
  }

  /**
   * Groups pods by everything a policy can see of them: two pods with equal keys get the same
   * answer from every selector, named port entry and ipBlock of the cluster, so one class holds
   * both. A key is a row of small numbers (namespace, host-network flag, the value of each label
   * key policies look at, each named port entry's number, the set of ipBlocks, what the
   * cluster-scoped policies see), each number interned once, so a pod costs a few lookups of
   * strings whose hashes are cached and one hash of the row.
   */
  private Map<String, Integer> groupPods() {
    List<Pod> pods = cluster.pods();
    @Nullable BlockFinder finder = ipBlockFinder();
    int keys = labelKeys.size();
    for (int k = 0; k < keys; k++) {
      keyIndex.put(labelKeys.get(k), k);
      valueIds.add(new HashMap<>());
    }
    Map<String, int[]> entriesByName = new HashMap<>();
    for (int e = 0; e < namedPorts.size(); e++) {
      String name = namedPorts.get(e).name().orElseThrow();
      int[] old = entriesByName.getOrDefault(name, new int[0]);
      int[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = e;
      entriesByName.put(name, grown);
    }
    Map<String, Integer> namespaceIds = new HashMap<>(4 * cluster.namespaces().size() + 16);
    String lastNamespace = null;
    int lastNamespaceId = -1;
    Map<BitSet, Integer> blockIds = new HashMap<>();
    Map<Object, Integer> viewIds = new HashMap<>();
    int width = 4 + keys + namedPorts.size();
    RowTable rows = new RowTable(width);
    int[] row = new int[width];
    List<BitSet> classBlocks = new ArrayList<>();
    classOfPosition = new int[pods.size()];
    ClassOfPod classOfPod = new ClassOfPod(pods, classOfPosition);
    int[] values = new int[64];
    int named = namedPorts.size();
    int[] namedNumbers = new int[64];
    boolean[] hostNetwork = new boolean[64];
    String[] lastValue = new String[keys];
    int[] lastValueId = new int[keys];
    for (int i = 0; i < pods.size(); i++) {
      Pod pod = pods.get(i);
      BitSet found = finder == null ? null : finder.of(pod);
      BitSet blocks = found == null ? NO_BLOCKS : found;
      Arrays.fill(row, 0);
      if (pod.namespace() != lastNamespace) { // pods come mostly grouped by namespace
        lastNamespace = pod.namespace();
        lastNamespaceId = namespaceIds.computeIfAbsent(lastNamespace, x -> namespaceIds.size());
      }
      row[0] = lastNamespaceId;
      row[1] = pod.hostNetwork() ? 1 : 0;
      row[2] = blockIds.computeIfAbsent(blocks, x -> blockIds.size());
      row[3] = viewIds.computeIfAbsent(tiers.view(pod), x -> viewIds.size());
      if (keys > 0) {
        pod.labels().asMap().forEach((key, value) -> {
          Integer k = keyIndex.get(key);
          if (k != null) {
            // Pods of one workload share their value strings: the last one's number is reused.
            if (value != lastValue[k]) {
              Map<String, Integer> ids = valueIds.get(k);
              lastValue[k] = value;
              lastValueId[k] = ids.computeIfAbsent(value, x -> ids.size() + 1);
            }
            row[4 + k] = lastValueId[k];
          }
        });
      }
      if (!entriesByName.isEmpty()) {
        // An entry resolves to the first container port with its name and protocol.
        for (ContainerPort port : pod.containerPorts()) {
          if (port.name().isEmpty()) {
            continue;
          }
          int[] entries = entriesByName.get(port.name().get());
          if (entries == null) {
            continue;
          }
          for (int e : entries) {
            if (row[4 + keys + e] == 0 && namedPorts.get(e).protocol() == port.protocol()) {
              row[4 + keys + e] = port.number();
            }
          }
        }
      }
      int cls = rows.addIfAbsent(row);
      if (cls == classPods.size()) {
        classPods.add(new ArrayList<>());
        representatives.add(pod);
        classBlocks.add(blocks);
        classesByNamespace.computeIfAbsent(pod.namespace(), x -> new ArrayList<>()).add(cls);
        if ((cls + 1) * keys > values.length) {
          values = Arrays.copyOf(values, Math.max(values.length * 2, (cls + 1) * keys));
        }
        System.arraycopy(row, 4, values, cls * keys, keys);
        if ((cls + 1) * named > namedNumbers.length) {
          namedNumbers =
              Arrays.copyOf(namedNumbers, Math.max(namedNumbers.length * 2, (cls + 1) * named));
        }
        System.arraycopy(row, 4 + keys, namedNumbers, cls * named, named);
        if (cls == hostNetwork.length) {
          hostNetwork = Arrays.copyOf(hostNetwork, cls * 2);
        }
        hostNetwork[cls] = row[1] == 1;
      }
      classPods.get(cls).add(pod);
      classOfPosition[i] = cls;
      classOfPod.add(i, pod); // while the pod is at hand
    }
    classValues = values;
    classNamedNumbers = namedNumbers;
    classHostNetwork = hostNetwork;
    grouped = true;
    ipBlockClasses = classesPerIpBlock(classBlocks);
    return classOfPod;
  }

  private static final BitSet NO_BLOCKS = new BitSet();

  /**
   * The class of each pod by {@linkplain Pod#id() id}, read only: a table of pod positions
   * hashed as the ids would hash, so that no id string is made to build it.
   */
  private static final class ClassOfPod extends java.util.AbstractMap<String, Integer> {
    private static final int[] POWERS = new int[1024];

    static {
      POWERS[0] = 1;
      for (int i = 1; i < POWERS.length; i++) {
        POWERS[i] = POWERS[i - 1] * 31;
      }
    }

    private final List<Pod> pods;
    private final int[] classOfPosition;
    private final int[] table;

    /** An empty table for the pods: {@link #add} each, as their classes are found. */
    ClassOfPod(List<Pod> pods, int[] classOfPosition) {
      this.pods = pods;
      this.classOfPosition = classOfPosition;
      int size = Integer.highestOneBit(Math.max(4, pods.size() * 2 - 1)) << 1;
      table = new int[size];
      Arrays.fill(table, -1);
    }

    /** Enters the pod at position {@code p} (its class goes to {@code classOfPosition[p]}). */
    void add(int p, Pod pod) {
      int mask = table.length - 1;
      int at = spread(idHash(pod.namespace(), pod.name())) & mask;
      while (table[at] >= 0) {
        at = (at + 1) & mask;
      }
      table[at] = p;
    }

    /** {@code (namespace + "/" + name).hashCode()}, from the parts' cached hashes. */
    private static int idHash(String namespace, String name) {
      return (namespace.hashCode() * 31 + '/') * power(name.length()) + name.hashCode();
    }

    private static int power(int n) {
      if (n < POWERS.length) {
        return POWERS[n];
      }
      int out = 1;
      for (int i = 0; i < n; i++) {
        out *= 31;
      }
      return out;
    }

    private static int spread(int h) {
      return h ^ (h >>> 16);
    }

    private int position(Object key) {
      if (!(key instanceof String id)) {
        return -1;
      }
      int mask = table.length - 1;
      for (int at = spread(id.hashCode()) & mask; table[at] >= 0; at = (at + 1) & mask) {
        Pod pod = pods.get(table[at]);
        String ns = pod.namespace();
        String name = pod.name();
        if (id.length() == ns.length() + 1 + name.length()
            && id.startsWith(ns)
            && id.charAt(ns.length()) == '/'
            && id.endsWith(name)) {
          return table[at];
        }
      }
      return -1;
    }

    @Override
    public @Nullable Integer get(Object key) {
      int p = position(key);
      return p < 0 ? null : classOfPosition[p];
    }

    @Override
    public boolean containsKey(Object key) {
      return position(key) >= 0;
    }

    @Override
    public int size() {
      return pods.size();
    }

    @Override
    public java.util.Set<Map.Entry<String, Integer>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public java.util.Iterator<Map.Entry<String, Integer>> iterator() {
          return new java.util.Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < pods.size();
            }

            @Override
            public Map.Entry<String, Integer> next() {
              if (next >= pods.size()) {
                throw new java.util.NoSuchElementException();
              }
              int p = next++;
              return Map.entry(pods.get(p).id(), classOfPosition[p]);
            }
          };
        }

        @Override
        public int size() {
          return pods.size();
        }
      };
    }
  }

  /**
   * Interns rows of ints of one width, numbering them in the order first seen: an open-addressing
   * table over one flat array, so that looking a row up allocates nothing.
   */
  private static final class RowTable {
    private final int width;
    private int[] flat = new int[1024];
    private int[] slots = new int[1024];
    private int[] hashes = new int[0];
    private int size;

    RowTable(int width) {
      this.width = Math.max(1, width);
      Arrays.fill(slots, -1);
    }

    /** The number of the row, a new one (the count so far) if it was not seen before. */
    int addIfAbsent(int[] row) {
      int hash = Arrays.hashCode(row);
      hash ^= hash >>> 16;
      int mask = slots.length - 1;
      for (int at = hash & mask; ; at = (at + 1) & mask) {
        int id = slots[at];
        if (id < 0) {
          return insert(row, hash, at);
        }
        if (hashes[id] == hash
            && Arrays.equals(flat, id * width, id * width + width, row, 0, row.length)) {
          return id;
        }
      }
    }

    private int insert(int[] row, int hash, int at) {
      int id = size++;
      if (size * width > flat.length) {
        flat = Arrays.copyOf(flat, Math.max(flat.length * 2, size * width));
      }
      System.arraycopy(row, 0, flat, id * width, row.length);
      if (id >= hashes.length) {
        hashes = Arrays.copyOf(hashes, Math.max(16, hashes.length * 2));
      }
      hashes[id] = hash;
      slots[at] = id;
      if (size * 2 > slots.length) {
        int[] bigger = new int[slots.length * 2];
        Arrays.fill(bigger, -1);
        int mask = bigger.length - 1;
        for (int r = 0; r < size; r++) {
          int i = hashes[r] & mask;
          while (bigger[i] >= 0) {
            i = (i + 1) & mask;
          }
          bigger[i] = r;
        }
        slots = bigger;
      }
      return id;
    }
  }

  /** Turns each class's set of ipBlocks around: per ipBlock, the classes it contains. */
  private long[][] classesPerIpBlock(List<BitSet> classBlocks) {
    int n = classBlocks.size();
    long[][] out = new long[ipBlocks.size()][];
    for (int b = 0; b < out.length; b++) {
      out[b] = new long[Bits.words(n)];
    }
    // Classes share few distinct sets (the same objects: BlockFinder interns them), so each
    // set's members are listed once.
    Map<BitSet, int[]> members = new java.util.IdentityHashMap<>();
    for (int c = 0; c < n; c++) {
      int[] blocks = members.computeIfAbsent(classBlocks.get(c), set -> set.stream().toArray());
      for (int b : blocks) {
        out[b][c >>> 6] |= 1L << c;
      }
    }
    return out;
  }

  /**
   * What finds, for a pod, the ipBlocks that contain one of its addresses (null: no ipBlocks at
   * all). The address space is cut into elementary intervals at every block boundary, each
   * interval's set of blocks is computed once in a sweep, and each address finds its interval by
   * binary search.
   */
  private @Nullable BlockFinder ipBlockFinder() {
    if (ipBlocks.isEmpty()) {
      return null;
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
    // The IPv4 starts come first (addresses order by family): as longs, they are searched
    // without comparing BigIntegers.
    int v4 = 0;
    while (v4 < starts.length && starts[v4].version() == 4) {
      v4++;
    }
    long[] v4Starts = new long[v4];
    for (int j = 0; j < v4; j++) {
      v4Starts[j] = starts[j].value().longValue();
    }
    return new BlockFinder(starts, v4Starts, sets, interned);
  }

  /** Finds the ipBlocks of a pod's addresses: see {@link #ipBlockFinder}. */
  private final class BlockFinder {
    private final IpAddress[] starts;
    private final long[] v4Starts;
    private final BitSet[] sets;
    private final Map<BitSet, BitSet> interned;

    BlockFinder(IpAddress[] starts, long[] v4Starts, BitSet[] sets, Map<BitSet, BitSet> interned) {
      this.starts = starts;
      this.v4Starts = v4Starts;
      this.sets = sets;
      this.interned = interned;
    }

    /** The ipBlocks holding one of the pod's addresses, one object per distinct set; or null. */
    @Nullable BitSet of(Pod pod) {
      if (!options.ipBlockSeesPod(pod)) {
        return null;
      }
      BitSet out = null;
      for (IpAddress ip : pod.ips()) {
        int at = ip.version() == 4 ? floor(v4Starts, ip.value().longValue()) : floor(starts, ip);
        if (at < 0 || sets[at].isEmpty()) {
          continue;
        }
        if (out == null) {
          out = sets[at];
        } else if (!out.equals(sets[at])) {
          BitSet union = (BitSet) out.clone();
          union.or(sets[at]);
          out = interned.computeIfAbsent(union, k -> k);
        }
      }
      return out;
    }
  }

  /** The index of the last start at or before the IPv4 address, or -1. */
  private static int floor(long[] starts, long value) {
    int lo = 0;
    int hi = starts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
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
    return bitsOf(targetClasses(policy), classPods.size());
  }

  /**
   * The classes as a bitset over {@code n} classes, shared with every earlier call for the same
   * classes: callers only read it.
   */
  private long[] bitsOf(int[] classes, int n) {
    return bitsByList.computeIfAbsent(
        new ArrayKey(classes),
        k -> {
          long[] out = new long[Bits.words(n)];
          for (int c : classes) {
            Bits.set(out, c);
          }
          return out;
        });
  }

  /** The classes a policy selects, ascending, judged on each class's representative. */
  private int[] targetClasses(NetworkPolicy policy) {
    List<Integer> candidates = classesByNamespace.getOrDefault(policy.namespace(), List.of());
    int[] out = new int[candidates.size()];
    int size = 0;
    @Nullable Matcher m = matcher(policy.podSelector());
    for (int c : candidates) {
      // The class's namespace is the policy's: NetworkPolicy#selects, with the selector compiled.
      if (m == null ? policy.selects(representatives.get(c)) : !classHostNetwork[c] && m.matches(c)) {
        out[size++] = c;
      }
    }
    return Arrays.copyOf(out, size);
  }

  /**
   * A selector compiled against the classes' label values: per label key it names, which value
   * numbers it accepts (index 0: the label is absent). Null when the classes were not grouped by
   * this builder or the selector looks at a key they were not grouped by: ask the selector.
   */
  private @Nullable Matcher matcher(LabelSelector selector) {
    if (!grouped) {
      return null;
    }
    Matcher cached = matchers.get(selector);
    if (cached != null) {
      return cached;
    }
    int size = selector.matchLabels().size() + selector.matchExpressions().size();
    int[] keys = new int[size];
    int[][] values = new int[size][];
    boolean[] within = new boolean[size];
    int i = 0;
    for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
      Integer k = keyIndex.get(e.getKey());
      if (k == null) {
        return null;
      }
      keys[i] = k;
      values[i] = ids(k, List.of(e.getValue()));
      within[i] = true;
      i++;
    }
    for (LabelSelectorRequirement r : selector.matchExpressions()) {
      Integer k = keyIndex.get(r.key());
      if (k == null) {
        return null;
      }
      keys[i] = k;
      switch (r.operator()) {
        case IN -> {
          values[i] = ids(k, r.values());
          within[i] = true;
        }
        case NOT_IN -> values[i] = ids(k, r.values()); // an absent label (0) is never listed
        case EXISTS -> values[i] = new int[] {0};
        case DOES_NOT_EXIST -> {
          values[i] = new int[] {0};
          within[i] = true;
        }
        default -> throw new AssertionError(r.operator());
      }
      i++;
    }
    Matcher m = new Matcher(keys, values, within, labelKeys.size());
    matchers.put(selector, m);
    return m;
  }

  /** The numbers of those values of label key {@code k} that some pod has. */
  private int[] ids(int k, java.util.Collection<String> values) {
    int[] out = new int[values.size()];
    int size = 0;
    for (String value : values) {
      Integer v = valueIds.get(k).get(value);
      if (v != null) {
        out[size++] = v;
      }
    }
    return Arrays.copyOf(out, size);
  }

  /**
   * A compiled {@link LabelSelector}: see {@link #matcher}. Requirement i holds when class's value
   * number of key {@code keys[i]} is among {@code values[i]} ({@code within[i]}) or is not: a
   * matchLabels entry or {@code In} is "among its values", {@code NotIn} "not among them",
   * {@code Exists} "not among {0}", {@code DoesNotExist} "among {0}".
   */
  private final class Matcher {
    private final int[] keys;
    private final int[][] values;
    private final boolean[] within;
    private final int width;

    Matcher(int[] keys, int[][] values, boolean[] within, int width) {
      this.keys = keys;
      this.values = values;
      this.within = within;
      this.width = width;
    }

    /** Whether the selector matches the labels of class {@code c}'s pods. */
    boolean matches(int c) {
      int row = c * width;
      for (int i = 0; i < keys.length; i++) {
        int value = classValues[row + keys[i]];
        boolean found = false;
        for (int v : values[i]) {
          if (v == value) {
            found = true;
            break;
          }
        }
        if (found != within[i]) {
          return false;
        }
      }
      return true;
    }
  }

  private Rule compile(
      int pi, NetworkPolicy policy, long[] targets, int @Nullable [] few, NetworkPolicyRule rule) {
    long[] peers = peerClasses(policy, rule);
    // Most rules have one peer, whose classes come from a cache: the same array is then the
    // same set, and known without hashing its words again.
    Integer id = peerSetOfArray.get(peers);
    if (id == null) {
      ArrayKey key = new ArrayKey(peers);
      id = peerSetIds.get(key);
      if (id == null) {
        id = peerSets.size();
        peerSetIds.put(key, id);
        peerSets.add(peers);
      }
      peerSetOfArray.put(peers, id);
      peers = peerSets.get(id);
    } else {
      peers = peerSets.get(id);
    }
    return new Rule(
        pi, targets, few, peers, id, rule.allPeers(), rule.outsideAddresses(), rule.ports());
  }

  /**
   * The classes a rule's peers admit: every class for a rule without peers. The array may be
   * shared with other rules and caches: never write to it.
   */
  private long[] peerClasses(NetworkPolicy policy, NetworkPolicyRule rule) {
    int n = classPods.size();
    if (rule.allPeers()) {
      if (allClasses == null) {
        allClasses = Bits.all(n);
      }
      return allClasses;
    }
    if (rule.peers().size() == 1) {
      return peerClasses(policy, rule.peers().get(0));
    }
    long[] peers = new long[Bits.words(n)];
    for (NetworkPolicyPeer peer : rule.peers()) {
      Bits.or(peers, peerClasses(policy, peer));
    }
    return peers;
  }

  private long[] peerClasses(NetworkPolicy policy, NetworkPolicyPeer peer) {
    return peer instanceof PodPeer pods
        ? podPeerClasses(policy.namespace(), pods)
        : ipBlockClasses[ipBlocks.get((IpBlockPeer) peer)];
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
    int[] admitted = scratchClasses;
    int size = 0;
    @Nullable Matcher m = peer.podSelector().isPresent() ? matcher(peer.podSelector().get()) : null;
    // Without grouping (a builder reusing another index's classes) there is no host-network
    // table either: the peer asks each representative.
    boolean compiled = grouped && (m != null || peer.podSelector().isEmpty());
    for (Namespace ns : candidateNamespaces(policyNamespace, peer)) {
      for (int c : classesByNamespace.getOrDefault(ns.name(), List.of())) {
        // PodPeer#admits: every candidate namespace is admitted, so only the pod part is asked.
        if (compiled
            ? !classHostNetwork[c] && (m == null || m.matches(c))
            : peer.admits(policyNamespace, representatives.get(c), ns)) {
          if (size == admitted.length) {
            admitted = scratchClasses = Arrays.copyOf(admitted, Math.max(64, size * 2));
          }
          admitted[size++] = c;
        }
      }
    }
    // Namespaces come in any order: sort, so that equal sets make equal keys.
    int[] list = Arrays.copyOf(admitted, size);
    Arrays.sort(list);
    long[] out = bitsOf(list, classPods.size());
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

  /**
   * Per class, the numbers of the rules that select it, ascending: policy {@code pi}'s rules are
   * numbered {@code first[pi]} to {@code first[pi] + count[pi] - 1} and select its listed classes.
   */
  private static int[][] rulesPerClass(int[][] targetLists, int[] first, int[] count, int n) {
    int[] counts = new int[n];
    for (int pi = 0; pi < targetLists.length; pi++) {
      if (count[pi] > 0) {
        for (int c : targetLists[pi]) {
          counts[c] += count[pi];
        }
      }
    }
    int[][] out = new int[n][];
    for (int c = 0; c < n; c++) {
      out[c] = new int[counts[c]];
      counts[c] = 0;
    }
    for (int pi = 0; pi < targetLists.length; pi++) {
      for (int c : targetLists[pi]) {
        int[] list = out[c];
        for (int ri = first[pi]; ri < first[pi] + count[pi]; ri++) {
          list[counts[c]++] = ri;
        }
      }
    }
    return out;
  }

  private ImmutableMap<Index.NamedPortKey, int[]> resolutions() {
    ImmutableMap.Builder<Index.NamedPortKey, int[]> b = ImmutableMap.builder();
    for (int e = 0; e < namedPorts.size(); e++) {
      NetworkPolicyPort entry = namedPorts.get(e);
      int[] numbers = new int[representatives.size()];
      int named = namedPorts.size();
      for (int c = 0; c < numbers.length; c++) {
        numbers[c] =
            grouped
                ? classNamedNumbers[c * named + e]
                : entry.resolvedOn(representatives.get(c)).orElse(0);
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
    Map<Protocol, Map<Integer, Integer>> fixed = new EnumMap<>(Protocol.class);
    Map<Index.NamedPortKey, Integer> named = new HashMap<>();
    for (NetworkPolicy policy : policies) {
      countBoundaries(policy, 1, fixed, named);
    }
    fixedBoundaries = freeze(fixed);
    namedUse = ImmutableMap.copyOf(named);
    tierStarts = tierStarts(tiers, tierPlan);
    return atomStarts(fixedBoundaries, namedUse, resolvingClasses, tierStarts);
  }

  /** Per protocol, where the cluster-scoped rules' ports and resolved named ports start atoms. */
  private static ImmutableMap<Protocol, int[]> tierStarts(
      TierCompiler tiers, @Nullable TierPlan tierPlan) {
    Map<Protocol, TreeSet<Integer>> starts = new EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      starts.put(p, new TreeSet<>());
    }
    tiers.portBoundaries((protocol, first) -> starts.get(protocol).add(first));
    if (tierPlan != null) {
      for (TierPlan.Naming naming : tierPlan.namings()) {
        starts.get(naming.port().protocol()).add(naming.port().number());
        starts.get(naming.port().protocol()).add(naming.port().number() + 1);
      }
    }
    ImmutableMap.Builder<Protocol, int[]> b = ImmutableMap.builder();
    starts.forEach((p, set) -> b.put(p, set.stream().mapToInt(Integer::intValue).toArray()));
    return b.buildOrThrow();
  }

  /**
   * Adds (or, with {@code sign} -1, takes away) a policy's contributions to the atom boundaries:
   * each numbered port entry starts an atom at its first port and after its last, and each named
   * port entry at whatever numbers the classes resolve it to.
   */
  private static void countBoundaries(
      NetworkPolicy policy,
      int sign,
      Map<Protocol, Map<Integer, Integer>> fixed,
      Map<Index.NamedPortKey, Integer> named) {
    for (PolicyType direction : PolicyType.values()) {
      for (NetworkPolicyRule r : policy.rules(direction)) {
        for (NetworkPolicyPort port : r.ports()) {
          if (port.name().isPresent()) {
            named.merge(Index.NamedPortKey.of(port), sign, Integer::sum);
            continue;
          }
          port.fixedNumbers()
              .ifPresent(
                  range -> {
                    Map<Integer, Integer> counts =
                        fixed.computeIfAbsent(port.protocol(), p -> new HashMap<>());
                    counts.merge(range.lowerEndpoint(), sign, Integer::sum);
                    counts.merge(range.upperEndpoint() + 1, sign, Integer::sum);
                  });
        }
      }
    }
  }

  private static ImmutableMap<Protocol, ImmutableMap<Integer, Integer>> freeze(
      Map<Protocol, Map<Integer, Integer>> fixed) {
    ImmutableMap.Builder<Protocol, ImmutableMap<Integer, Integer>> b = ImmutableMap.builder();
    fixed.forEach((p, counts) -> {
      Map<Integer, Integer> live = new HashMap<>(counts);
      live.values().removeIf(c -> c == 0);
      b.put(p, ImmutableMap.copyOf(live));
    });
    return b.buildOrThrow();
  }

  /** The atom starts from the boundaries of the policies in use and of the tiers. */
  private static ImmutableMap<Protocol, int[]> atomStarts(
      ImmutableMap<Protocol, ImmutableMap<Integer, Integer>> fixed,
      Map<Index.NamedPortKey, Integer> namedUse,
      ImmutableMap<Index.NamedPortKey, Map<Integer, long[]>> resolvingClasses,
      ImmutableMap<Protocol, int[]> tierStarts) {
    Map<Protocol, TreeSet<Integer>> starts = new EnumMap<>(Protocol.class);
    for (Protocol p : Protocol.values()) {
      TreeSet<Integer> set = new TreeSet<>(List.of(Port.MIN));
      set.addAll(fixed.getOrDefault(p, ImmutableMap.of()).keySet());
      for (int first : tierStarts.getOrDefault(p, new int[0])) {
        set.add(first);
      }
      starts.put(p, set);
    }
    namedUse.forEach(
        (key, uses) -> {
          if (uses > 0) {
            for (int number : resolvingClasses.get(key).keySet()) {
              starts.get(key.protocol()).add(number);
              starts.get(key.protocol()).add(number + 1);
            }
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
      if (isStatic(r, protocol)) {
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

  /** Whether a rule admits every port of a protocol: no ports, or an "all ports" entry. */
  private static boolean isStatic(Rule r, Protocol protocol) {
    if (r.ports.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort x : r.ports) {
      if (x.isAllPorts() && x.protocol() == protocol) {
        return true;
      }
    }
    return false;
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

  /** An int[] (a sorted list of classes) or a long[] (a bitset) as a hash key, by content. */
  private static final class ArrayKey {
    private final Object array;
    private final int hash;

    ArrayKey(int[] classes) {
      this.array = classes;
      this.hash = Arrays.hashCode(classes);
    }

    ArrayKey(long[] bits) {
      this.array = bits;
      this.hash = Arrays.hashCode(bits);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ArrayKey k && hash == k.hash && Objects.deepEquals(array, k.array);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
