package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Range;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.LabelSelector;
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
  /** The class of each pod, by position in the cluster's pod list. */
  private int[] classOfPosition = new int[0];
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
            memo.slotOfPosition, memo.ingressFirst, memo.ingressCount, memo.egressFirst,
            memo.egressCount, memo.ingressIsolators, memo.egressIsolators,
            memo.fixedBoundaries, memo.namedUse, tierStarts,
            memo.tierSight.plus(compiler.sight()));
    return new Index(
        changed,
        old.options,
        old.classPods,
        old.classOfPod,
        old.ingressIsolated,
        old.egressIsolated,
        old.ingressRules,
        old.egressRules,
        old.ingressRulesOf,
        old.egressRulesOf,
        old.peerSets,
        old.allPeerSetId,
        old.resolution,
        old.resolvingClasses,
        atoms,
        old.policyTargets,
        plans,
        tierPlan,
        hairpin,
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
    int[] ingressIsolators = memo.ingressIsolators.clone();
    int[] egressIsolators = memo.egressIsolators.clone();
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
      kill(ingress, memo.ingressFirst[oldSlot], memo.ingressCount[oldSlot], ingressRulesOf);
      kill(egress, memo.egressFirst[oldSlot], memo.egressCount[oldSlot], egressRulesOf);
      if (removed.isolates(PolicyType.INGRESS)) {
        slots.count(ingressIsolators, oldTargets, -1);
      }
      if (removed.isolates(PolicyType.EGRESS)) {
        slots.count(egressIsolators, oldTargets, -1);
      }
      isolation(ingressIsolated, ingressIsolators, oldTargets);
      isolation(egressIsolated, egressIsolators, oldTargets);
      countBoundaries(removed, -1, fixed, named);
    }
    int[] ingressFirst = Arrays.copyOf(memo.ingressFirst, slotCount + (added == null ? 0 : 1));
    int[] ingressCount = Arrays.copyOf(memo.ingressCount, ingressFirst.length);
    int[] egressFirst = Arrays.copyOf(memo.egressFirst, ingressFirst.length);
    int[] egressCount = Arrays.copyOf(memo.egressCount, ingressFirst.length);
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
        slots.count(in ? ingressIsolators : egressIsolators, targets, 1);
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
            ingressFirst,
            ingressCount, egressFirst, egressCount, ingressIsolators, egressIsolators,
            fixedBoundaries, namedUse, memo.tierStarts, memo.tierSight);
    return new Index(
        cluster,
        options,
        old.classPods,
        old.classOfPod,
        ingressIsolated,
        egressIsolated,
        ImmutableList.copyOf(ingress),
        ImmutableList.copyOf(egress),
        ingressRulesOf,
        egressRulesOf,
        ImmutableList.copyOf(peerSetList),
        allPeerSetId[0],
        old.resolution,
        old.resolvingClasses,
        atoms,
        ImmutableList.copyOf(targetsBySlot),
        plans,
        old.tiers,
        old.hairpinTiers,
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
    slots = new Slots(count, n);
    for (int pi = 0; pi < count; pi++) {
      NetworkPolicy policy = policies.get(pi);
      long[] targets = targets(policy);
      policyTargets.add(targets);
      slots.ingressFirst[pi] = ingress.size();
      slots.egressFirst[pi] = egress.size();
      if (policy.isolates(PolicyType.INGRESS)) {
        Bits.or(ingressIsolated, targets);
        slots.count(slots.ingressIsolators, targets, 1);
        for (NetworkPolicyRule r : policy.rules(PolicyType.INGRESS)) {
          ingress.add(compile(pi, policy, targets, r));
        }
      }
      if (policy.isolates(PolicyType.EGRESS)) {
        Bits.or(egressIsolated, targets);
        slots.count(slots.egressIsolators, targets, 1);
        for (NetworkPolicyRule r : policy.rules(PolicyType.EGRESS)) {
          egress.add(compile(pi, policy, targets, r));
        }
      }
      slots.ingressCount[pi] = ingress.size() - slots.ingressFirst[pi];
      slots.egressCount[pi] = egress.size() - slots.egressFirst[pi];
    }
    BitsKey allKey = new BitsKey(Bits.all(n));
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
            slots.ingressFirst,
            slots.ingressCount,
            slots.egressFirst,
            slots.egressCount,
            slots.ingressIsolators,
            slots.egressIsolators,
            fixedBoundaries,
            namedUse,
            tierStarts,
            tiers.sight());
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
        tiers.compileHairpin(representatives),
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

  private Slots slots = new Slots(0, 0);

  /** Where each policy's rules went, and how many policies isolate each class. */
  private static final class Slots {
    final int[] ingressFirst;
    final int[] ingressCount;
    final int[] egressFirst;
    final int[] egressCount;
    final int[] ingressIsolators;
    final int[] egressIsolators;

    Slots(int policies, int classes) {
      ingressFirst = new int[policies];
      ingressCount = new int[policies];
      egressFirst = new int[policies];
      egressCount = new int[policies];
      ingressIsolators = new int[classes];
      egressIsolators = new int[classes];
    }

    void count(int[] isolators, long[] targets, int sign) {
      for (int c = Bits.next(targets, 0); c >= 0; c = Bits.next(targets, c + 1)) {
        isolators[c] += sign;
      }
    }
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
    classOfPosition = new int[pods.size()];
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
      classOfPosition[i] = cls;
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
    long[] peers = peerClasses(policy, rule);
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

  /** The classes a rule's peers admit: every class for a rule without peers. */
  private long[] peerClasses(NetworkPolicy policy, NetworkPolicyRule rule) {
    int n = classPods.size();
    if (rule.allPeers()) {
      return Bits.all(n);
    }
    long[] peers = new long[Bits.words(n)];
    for (NetworkPolicyPeer peer : rule.peers()) {
      if (peer instanceof PodPeer) {
        Bits.or(peers, podPeerClasses(policy.namespace(), (PodPeer) peer));
      } else {
        Bits.or(peers, ipBlockClasses[ipBlocks.get((IpBlockPeer) peer)]);
      }
    }
    return peers;
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
