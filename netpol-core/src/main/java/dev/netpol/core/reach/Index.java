package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The compiled form of a cluster: pod classes, isolation, compiled rules and port atoms. */
final class Index {
  /** Every IPv4 and IPv6 address: what a rule without peers admits outside the cluster. */
  static final ImmutableRangeSet<IpAddress> ALL_ADDRESSES =
      NetworkPolicyRule.allowAll().outsideAddresses();

  /** A named port entry as the index keys its resolutions. */
  record NamedPortKey(String name, Protocol protocol) {
    static NamedPortKey of(NetworkPolicyPort namedEntry) {
      return new NamedPortKey(namedEntry.name().orElseThrow(), namedEntry.protocol());
    }
  }

  /**
   * The atom holding a port: the index of the last atom start at or before it. Every port atom
   * lookup of the engine goes through here.
   */
  static int atomOf(int[] atomStarts, int port) {
    int i = java.util.Arrays.binarySearch(atomStarts, port);
    return i >= 0 ? i : -i - 2;
  }

  /**
   * How one protocol's rules behave across its port atoms: static rules admit every port of the
   * protocol (or none, and are left out); dynamic rules are listed under each atom they admit.
   */
  record ProtocolPlan(
      int[] atomStarts,
      int[] staticIngress,
      int[] staticEgress,
      int[][] ingressByAtom,
      int[][] egressByAtom) {

    int atomOf(int port) {
      return Index.atomOf(atomStarts, port);
    }
  }

  final Cluster cluster;
  final EvaluationOptions options;
  final int size;
  final long[] all;
  final ImmutableList<ImmutableList<Pod>> classPods;
  final Map<String, Integer> classOfPod;
  final long[] ingressIsolated;
  final long[] egressIsolated;
  final ImmutableList<Rule> ingressRules;
  final ImmutableList<Rule> egressRules;
  final int[][] ingressRulesOf;
  final int[][] egressRulesOf;
  final ImmutableList<long[]> peerSets;
  /** Each peer set's classes as a list, made when first asked (atomically published). */
  private final java.util.concurrent.atomic.AtomicReferenceArray<int[]> peerMembers;
  final int allPeerSetId;
  final ImmutableMap<NamedPortKey, int[]> resolution;
  final ImmutableMap<NamedPortKey, Map<Integer, long[]>> resolvingClasses;
  final ImmutableMap<Protocol, int[]> atomStarts;
  final ImmutableList<long[]> policyTargets;
  final ImmutableMap<Protocol, ProtocolPlan> plans;
  /** The cluster-scoped tiers, or null when the cluster has no cluster-scoped policy. */
  final @Nullable TierPlan tiers;
  /**
   * The tiers a pod's traffic to itself goes through, without the policies that exempt it
   * (docs/cluster-policies.md#hairpin); null when no policy exempts it.
   */
  final @Nullable TierPlan hairpinTiers;
  /** What this index was compiled from, to compile a changed copy of the cluster quickly. */
  final @Nullable IndexMemo memo;

  /** The pod classes: each class's pods, and each pod's class by pod id. */
  record Classes(ImmutableList<ImmutableList<Pod>> pods, Map<String, Integer> ofPod) {}

  /**
   * The NetworkPolicies compiled: the classes they isolate per direction, their rules (by rule
   * number), each class's rule numbers, the rules' distinct peer sets (and the one holding every
   * class, or -1), and the classes of each policy slot.
   */
  record Policies(
      long[] ingressIsolated,
      long[] egressIsolated,
      ImmutableList<Rule> ingressRules,
      ImmutableList<Rule> egressRules,
      int[][] ingressRulesOf,
      int[][] egressRulesOf,
      ImmutableList<long[]> peerSets,
      int allPeerSetId,
      ImmutableList<long[]> policyTargets) {}

  /**
   * The ports: what each named port resolves to per class (and the classes per number), the
   * port atoms of each protocol, and each protocol's {@link ProtocolPlan}.
   */
  record Ports(
      ImmutableMap<NamedPortKey, int[]> resolution,
      ImmutableMap<NamedPortKey, Map<Integer, long[]>> resolvingClasses,
      ImmutableMap<Protocol, int[]> atomStarts,
      ImmutableMap<Protocol, ProtocolPlan> plans) {}

  /** The cluster-scoped tiers and the hairpin tiers, each null when there are none. */
  record Tiers(@Nullable TierPlan plan, @Nullable TierPlan hairpin) {}

  Index(
      Cluster cluster,
      EvaluationOptions options,
      Classes classes,
      Policies policies,
      Ports ports,
      Tiers tiers,
      @Nullable IndexMemo memo) {
    this.memo = memo;
    this.cluster = cluster;
    this.options = options;
    this.size = classes.pods().size();
    this.all = Bits.all(size);
    this.classPods = classes.pods();
    this.classOfPod = classes.ofPod();
    this.ingressIsolated = policies.ingressIsolated();
    this.egressIsolated = policies.egressIsolated();
    this.ingressRules = policies.ingressRules();
    this.egressRules = policies.egressRules();
    this.ingressRulesOf = policies.ingressRulesOf();
    this.egressRulesOf = policies.egressRulesOf();
    this.peerSets = policies.peerSets();
    this.peerMembers = new java.util.concurrent.atomic.AtomicReferenceArray<>(peerSets.size());
    this.allPeerSetId = policies.allPeerSetId();
    this.policyTargets = policies.policyTargets();
    this.resolution = ports.resolution();
    this.resolvingClasses = ports.resolvingClasses();
    this.atomStarts = ports.atomStarts();
    this.plans = ports.plans();
    this.tiers = tiers.plan();
    this.hairpinTiers = tiers.hairpin();
  }

  /** This index's pod classes, for an index compiled again with the same classes. */
  Classes classes() {
    return new Classes(classPods, classOfPod);
  }

  /** This index's compiled NetworkPolicies, for an index compiled again with the same ones. */
  Policies policies() {
    return new Policies(ingressIsolated, egressIsolated, ingressRules, egressRules,
        ingressRulesOf, egressRulesOf, peerSets, allPeerSetId, policyTargets);
  }

  /**
   * The classes of a peer set, ascending: most sets of the rules that admit only some ports
   * hold a class or two, which a scan of every word would have to find once per atom.
   */
  int[] peerMembers(int peerSetId) {
    int[] known = peerMembers.get(peerSetId);
    if (known == null) {
      long[] set = peerSets.get(peerSetId);
      known = Bits.positions(set, Integer.MAX_VALUE);
      peerMembers.set(peerSetId, known);
    }
    return known;
  }

  /** The classes a policy of this index's cluster selects (the very object), or null. */
  long @Nullable [] targetsOf(dev.netpol.core.policy.NetworkPolicy policy) {
    java.util.List<dev.netpol.core.policy.NetworkPolicy> policies = cluster.policies();
    for (int i = 0; i < policies.size(); i++) {
      if (policies.get(i) == policy) {
        return policyTargets.get(memo == null ? i : memo.slotOfPosition[i]);
      }
    }
    return null;
  }

  /** The number a named port resolves to on a class, or 0 if it does not resolve. */
  int resolve(String name, Protocol protocol, int cls) {
    int[] numbers = resolution.get(new NamedPortKey(name, protocol));
    return numbers == null ? 0 : numbers[cls];
  }

  /** The classes on which a named port resolves to a number, or null if none does. */
  long @Nullable [] classesResolving(NamedPortKey key, int number) {
    Map<Integer, long[]> byNumber = resolvingClasses.get(key);
    return byNumber == null ? null : byNumber.get(number);
  }

  /** The class of a pod of this cluster, checking that the pod is the cluster's own. */
  int classOf(Pod pod) {
    Integer cls = classOfPod.get(pod.id());
    if (cls == null) {
      throw new IllegalArgumentException(
          "pod " + pod.id() + " is not in the cluster this matrix was built for");
    }
    Pod known = cluster.pod(pod.id()).orElseThrow();
    if (known != pod && !known.equals(pod)) {
      throw new IllegalArgumentException(
          "pod "
              + pod.id()
              + " differs from the pod of that name in the cluster this matrix was built for"
              + " (labels, ports or addresses changed): rebuild the matrix");
    }
    return cls;
  }
}
