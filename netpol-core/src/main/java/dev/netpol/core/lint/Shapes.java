package dev.netpol.core.lint;

import dev.netpol.core.Cluster;
import dev.netpol.core.model.LabelSelector;
import dev.netpol.core.model.Labels;
import dev.netpol.core.model.Namespace;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPeer;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PodPeer;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pods of a cluster grouped by what selectors can tell apart: their namespace and their
 * labels restricted to the keys some NetworkPolicy selector reads (host-network pods left out:
 * no selector matches them, docs/semantics.md#peers). Which pods a policy selects and which a
 * peer admits are then sorted arrays of shape ids, computed once per distinct selector: this is
 * what keeps lint fast on 100,000 pods whose labels are all different.
 */
final class Shapes {
  private static final int[] NONE = new int[0];

  /** Pods with the same namespace and the same labels on the keys selectors read. */
  record Shape(int id, String namespace, Labels labels, List<Pod> pods) {}

  private final Cluster cluster;
  private final List<Shape> shapes = new ArrayList<>();
  private final Map<String, int[]> byNamespace = new HashMap<>();
  private final Map<List<Object>, int[]> memo = new HashMap<>();
  private final Map<LabelSelector, List<Namespace>> namespaceMemo = new HashMap<>();

  Shapes(Cluster cluster) {
    this.cluster = cluster;
    Set<String> keys = new TreeSet<>();
    for (NetworkPolicy p : cluster.policies()) {
      keys.addAll(p.podSelector().keys());
      for (PolicyType d : PolicyType.values()) {
        for (NetworkPolicyRule r : d == PolicyType.INGRESS ? p.ingress() : p.egress()) {
          for (NetworkPolicyPeer peer : r.peers()) {
            if (peer instanceof PodPeer pp) {
              pp.podSelector().ifPresent(s -> keys.addAll(s.keys()));
            }
          }
        }
      }
    }
    Map<String, Map<Map<String, String>, List<Pod>>> grouped = new LinkedHashMap<>();
    for (Pod pod : cluster.pods()) {
      if (pod.hostNetwork()) {
        continue;
      }
      Map<String, String> projected = new TreeMap<>();
      pod.labels().asMap().forEach((k, v) -> {
        if (keys.contains(k)) {
          projected.put(k, v);
        }
      });
      grouped.computeIfAbsent(pod.namespace(), n -> new LinkedHashMap<>())
          .computeIfAbsent(projected, l -> new ArrayList<>())
          .add(pod);
    }
    grouped.forEach((ns, byLabels) -> {
      int[] ids = new int[byLabels.size()];
      int i = 0;
      for (Map.Entry<Map<String, String>, List<Pod>> e : byLabels.entrySet()) {
        Shape s = new Shape(shapes.size(), ns, Labels.copyOf(e.getKey()), e.getValue());
        shapes.add(s);
        ids[i++] = s.id();
      }
      byNamespace.put(ns, ids);
    });
  }

  int size() {
    return shapes.size();
  }

  Shape get(int id) {
    return shapes.get(id);
  }

  /** The shapes of one namespace, ascending. */
  int[] in(String namespace) {
    return byNamespace.getOrDefault(namespace, NONE);
  }

  /** The shapes a policy selects (docs/semantics.md#isolation), ascending. */
  int[] selected(NetworkPolicy policy) {
    return memo.computeIfAbsent(
        List.of("selected", policy.namespace(), policy.podSelector()),
        k -> filter(in(policy.namespace()), policy.podSelector()));
  }

  /** The shapes a selector peer admits (docs/semantics.md#peers), ascending. */
  int[] admitted(String policyNamespace, PodPeer peer) {
    List<Object> key = List.of(
        "peer",
        peer.namespaceSelector().isPresent() ? "" : policyNamespace,
        peer.namespaceSelector(),
        peer.podSelector());
    return memo.computeIfAbsent(key, k -> {
      LabelSelector pods = peer.podSelector().orElse(LabelSelector.everything());
      if (peer.namespaceSelector().isEmpty()) {
        return filter(in(policyNamespace), pods);
      }
      List<int[]> parts = new ArrayList<>();
      for (Namespace n : namespaces(peer.namespaceSelector().get())) {
        parts.add(filter(in(n.name()), pods));
      }
      return union(parts);
    });
  }

  /** The namespaces a selector matches, in name order. */
  List<Namespace> namespaces(LabelSelector selector) {
    return namespaceMemo.computeIfAbsent(selector, s -> {
      List<Namespace> out = new ArrayList<>();
      for (Namespace n : cluster.namespaces()) {
        if (s.matches(n.labels())) {
          out.add(n);
        }
      }
      return out;
    });
  }

  private int[] filter(int[] ids, LabelSelector selector) {
    if (selector.isEmpty()) {
      return ids;
    }
    int[] out = new int[ids.length];
    int n = 0;
    for (int id : ids) {
      if (selector.matches(shapes.get(id).labels())) {
        out[n++] = id;
      }
    }
    return Arrays.copyOf(out, n);
  }

  static int[] union(List<int[]> parts) {
    int size = 0;
    for (int[] p : parts) {
      size += p.length;
    }
    int[] all = new int[size];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    Arrays.sort(all);
    int n = 0;
    for (int i = 0; i < all.length; i++) {
      if (n == 0 || all[n - 1] != all[i]) {
        all[n++] = all[i];
      }
    }
    return Arrays.copyOf(all, n);
  }

  /** Whether every id of a (ascending) is in b (ascending). */
  static boolean subset(int[] a, int[] b) {
    if (a.length > b.length) {
      return false;
    }
    int j = 0;
    for (int x : a) {
      while (j < b.length && b[j] < x) {
        j++;
      }
      if (j == b.length || b[j] != x) {
        return false;
      }
      j++;
    }
    return true;
  }
}
