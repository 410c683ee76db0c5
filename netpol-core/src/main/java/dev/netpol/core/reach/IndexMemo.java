package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicyPort;
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
  /** Per slot, where its ingress and egress rules start in the rule lists, and how many. */
  final int[] ingressFirst;
  final int[] ingressCount;
  final int[] egressFirst;
  final int[] egressCount;
  /** Per class, how many policies isolate it for ingress and for egress. */
  final int[] ingressIsolators;
  final int[] egressIsolators;

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
      int[] ingressFirst,
      int[] ingressCount,
      int[] egressFirst,
      int[] egressCount,
      int[] ingressIsolators,
      int[] egressIsolators,
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
    this.ingressFirst = ingressFirst;
    this.ingressCount = ingressCount;
    this.egressFirst = egressFirst;
    this.egressCount = egressCount;
    this.ingressIsolators = ingressIsolators;
    this.egressIsolators = egressIsolators;
    this.fixedBoundaries = fixedBoundaries;
    this.namedUse = namedUse;
    this.tierStarts = tierStarts;
    this.tierSight = tierSight;
  }
}
