package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.ClusterPeer;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRule;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.policy.IpBlockPeer;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod-to-pod answers for a cluster whose pods do not all live in one IP family. A connection uses
 * one family at both ends, so an {@code ipBlock} sees only the other end's addresses of that
 * family: the cluster is compiled once per family with every pod keeping only its addresses of
 * that family (and once with no pod address, for pairs sharing no family), and a pair is allowed
 * iff some family both pods have allows it. Pods are grouped into "cells": same family set and
 * same class in each projection; {@link DualStackCells} judges a pair of them.
 */
final class DualStack implements Families {
  /** Projections: IPv4, IPv6, and no pod address at all. */
  static final int V4 = 0;

  static final int V6 = 1;
  static final int NONE = 2;

  /** The whole cluster's compilation: which pods belong, and whether a pod is still theirs. */
  final Index whole;

  /** The compiled projections, indexed by {@link #V4}, {@link #V6}, {@link #NONE}. */
  final ImmutableList<Index> projections;

  /** Per cell: bit 0 set if its pods have an IPv4 address, bit 1 if IPv6. */
  final int[] families;

  /** Per cell and projection: the class in that projection. */
  final int[][] classIn;

  /** Per cell: its pods, in the cluster's order. */
  final ImmutableList<ImmutableList<Pod>> cellPods;

  final Map<String, Integer> cellOfPod;

  private DualStack(
      Index whole,
      ImmutableList<Index> projections,
      int[] families,
      int[][] classIn,
      ImmutableList<ImmutableList<Pod>> cellPods,
      Map<String, Integer> cellOfPod) {
    this.whole = whole;
    this.projections = projections;
    this.families = families;
    this.classIn = classIn;
    this.cellPods = cellPods;
    this.cellOfPod = cellOfPod;
  }

  /**
   * Whether judging per family can change an answer: some pod pair has different family sets and
   * some {@code ipBlock} exists. In a single-stack cluster the plain index is exact.
   */
  static boolean needed(Cluster cluster) {
    int seen = 0;
    boolean mixed = false;
    for (Pod pod : cluster.pods()) {
      int f = familiesOf(pod);
      if (f == 0) {
        continue;
      }
      if (f == 3 || (seen != 0 && seen != f)) {
        mixed = true;
        break;
      }
      seen = f;
    }
    if (mixed && hasIpBlock(cluster)) {
      return true;
    }
    // Cluster-scoped networks/nodes peers see the addresses of the connection's family, and a
    // pod without addresses (host-network, its node's) shares no family with the others.
    return hasAddressPeer(cluster) && (mixed || someWithoutAddress(cluster));
  }

  private static boolean hasAddressPeer(Cluster cluster) {
    return cluster.clusterPolicies().stream().anyMatch(DualStack::hasAddressPeer);
  }

  /** Whether a rule of the policy has a {@code networks} or {@code nodes} peer. */
  static boolean hasAddressPeer(ClusterPolicy policy) {
    for (PolicyType direction : PolicyType.values()) {
      for (ClusterRule r : policy.rules(direction)) {
        if (r.peers().stream()
            .anyMatch(x -> x instanceof ClusterPeer.Networks || x instanceof ClusterPeer.Nodes)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean someWithoutAddress(Cluster cluster) {
    boolean with = false;
    boolean without = false;
    for (Pod pod : cluster.pods()) {
      with |= !pod.ips().isEmpty();
      without |= pod.ips().isEmpty();
    }
    return with && without;
  }

  private static boolean hasIpBlock(Cluster cluster) {
    return cluster.policies().stream().anyMatch(DualStack::hasIpBlock);
  }

  /** Whether a rule of the policy has an {@code ipBlock} peer. */
  static boolean hasIpBlock(NetworkPolicy policy) {
    for (PolicyType direction : PolicyType.values()) {
      for (NetworkPolicyRule r : policy.rules(direction)) {
        if (r.peers().stream().anyMatch(peer -> peer instanceof IpBlockPeer)) {
          return true;
        }
      }
    }
    return false;
  }


  static int familiesOf(Pod pod) {
    int f = 0;
    for (IpAddress ip : pod.ips()) {
      f |= ip.isIpv4() ? 1 : 2;
    }
    return f;
  }

  /** Compiles each projection of the cluster {@code whole} was compiled from, with its options. */
  static DualStack build(Index whole) {
    Cluster cluster = whole.cluster;
    EvaluationOptions options = whole.options;
    ImmutableList<Index> projections =
        ImmutableList.of(
            IndexBuilder.build(project(cluster, 4), options, cluster, 4),
            IndexBuilder.build(project(cluster, 6), options, cluster, 6),
            IndexBuilder.build(project(cluster, 0), options, cluster, TierCompiler.NO_FAMILY));
    Map<List<Integer>, Integer> cellOfKey = new LinkedHashMap<>();
    Map<String, Integer> cellOfPod = new HashMap<>();
    List<List<Pod>> pods = new ArrayList<>();
    List<int[]> keys = new ArrayList<>();
    for (Pod pod : cluster.pods()) {
      int f = familiesOf(pod);
      int[] key = new int[4];
      key[3] = f;
      for (int p = 0; p < 3; p++) {
        key[p] = projections.get(p).classOfPod.get(pod.id());
      }
      List<Integer> k = List.of(key[0], key[1], key[2], key[3]);
      Integer cell = cellOfKey.get(k);
      if (cell == null) {
        cell = pods.size();
        cellOfKey.put(k, cell);
        pods.add(new ArrayList<>());
        keys.add(key);
      }
      pods.get(cell).add(pod);
      cellOfPod.put(pod.id(), cell);
    }
    int n = pods.size();
    int[] families = new int[n];
    int[][] classIn = new int[n][];
    for (int c = 0; c < n; c++) {
      int[] key = keys.get(c);
      families[c] = key[3];
      classIn[c] = new int[] {key[0], key[1], key[2]};
    }
    return new DualStack(
        whole,
        projections,
        families,
        classIn,
        pods.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList()),
        cellOfPod);
  }

  /** The cluster with every pod keeping only its addresses of IP version {@code version}. */
  private static Cluster project(Cluster cluster, int version) {
    return Clusters.copy(
        cluster,
        pod ->
            new Pod(
                pod.namespace(),
                pod.name(),
                pod.labels(),
                pod.ips().stream()
                    .filter(a -> a.version() == version)
                    .collect(ImmutableList.toImmutableList()),
                pod.containerPorts(),
                pod.hostNetwork(),
                pod.owner(),
                pod.node()));
  }

  @Override
  public ImmutableList<Index> compilations() {
    return projections;
  }

  @Override
  public Cells combine(Cells[] perCompilation) {
    return new DualStackCells(this, perCompilation);
  }

  int size() {
    return cellPods.size();
  }

  int cellOf(String podId) {
    return cellOfPod.get(podId);
  }
}
