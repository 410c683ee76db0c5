package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.NetworkPolicy;
import dev.netpol.core.policy.NetworkPolicyPort;
import dev.netpol.core.policy.NetworkPolicyRule;
import dev.netpol.core.policy.PolicyType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MatrixDiff} of two matrices that share their pod classes and differ by one policy,
 * computed from the only cells that policy can flip (docs/what-if.md#how-it-is-computed). A
 * NetworkPolicy isolating egress decides the rows of the classes it selects, one isolating
 * ingress their columns, and their outside sets. A cluster-scoped policy decides only cells
 * between its subjects and its rules' peers (a cell its rules do not match is judged by the
 * rules after it, as without it): for egress rules, the rows of its subjects or the columns of
 * the peers, whichever are fewer; for ingress rules, the columns of its subjects or the rows of
 * the peers; and its subjects' outside sets where a rule has addresses outside the pods. Either
 * way also the own cells of the pods of those rows and columns. Each such row and column is computed on both sides, straight from that side's
 * compiled rules and cluster-scoped tiers, on the atoms where the policy's rules (either version)
 * admit the port (every atom if a NetworkPolicy changed a class's isolation). Valid with one
 * compilation (no per-family cells); the result equals {@link MatrixDiff#between}.
 */
final class SparseDiff {
  private final ReachabilityMatrix before;
  private final ReachabilityMatrix after;
  private final int[] rows;
  private final int[] columns;
  /** The classes whose egress to, and ingress from, addresses outside the pods may differ. */
  private final int[] egressOutside;
  private final int[] ingressOutside;
  private final int[][] positions;
  private final List<Pod> pods;
  /** Whether the cells of the rows and columns may differ on a port atom. */
  private final Predicate<Port> touches;

  private SparseDiff(
      ReachabilityMatrix before,
      ReachabilityMatrix after,
      int[] rows,
      int[] columns,
      int[] egressOutside,
      int[] ingressOutside,
      Predicate<Port> touches) {
    this.before = before;
    this.after = after;
    this.rows = rows;
    this.columns = columns;
    this.egressOutside = egressOutside;
    this.ingressOutside = ingressOutside;
    this.positions = after.index().memo.podPositions;
    this.pods = after.cluster().pods();
    this.touches = touches;
  }

  /**
   * Whether two matrices qualify: same classes and pods, one compilation each. Their
   * NetworkPolicy rules and tiers differ at most by the policy whose diff is asked.
   */
  static boolean applies(ReachabilityMatrix before, ReachabilityMatrix after) {
    Index b = before.index();
    Index a = after.index();
    return a.memo != null
        && a.classPods == b.classPods
        && a.cluster.pods() == b.cluster.pods()
        && before.families() instanceof SingleFamily
        && after.families() instanceof SingleFamily;
  }

  /**
   * The diff of a NetworkPolicy change, given the policy's version before (null if added) with
   * its classes, and after (null if removed) with its classes; the tiers are the same.
   */
  static MatrixDiff compute(
      ReachabilityMatrix before,
      ReachabilityMatrix after,
      @Nullable NetworkPolicy removed,
      long @Nullable [] removedTargets,
      @Nullable NetworkPolicy added,
      long @Nullable [] addedTargets) {
    int words = before.index().all.length;
    long[] egress = new long[words];
    long[] ingress = new long[words];
    List<NetworkPolicyRule> rules = new java.util.ArrayList<>();
    if (removed != null) {
      select(removed, removedTargets, egress, ingress, rules);
    }
    if (added != null) {
      select(added, addedTargets, egress, ingress, rules);
    }
    int[] rows = members(egress);
    int[] columns = members(ingress);
    boolean isolationChanged = isolationChanged(before.index(), after.index(), rows, columns);
    Predicate<Port> touches = port -> isolationChanged || admits(rules, port);
    return new SparseDiff(before, after, rows, columns, rows, columns, touches).compute();
  }

  /**
   * The diff of a cluster-scoped policy change, given the policy's version before (null if
   * added) and after (null if removed): the pods and NetworkPolicies are the same.
   */
  static MatrixDiff compute(
      ReachabilityMatrix before,
      ReachabilityMatrix after,
      @Nullable ClusterPolicy removed,
      @Nullable ClusterPolicy added) {
    int words = before.index().all.length;
    TierPlan tiersBefore = before.index().tiers;
    TierPlan tiersAfter = after.index().tiers;
    long[] rows = new long[words];
    long[] columns = new long[words];
    long[] egressOutside = new long[words];
    long[] ingressOutside = new long[words];
    List<TierRule> beforeRules = new java.util.ArrayList<>();
    List<TierRule> afterRules = new java.util.ArrayList<>();
    for (PolicyType direction : PolicyType.values()) {
      List<TierRule> rules = new java.util.ArrayList<>(rulesOf(tiersBefore, removed, direction));
      beforeRules.addAll(rules);
      afterRules.addAll(rulesOf(tiersAfter, added, direction));
      rules.addAll(rulesOf(tiersAfter, added, direction));
      long[] subjects = new long[words];
      long[] peers = new long[words];
      boolean outside = false;
      for (TierRule r : rules) {
        Bits.or(subjects, r.subjects);
        Bits.or(peers, r.peers);
        outside |= !r.outside.isEmpty();
      }
      // The rules decide only cells between their subjects and their peers: the side with fewer
      // classes gives the rows or columns to compute (egress: subjects are sources).
      boolean egress = direction == PolicyType.EGRESS;
      boolean bySubjects = Bits.cardinality(subjects) <= Bits.cardinality(peers);
      Bits.or(egress == bySubjects ? rows : columns, bySubjects ? subjects : peers);
      if (outside) {
        Bits.or(egress ? egressOutside : ingressOutside, subjects);
      }
    }
    Predicate<Port> touches = port ->
        beforeRules.stream().anyMatch(r -> r.admitsSomewhere(port, tiersBefore))
            || afterRules.stream().anyMatch(r -> r.admitsSomewhere(port, tiersAfter));
    return new SparseDiff(before, after, members(rows), members(columns),
        members(egressOutside), members(ingressOutside), touches).compute();
  }

  /** The compiled rules of one version of a policy in one direction, none if it is absent. */
  private static List<TierRule> rulesOf(
      @Nullable TierPlan tiers, @Nullable ClusterPolicy policy, PolicyType direction) {
    return tiers == null || policy == null ? List.of() : tiers.rulesOf(policy, direction);
  }

  private static void select(
      NetworkPolicy policy,
      long[] targets,
      long[] egress,
      long[] ingress,
      List<NetworkPolicyRule> rules) {
    for (PolicyType direction : PolicyType.values()) {
      if (policy.isolates(direction)) {
        Bits.or(direction == PolicyType.EGRESS ? egress : ingress, targets);
        rules.addAll(policy.rules(direction));
      }
    }
  }

  /**
   * Whether one of a NetworkPolicy's rules may admit the port (a named port is taken to admit
   * every atom of its protocol).
   */
  private static boolean admits(List<NetworkPolicyRule> rules, Port port) {
    for (NetworkPolicyRule r : rules) {
      if (r.ports().isEmpty()) {
        return true;
      }
      for (NetworkPolicyPort entry : r.ports()) {
        if (entry.name().isPresent()
            ? entry.protocol() == port.protocol()
            : entry.matchesOnEveryDestination(port)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isolationChanged(Index b, Index a, int[] rows, int[] columns) {
    for (int s : rows) {
      if (Bits.get(b.egressIsolated, s) != Bits.get(a.egressIsolated, s)) {
        return true;
      }
    }
    for (int d : columns) {
      if (Bits.get(b.ingressIsolated, d) != Bits.get(a.ingressIsolated, d)) {
        return true;
      }
    }
    return false;
  }

  private static int[] members(long[] bits) {
    int[] out = new int[Bits.cardinality(bits)];
    int k = 0;
    for (int c = Bits.next(bits, 0); c >= 0; c = Bits.next(bits, c + 1)) {
      out[k++] = c;
    }
    return out;
  }

  private MatrixDiff compute() {
    MatrixDiff.Changes changes = new MatrixDiff.Changes();
    MatrixDiff.OutsideChanges outside = new MatrixDiff.OutsideChanges();
    Index bi = before.index();
    Index ai = after.index();
    Map<Protocol, Side> sidesBefore = new EnumMap<>(Protocol.class);
    Map<Protocol, Side> sidesAfter = new EnumMap<>(Protocol.class);
    int n = ai.size;
    int[] union = union(rows, columns);
    for (PortRange atom : MatrixDiff.combinedAtoms(before, after)) {
      Port port = atom.representative();
      if (!touches.test(port)) {
        continue;
      }
      Side sb = sidesBefore.computeIfAbsent(atom.protocol(), p -> new Side(bi, p));
      Side sa = sidesAfter.computeIfAbsent(atom.protocol(), p -> new Side(ai, p));
      sb.at(port);
      sa.at(port);
      // Changed cells by source class: a row of changed destinations and their old answers.
      long[][] changed = null;
      long[][] was = null;
      for (int s : rows) {
        long[] rb = sb.row(s, port);
        long[] ra = sa.row(s, port);
        for (int w = 0; w < rb.length; w++) {
          long x = rb[w] ^ ra[w];
          if (x != 0) {
            if (changed == null) {
              changed = new long[n][];
              was = new long[n][];
            }
            mark(changed, was, s, w, x, rb[w], rb.length);
          }
        }
      }
      for (int d : columns) {
        long[] cb = sb.column(d, port);
        long[] ca = sa.column(d, port);
        for (int w = 0; w < cb.length; w++) {
          long x = cb[w] ^ ca[w];
          while (x != 0) {
            int s = (w << 6) + Long.numberOfTrailingZeros(x);
            x &= x - 1;
            if (changed == null) {
              changed = new long[n][];
              was = new long[n][];
            }
            boolean old = Bits.get(cb, s);
            mark(changed, was, s, d >>> 6, 1L << d, old ? 1L << d : 0, cb.length);
          }
        }
      }
      if (changed != null) {
        emit(changes, changed, was, atom);
      }
      for (int c : union) {
        boolean selfBefore = before.selfAllowed(c, port);
        if (selfBefore != after.selfAllowed(c, port)) {
          for (int i : positions[c]) {
            String id = pods.get(i).id();
            changes.add(i, i, id, id, atom, selfBefore);
          }
        }
      }
      for (PolicyType direction : PolicyType.values()) {
        boolean egress = direction == PolicyType.EGRESS;
        for (int c : egress ? egressOutside : ingressOutside) {
          int[] at = positions[c];
          MatrixDiff.addOutside(
              outside,
              at.length,
              k -> at[k],
              k -> pods.get(at[k]).id(),
              direction,
              atom,
              egress ? before.egressToOutside(c, port) : before.ingressFromOutside(c, port),
              egress ? after.egressToOutside(c, port) : after.ingressFromOutside(c, port));
        }
      }
    }
    return new MatrixDiff(changes.build(), outside.build(), ImmutableList.of(), ImmutableList.of());
  }

  private static void mark(
      long[][] changed, long[][] was, int s, int word, long bits, long oldBits, int words) {
    if (changed[s] == null) {
      changed[s] = new long[words];
      was[s] = new long[words];
    }
    changed[s][word] |= bits;
    was[s][word] = (was[s][word] & ~bits) | (oldBits & bits);
  }

  /** Adds every pair of distinct pods of the changed class pairs (own cells are apart). */
  private void emit(
      MatrixDiff.Changes changes, long[][] changed, long[][] was, PortRange atom) {
    for (int s = 0; s < changed.length; s++) {
      long[] row = changed[s];
      if (row == null) {
        continue;
      }
      int[] from = positions[s];
      for (int d = Bits.next(row, 0); d >= 0; d = Bits.next(row, d + 1)) {
        boolean allowedBefore = Bits.get(was[s], d);
        int[] to = positions[d];
        for (int i : from) {
          String source = pods.get(i).id();
          for (int j : to) {
            if (i != j) {
              changes.add(i, j, source, pods.get(j).id(), atom, allowedBefore);
            }
          }
        }
      }
    }
  }

  private static int[] union(int[] a, int[] b) {
    return java.util.stream.IntStream.concat(
            java.util.Arrays.stream(a), java.util.Arrays.stream(b))
        .distinct()
        .sorted()
        .toArray();
  }

  /**
   * One index's answers on one protocol, a row or a column at a time: the part the rules that
   * admit every port of the protocol give is computed once per row or column.
   */
  private static final class Side {
    private final Index index;
    private final Index.ProtocolPlan plan;
    private final Map<Integer, long[]> staticIngressTo = new java.util.HashMap<>();
    private final Map<Integer, long[]> staticEgressFrom = new java.util.HashMap<>();

    /**
     * The tiers on the current atom, made a source at a time when a row first needs them; null
     * before that or without cluster-scoped policies.
     */
    private TierPlan.@Nullable Overlay tiers;

    private @Nullable Port at;

    Side(Index index, Protocol protocol) {
      this.index = index;
      this.plan = index.plans.get(protocol);
    }

    /** Moves to the atom of a port. */
    void at(Port port) {
      at = port;
      tiers = null;
      columns = index.tiers == null ? null : index.tiers.columns(port);
    }

    /** The tiers toward destinations on the current atom, or null without tiers. */
    private TierPlan.@Nullable Columns columns;

    /** The destination classes a source class may reach on a port. */
    long[] row(int s, Port port) {
      long[] all = index.all;
      long[] egress;
      if (!Bits.get(index.egressIsolated, s)) {
        egress = all;
      } else {
        egress = new long[all.length];
        for (int ri : index.egressRulesOf[s]) {
          Rule r = index.egressRules.get(ri);
          long[] d = r.admittedDestinations(port, index, all);
          if (d != null) {
            for (int w = 0; w < egress.length; w++) {
              egress[w] |= r.peers[w] & d[w];
            }
          }
        }
      }
      long[] ingress = staticIngressTo.computeIfAbsent(s, this::staticIngressTo).clone();
      for (int ri : plan.ingressByAtom()[plan.atomOf(port.number())]) {
        Rule r = index.ingressRules.get(ri);
        if (Bits.get(r.peers, s)) {
          long[] d = r.admittedDestinations(port, index, all);
          if (d != null) {
            for (int w = 0; w < ingress.length; w++) {
              ingress[w] |= r.targets[w] & d[w];
            }
          }
        }
      }
      if (index.tiers != null) {
        return layered(s, egress, ingress);
      }
      for (int w = 0; w < ingress.length; w++) {
        ingress[w] &= egress[w];
      }
      return ingress;
    }

    /**
     * A source's row through the cluster-scoped tiers: {@link AtomCells#layer}, which uses
     * {@link Layers#admitted} (docs/cluster-policies.md#layers), from the source's NetworkPolicy
     * rows ({@code egress} counts only where a NetworkPolicy isolates the source).
     */
    private long[] layered(int s, long[] egress, long[] ingress) {
      if (tiers == null) {
        // Only the rows of the sources asked for: a whole overlay is a pass over every class.
        tiers = new TierPlan.Overlay(index.tiers, at, true);
      }
      tiers.fill(s);
      long[] row = new long[ingress.length];
      AtomCells.layer(
          index, tiers, s, Bits.get(index.egressIsolated, s) ? egress : null, ingress, null, row);
      return row;
    }

    /** The destinations whose ingress admits a source on every port of the protocol. */
    private long[] staticIngressTo(int s) {
      long[] out = new long[index.all.length];
      for (int w = 0; w < out.length; w++) {
        out[w] = index.all[w] & ~index.ingressIsolated[w];
      }
      for (int ri : plan.staticIngress()) {
        Rule r = index.ingressRules.get(ri);
        if (Bits.get(r.peers, s)) {
          Bits.or(out, r.targets);
        }
      }
      return out;
    }

    /** The source classes that may reach a destination class on a port. */
    long[] column(int d, Port port) {
      long[] all = index.all;
      long[] ingress;
      if (!Bits.get(index.ingressIsolated, d)) {
        ingress = all;
      } else {
        ingress = new long[all.length];
        for (int ri : index.ingressRulesOf[d]) {
          Rule r = index.ingressRules.get(ri);
          if (r.portsAdmit(port, d, index)) {
            Bits.or(ingress, r.peers);
          }
        }
      }
      long[] egress = staticEgressFrom.computeIfAbsent(d, this::staticEgressFrom).clone();
      for (int ri : plan.egressByAtom()[plan.atomOf(port.number())]) {
        Rule r = index.egressRules.get(ri);
        if (Bits.get(r.peers, d) && r.portsAdmit(port, d, index)) {
          Bits.or(egress, r.targets);
        }
      }
      if (columns != null) {
        return layeredColumn(d, egress, ingress);
      }
      for (int w = 0; w < egress.length; w++) {
        egress[w] &= ingress[w];
      }
      return egress;
    }

    /**
     * A destination's column through the tiers: {@link Layers#admitted} (the layering of
     * docs/cluster-policies.md#layers) a word of sources at a time, from the tiers toward the
     * destination ({@link TierPlan.Column}) and the NetworkPolicy column ({@code egress}: the
     * sources whose egress admits it, every source no NetworkPolicy isolates included; {@code
     * ingress}: those its ingress admits, every source when none isolates it).
     */
    private long[] layeredColumn(int d, long[] egress, long[] ingress) {
      TierPlan.Column t = columns.of(d);
      long ingressIsolated = Bits.get(index.ingressIsolated, d) ? -1L : 0;
      long[] column = new long[egress.length];
      for (int w = 0; w < column.length; w++) {
        column[w] = Layers.admitted(
            t.adminAcceptEgress()[w], t.adminDenyEgress()[w], index.egressIsolated[w],
            egress[w], t.baselineDenyEgress()[w],
            t.adminAcceptIngress()[w], t.adminDenyIngress()[w], ingressIsolated,
            ingress[w], t.baselineDenyIngress()[w]) & index.all[w];
      }
      return column;
    }

    /** The sources whose egress admits a destination on every port of the protocol. */
    private long[] staticEgressFrom(int d) {
      long[] out = new long[index.all.length];
      for (int w = 0; w < out.length; w++) {
        out[w] = index.all[w] & ~index.egressIsolated[w];
      }
      for (int ri : plan.staticEgress()) {
        Rule r = index.egressRules.get(ri);
        if (Bits.get(r.peers, d)) {
          Bits.or(out, r.targets);
        }
      }
      return out;
    }
  }
}
