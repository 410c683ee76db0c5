package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What an {@link Index} was compiled from, kept so that a changed copy of the cluster can be
 * compiled again without regrouping its pods ({@link IndexBuilder#update}): what the classes
 * tell apart, where each NetworkPolicy's rules are, and who contributes each port atom boundary.
 * Nothing here is written after construction; an update makes new arrays where it changes them.
 */
final class IndexMemo {
  /** The label keys the classes tell apart. */
  final ImmutableSet<String> labelKeys;
  /** The named port entries resolved on every class. */
  final ImmutableSet<NetworkPolicyPort> namedPorts;
  /** The ipBlocks the classes tell apart, by their row in {@link #ipBlockClasses}. */
  final ImmutableMap<IpBlockPeer, Integer> ipBlocks;
  final long[][] ipBlockClasses;
  final ImmutableList<Pod> representatives;
  final Map<String, List<Integer>> classesByNamespace;
  /** Per class, the positions of its pods in {@code cluster.pods()}, ascending. */
  final int[][] podPositions;

  /**
   * The slot of each NetworkPolicy of the cluster, in {@code cluster.policies()} order: slots
   * index {@link Index#policyTargets} and {@link Rule#policy}. A removed policy leaves its slot
   * empty (no targets, its rules selecting nothing) and a new version takes a new slot.
   */
  final int[] slotOfPosition;
  /** Where each slot's rules are, and how many policies isolate each class. */
  final Slots slots;

  /** Per protocol, how many port entries of NetworkPolicies start an atom at each port. */
  final ImmutableMap<Protocol, ImmutableMap<Integer, Integer>> fixedBoundaries;
  /** How many NetworkPolicy port entries use each named port. */
  final ImmutableMap<Index.NamedPortKey, Integer> namedUse;
  /** Per protocol, the atom starts the cluster-scoped tiers contribute. */
  final ImmutableMap<Protocol, int[]> tierStarts;
  /** The address peers and named ports of cluster-scoped policies the classes tell apart. */
  final TierCompiler.Sight tierSight;

  IndexMemo(
      ImmutableSet<String> labelKeys,
      ImmutableSet<NetworkPolicyPort> namedPorts,
      ImmutableMap<IpBlockPeer, Integer> ipBlocks,
      long[][] ipBlockClasses,
      ImmutableList<Pod> representatives,
      Map<String, List<Integer>> classesByNamespace,
      int[][] podPositions,
      int[] slotOfPosition,
      Slots slots,
      ImmutableMap<Protocol, ImmutableMap<Integer, Integer>> fixedBoundaries,
      ImmutableMap<Index.NamedPortKey, Integer> namedUse,
      ImmutableMap<Protocol, int[]> tierStarts,
      TierCompiler.Sight tierSight) {
    this.labelKeys = labelKeys;
    this.namedPorts = namedPorts;
    this.ipBlocks = ipBlocks;
    this.ipBlockClasses = ipBlockClasses;
    this.representatives = representatives;
    this.classesByNamespace = classesByNamespace;
    this.podPositions = podPositions;
    this.slotOfPosition = slotOfPosition;
    this.slots = slots;
    this.fixedBoundaries = fixedBoundaries;
    this.namedUse = namedUse;
    this.tierStarts = tierStarts;
    this.tierSight = tierSight;
  }

  /**
   * Per NetworkPolicy slot, where its ingress and egress rules start in the index's rule lists
   * and how many there are; per class, how many policies isolate it for ingress and for egress.
   * Written only by the {@link IndexBuilder} filling it (a new build, or an update working on
   * {@link #copy}); once an {@link IndexMemo} holds it, nobody writes to it again.
   */
  static final class Slots {
    final int[] ingressFirst;
    final int[] ingressCount;
    final int[] egressFirst;
    final int[] egressCount;
    final int[] ingressIsolators;
    final int[] egressIsolators;

    /** Empty slots for a build: every count zero. */
    Slots(int policies, int classes) {
      this(new int[policies], new int[policies], new int[policies], new int[policies],
          new int[classes], new int[classes]);
    }

    private Slots(
        int[] ingressFirst,
        int[] ingressCount,
        int[] egressFirst,
        int[] egressCount,
        int[] ingressIsolators,
        int[] egressIsolators) {
      this.ingressFirst = ingressFirst;
      this.ingressCount = ingressCount;
      this.egressFirst = egressFirst;
      this.egressCount = egressCount;
      this.ingressIsolators = ingressIsolators;
      this.egressIsolators = egressIsolators;
    }

    /**
     * A copy to write to, with room for {@code policies} slots (the new ones empty): how an
     * update changes the slots of the memo it starts from.
     */
    Slots copy(int policies) {
      return new Slots(
          Arrays.copyOf(ingressFirst, policies),
          Arrays.copyOf(ingressCount, policies),
          Arrays.copyOf(egressFirst, policies),
          Arrays.copyOf(egressCount, policies),
          ingressIsolators.clone(),
          egressIsolators.clone());
    }

    /** Adds {@code sign} to the isolator count of every class of {@code targets}. */
    static void count(int[] isolators, long[] targets, int sign) {
      for (int c = Bits.next(targets, 0); c >= 0; c = Bits.next(targets, c + 1)) {
        isolators[c] += sign;
      }
    }
  }
}
