package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.ClusterPolicy;
import dev.netpol.core.policy.ClusterRuleAction;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.policy.Tier;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The cluster-scoped tiers of one compilation (docs/cluster-policies.md#layers): per tier and
 * direction, the compiled rules in the order the tier consults them (policies by priority, ties
 * in the documented order, rules in written order), and the layering of their answers over the
 * NetworkPolicy answer. Per side of a connection: the first Admin rule that matches decides
 * (Accept allows, Deny denies, Pass hands on); else the NetworkPolicy answer where a
 * NetworkPolicy isolates the pod; else the first Baseline rule (Deny denies, Accept or Pass
 * allows); else the connection is allowed.
 *
 * <p>For a whole port atom the tiers are computed as rows of bits ({@link Overlay}): because
 * rules are visited in consulting order and a cell is decided by the first rule that touches it,
 * one pass over the rules gives every cell's first match. Atoms with the same applicable rules
 * share one overlay.
 */
final class TierPlan {
  /** A named port of a cluster-scoped rule, resolved to one port of one protocol. */
  record Naming(String name, Port port) {}

  final int size;
  final long[] all;
  final ImmutableList<TierRule> adminEgress;
  final ImmutableList<TierRule> adminIngress;
  final ImmutableList<TierRule> baselineEgress;
  final ImmutableList<TierRule> baselineIngress;
  /**
   * Per list above and class, the indices of the rules that apply to the class as subject: made
   * for a class when first asked (atomically published, as {@link Index#peerMembers}), so that a
   * plan costs nothing per class to make (an incremental change makes a new one,
   * docs/what-if.md#how-it-is-computed) and a query pays only for the classes it asks about.
   */
  private final java.util.concurrent.atomic.AtomicReferenceArray<int[]>[] rulesOf;
  private final ImmutableMap<Naming, long[]> naming;
  /** The named ports of the rules the naming map was made for. */
  final ImmutableSet<String> portNames;
  /** What the compilation asked of the classes, for a recompilation over the same classes. */
  final TierCompiler.@Nullable Classes classes;
  /** Overlays kept for the atoms that share them; bounded, since each holds rows of bits. */
  private static final int MAX_OVERLAYS = 32;

  private final Map<OverlayKey, Overlay> overlays = new ConcurrentHashMap<>();

  TierPlan(
      int size,
      ImmutableList<TierRule> adminEgress,
      ImmutableList<TierRule> adminIngress,
      ImmutableList<TierRule> baselineEgress,
      ImmutableList<TierRule> baselineIngress,
      ImmutableMap<Naming, long[]> naming,
      ImmutableSet<String> portNames,
      TierCompiler.@Nullable Classes classes) {
    this.size = size;
    this.classes = classes;
    this.all = Bits.all(size);
    this.adminEgress = adminEgress;
    this.adminIngress = adminIngress;
    this.baselineEgress = baselineEgress;
    this.baselineIngress = baselineIngress;
    @SuppressWarnings("unchecked")
    java.util.concurrent.atomic.AtomicReferenceArray<int[]>[] lists =
        new java.util.concurrent.atomic.AtomicReferenceArray[4];
    for (int i = 0; i < lists.length; i++) {
      lists[i] = new java.util.concurrent.atomic.AtomicReferenceArray<>(size);
    }
    this.rulesOf = lists;
    this.naming = naming;
    this.portNames = portNames;
  }

  /** A row of bits compared by content. */
  private record Content(long[] bits) {
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Content c && java.util.Arrays.equals(bits, c.bits);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bits);
    }
  }

  /** Overlay rows by content, so that equal rows of different atoms are one array. */
  private final Map<Content, long[]> interned = new ConcurrentHashMap<>();

  /**
   * The one array of this content among the overlays' rows: atoms whose tiers differ only for
   * some destinations (a named port) share the rows of the sources they leave alike, and the
   * rows layered from them ({@link Baseline#layeredRows}) are found again by identity.
   */
  long[] intern(long[] row) {
    if (interned.size() >= 1 << 14) {
      interned.clear(); // bounded: sharing is an optimisation, never needed for an answer
    }
    long[] known = interned.putIfAbsent(new Content(row), row);
    return known == null ? row : known;
  }

  /** The classes with a container port of that name, number and protocol, or null. */
  long @Nullable [] classesNaming(String name, Port port) {
    return naming.get(new Naming(name, port));
  }

  /**
   * The compiled rules of a policy (the very object) in one direction, in both tiers' lists:
   * those of its version in this plan's cluster.
   */
  List<TierRule> rulesOf(ClusterPolicy policy, PolicyType direction) {
    List<TierRule> out = new java.util.ArrayList<>();
    for (Tier tier : Tier.values()) {
      for (TierRule r : rules(tier, direction)) {
        if (r.policy == policy) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /** The classes naming each named port of the rules, by the port it resolves to. */
  ImmutableMap<Naming, long[]> naming() {
    return naming;
  }

  /** The port numbers named ports resolve to, per protocol: where port atoms must split. */
  Iterable<Naming> namings() {
    return naming.keySet();
  }

  private ImmutableList<TierRule> rules(Tier tier, PolicyType direction) {
    if (tier == Tier.ADMIN) {
      return direction == PolicyType.EGRESS ? adminEgress : adminIngress;
    }
    return direction == PolicyType.EGRESS ? baselineEgress : baselineIngress;
  }

  private int[] rulesOf(Tier tier, PolicyType direction, int subject) {
    int list = (tier == Tier.ADMIN ? 0 : 2) + (direction == PolicyType.EGRESS ? 0 : 1);
    int[] known = rulesOf[list].get(subject);
    if (known == null) {
      List<TierRule> rules = rules(tier, direction);
      int[] out = new int[rules.size()];
      int count = 0;
      for (int ri = 0; ri < out.length; ri++) {
        if (Bits.get(rules.get(ri).subjects, subject)) {
          out[count++] = ri;
        }
      }
      known = java.util.Arrays.copyOf(out, count);
      rulesOf[list].set(subject, known); // a function of the rules: any thread makes the same
    }
    return known;
  }

  /**
   * The first rule of a tier that matches one side of one connection, or null: the subject's
   * rules in consulting order, the first whose peers match the other end and whose ports admit
   * the port on the destination.
   */
  @Nullable TierRule firstMatch(
      Tier tier, PolicyType direction, int subject, int other, int destination, Port port) {
    List<TierRule> rules = rules(tier, direction);
    for (int ri : rulesOf(tier, direction, subject)) {
      TierRule r = rules.get(ri);
      if (Bits.get(r.peers, other) && r.portsAdmit(port, destination, this)) {
        return r;
      }
    }
    return null;
  }

  /**
   * One side of one connection through the layers, {@link Layers#side} on one cell:
   * {@code networkPolicy} is the NetworkPolicy answer, {@code isolated} whether a NetworkPolicy
   * isolates the subject in that direction. The Baseline tier is consulted only where its
   * answer counts (the Admin tier did not decide and no NetworkPolicy isolates).
   */
  boolean side(
      PolicyType direction,
      int subject,
      int other,
      int destination,
      Port port,
      boolean isolated,
      boolean networkPolicy) {
    TierRule admin = firstMatch(Tier.ADMIN, direction, subject, other, destination, port);
    boolean accept = admin != null && admin.action == ClusterRuleAction.ACCEPT;
    boolean deny = admin != null && admin.action == ClusterRuleAction.DENY;
    TierRule baseline = accept || deny || isolated
        ? null
        : firstMatch(Tier.BASELINE, direction, subject, other, destination, port);
    boolean baselineDeny = baseline != null && baseline.action == ClusterRuleAction.DENY;
    return Layers.side(cell(accept), cell(deny), cell(isolated), cell(networkPolicy || !isolated),
        cell(baselineDeny)) != 0;
  }

  /** One cell as a word: every bit alike. */
  private static long cell(boolean yes) {
    return yes ? -1L : 0;
  }

  /**
   * Whether some tier's answer for this side depended on an order the API leaves undefined
   * (docs/cluster-policies.md#ties): the matching rule's policy ties with another that applies
   * to the subject, in a tier that was consulted.
   */
  boolean sideTied(
      PolicyType direction, int subject, int other, int destination, Port port,
      boolean isolated) {
    TierRule admin = firstMatch(Tier.ADMIN, direction, subject, other, destination, port);
    if (admin != null && Bits.get(admin.tiedSubjects, subject)) {
      return true;
    }
    if ((admin != null && admin.action != ClusterRuleAction.PASS) || isolated) {
      return false;
    }
    TierRule baseline = firstMatch(Tier.BASELINE, direction, subject, other, destination, port);
    return baseline != null && Bits.get(baseline.tiedSubjects, subject);
  }

  /**
   * The addresses outside the pods one side allows through the layers, on a port:
   * {@code networkPolicy} is what the NetworkPolicies allow (every address where none isolates).
   * Toward an outside address a named port never matches; from one, names resolve on the
   * subject, the destination.
   */
  ImmutableRangeSet<IpAddress> outside(
      PolicyType direction,
      int subject,
      Port port,
      boolean isolated,
      RangeSet<IpAddress> networkPolicy) {
    TreeRangeSet<IpAddress> out = TreeRangeSet.create();
    RangeSet<IpAddress> onward = walkOutside(Tier.ADMIN, direction, subject, port,
        TreeRangeSet.create(Index.ALL_ADDRESSES), out);
    if (isolated) {
      TreeRangeSet<IpAddress> allowed = TreeRangeSet.create(networkPolicy);
      allowed.removeAll(onward.complement());
      out.addAll(allowed);
    } else {
      out.addAll(walkOutside(Tier.BASELINE, direction, subject, port, onward, out));
    }
    return ImmutableRangeSet.copyOf(out);
  }

  /**
   * One tier over addresses: each rule takes from what no earlier rule took the addresses its
   * peers match; what Accept rules take goes to {@code accepted}. Returns what goes on to the
   * next layer: what Pass rules took and what no rule took.
   */
  private RangeSet<IpAddress> walkOutside(
      Tier tier,
      PolicyType direction,
      int subject,
      Port port,
      RangeSet<IpAddress> input,
      RangeSet<IpAddress> accepted) {
    TreeRangeSet<IpAddress> unmatched = TreeRangeSet.create(input);
    TreeRangeSet<IpAddress> onward = TreeRangeSet.create();
    List<TierRule> rules = rules(tier, direction);
    for (int ri : rulesOf(tier, direction, subject)) {
      TierRule r = rules.get(ri);
      if (!admitsOutside(r, direction, subject, port)) {
        continue;
      }
      TreeRangeSet<IpAddress> taken = TreeRangeSet.create(r.outside);
      taken.removeAll(unmatched.complement());
      if (r.action == ClusterRuleAction.ACCEPT) {
        accepted.addAll(taken);
      } else if (r.action == ClusterRuleAction.PASS) {
        onward.addAll(taken);
      }
      unmatched.removeAll(taken);
    }
    onward.addAll(unmatched);
    return onward;
  }

  private boolean admitsOutside(TierRule r, PolicyType direction, int subject, Port port) {
    return direction == PolicyType.EGRESS
        ? r.numericPortsAdmit(port)
        : r.portsAdmit(port, subject, this);
  }

  /**
   * The tiers toward one destination class on one port, as bits over source classes: the
   * transpose of an {@link Overlay}'s rows, made from the rules whose peers (egress) or subjects
   * (ingress) hold the destination, first rule first.
   */
  record Column(
      long[] adminAcceptEgress,
      long[] adminDenyEgress,
      long[] baselineDenyEgress,
      long[] adminAcceptIngress,
      long[] adminDenyIngress,
      long[] baselineDenyIngress) {}

  /** The {@link Column}s of one port, made one destination at a time. */
  Columns columns(Port port) {
    return new Columns(port);
  }

  /**
   * The columns of one port: a column depends only on which rules match the destination (egress
   * rules holding it among their peers, ingress rules holding it among their subjects, whose
   * ports admit the port on it), so destinations matched by the same rules share it. Confined to
   * the thread that made it.
   */
  final class Columns {
    private final Port port;
    private final Map<BitSet, long[][]> egress = new java.util.HashMap<>();
    private final Map<BitSet, long[][]> ingress = new java.util.HashMap<>();

    private Columns(Port port) {
      this.port = port;
    }

    /** {@link Column} of a destination class. */
    Column of(int destination) {
      BitSet matched = new BitSet();
      int k = 0;
      for (List<TierRule> rules : List.of(adminEgress, baselineEgress)) {
        for (TierRule r : rules) {
          if (Bits.get(r.peers, destination) && r.portsAdmit(port, destination, TierPlan.this)) {
            matched.set(k);
          }
          k++;
        }
      }
      long[][] e = egress.computeIfAbsent(matched, m -> {
        long[][] out = new long[3][all.length];
        int admin = adminEgress.size();
        walkColumn(adminEgress, null, m::get, true, out[0], out[1]);
        walkColumn(baselineEgress, null, ri -> m.get(admin + ri), true, null, out[2]);
        return out;
      });
      // The ingress part: the destination's own rules that admit the port on it, alike.
      BitSet own = new BitSet();
      int admin = adminIngress.size();
      for (int ri : rulesOf(Tier.ADMIN, PolicyType.INGRESS, destination)) {
        own.set(ri, adminIngress.get(ri).portsAdmit(port, destination, TierPlan.this));
      }
      for (int ri : rulesOf(Tier.BASELINE, PolicyType.INGRESS, destination)) {
        own.set(admin + ri, baselineIngress.get(ri).portsAdmit(port, destination, TierPlan.this));
      }
      long[][] in = ingress.computeIfAbsent(own, m -> {
        long[][] out = new long[3][all.length];
        walkColumn(adminIngress, null, m::get, false, out[0], out[1]);
        walkColumn(baselineIngress, null, ri -> m.get(admin + ri), false, null, out[2]);
        return out;
      });
      return new Column(e[0], e[1], e[2], in[0], in[1], in[2]);
    }
  }

  /**
   * One tier and direction toward a destination, first rule first: over the rules {@code
   * indices} (every rule when null) that match it, each rule's bits over sources: its subjects
   * for egress (the destination is among its peers), its peers for ingress (the destination is
   * a subject).
   */
  private void walkColumn(
      List<TierRule> rules,
      int @Nullable [] indices,
      IntPredicate matches,
      boolean egress,
      long @Nullable [] accept,
      long[] deny) {
    long[] taken = new long[all.length];
    int count = indices == null ? rules.size() : indices.length;
    for (int k = 0; k < count; k++) {
      int ri = indices == null ? k : indices[k];
      if (!matches.test(ri)) {
        continue;
      }
      TierRule r = rules.get(ri);
      long[] bits = egress ? r.subjects : r.peers;
      long[] into = r.action == ClusterRuleAction.ACCEPT ? accept
          : r.action == ClusterRuleAction.DENY ? deny : null;
      for (int w = 0; w < taken.length; w++) {
        long m = bits[w] & ~taken[w];
        taken[w] |= m;
        if (into != null) {
          into[w] |= m;
        }
      }
    }
  }

  /** Which rules apply on a port (and the port, where a named port made it matter). */
  private record OverlayKey(BitSet applicable, int namedPort) {}

  /** The tiers' answers on one port atom, shared by atoms where the same rules apply. */
  Overlay overlay(Port port) {
    BitSet applicable = new BitSet();
    boolean named = false;
    int i = 0;
    for (List<TierRule> rules :
        List.of(adminEgress, adminIngress, baselineEgress, baselineIngress)) {
      for (TierRule r : rules) {
        long[] d = r.admittedDestinations(port, this, all);
        if (d != null) {
          applicable.set(i);
          named |= d != all;
        }
        i++;
      }
    }
    OverlayKey key =
        new OverlayKey(applicable, named ? port.protocol().ordinal() << 17 | port.number() : -1);
    Overlay cached = overlays.get(key);
    if (cached != null) {
      return cached;
    }
    if (overlays.size() >= MAX_OVERLAYS) {
      overlays.clear(); // atoms come in port order: the recent ones are the ones asked again
    }
    // One overlay per key even when atoms on several threads ask at once: the rows layered from
    // it are shared by its identity (Baseline#layeredRows).
    return overlays.computeIfAbsent(key, k -> new Overlay(this, port));
  }

  /**
   * The tiers on one atom as rows by source class (bits: destination classes): where the Admin
   * tier accepted or denied, and where the Baseline tier denied, per direction. A null row means
   * nothing there; {@link #touches} says whether a source's row differs from no tiers at all.
   */
  static final class Overlay {
    final long[] @Nullable [] adminAcceptEgress;
    final long[] @Nullable [] adminDenyEgress;
    final long[] @Nullable [] baselineDenyEgress;
    final long[] @Nullable [] adminAcceptIngress;
    final long[] @Nullable [] adminDenyIngress;
    final long[] @Nullable [] baselineDenyIngress;
    private final boolean[] touched;

    /** For {@link #fill}: the plan and port of an overlay made a source at a time, or null. */
    private final @Nullable TierPlan plan;

    private final @Nullable Port port;
    private final boolean @Nullable [] filled;

    Overlay(TierPlan plan, Port port) {
      this(plan, port, false);
    }

    /**
     * The overlay of a port; with {@code bySource}, empty until {@link #fill} makes the rows of a
     * source, for a few sources (docs/what-if.md#how-it-is-computed), and confined to the thread
     * that made it.
     */
    Overlay(TierPlan plan, Port port, boolean bySource) {
      int n = plan.size;
      adminAcceptEgress = new long[n][];
      adminDenyEgress = new long[n][];
      baselineDenyEgress = new long[n][];
      adminAcceptIngress = new long[n][];
      adminDenyIngress = new long[n][];
      baselineDenyIngress = new long[n][];
      this.plan = bySource ? plan : null;
      this.port = bySource ? port : null;
      this.filled = bySource ? new boolean[n] : null;
      touched = new boolean[n];
      if (bySource) {
        return;
      }
      walk(plan, plan.adminEgress, true, port, adminAcceptEgress, adminDenyEgress);
      walk(plan, plan.adminIngress, false, port, adminAcceptIngress, adminDenyIngress);
      walk(plan, plan.baselineEgress, true, port, null, baselineDenyEgress);
      walk(plan, plan.baselineIngress, false, port, null, baselineDenyIngress);
      for (int s = 0; s < n; s++) {
        touched[s] =
            adminAcceptEgress[s] != null
                || adminDenyEgress[s] != null
                || baselineDenyEgress[s] != null
                || adminAcceptIngress[s] != null
                || adminDenyIngress[s] != null
                || baselineDenyIngress[s] != null;
      }
    }

    /** Whether the tiers change anything in a source's row. */
    boolean touches(int source) {
      return touched[source];
    }

    /**
     * Makes a source's rows in an overlay made a source at a time (no-op otherwise), as {@link
     * #walk} makes them for every source: the first rule in consulting order that covers a cell
     * takes it. Egress: the source's own rules, bits their peers; ingress: the rules whose peers
     * hold the source, bits their subjects.
     */
    void fill(int source) {
      if (filled == null || filled[source]) {
        return;
      }
      TierPlan p = plan;
      Port at = port;
      int[] own = p.rulesOf(Tier.ADMIN, PolicyType.EGRESS, source);
      walkSource(p, p.adminEgress, own, -1, at, source, adminAcceptEgress, adminDenyEgress);
      own = p.rulesOf(Tier.BASELINE, PolicyType.EGRESS, source);
      walkSource(p, p.baselineEgress, own, -1, at, source, null, baselineDenyEgress);
      walkSource(p, p.adminIngress, null, source, at, source, adminAcceptIngress, adminDenyIngress);
      walkSource(p, p.baselineIngress, null, source, at, source, null, baselineDenyIngress);
      filled[source] = true;
    }

    /**
     * One source's rows of one tier and direction: over the rules {@code indices} (all rules
     * whose peers hold {@code peer} when null), each rule's bits (peers for egress, subjects for
     * ingress) on the destinations its ports admit, first rule first.
     */
    private static void walkSource(
        TierPlan plan,
        List<TierRule> rules,
        int @Nullable [] indices,
        int peer,
        Port port,
        int source,
        long[] @Nullable [] accept,
        long[] @Nullable [] deny) {
      int words = plan.all.length;
      long[] taken = null;
      int count = indices == null ? rules.size() : indices.length;
      for (int k = 0; k < count; k++) {
        TierRule r = rules.get(indices == null ? k : indices[k]);
        if (indices == null && !Bits.get(r.peers, peer)) {
          continue;
        }
        long[] d = r.admittedDestinations(port, plan, plan.all);
        if (d == null) {
          continue;
        }
        long[] bits = indices == null ? r.subjects : r.peers;
        long[] into = r.action == ClusterRuleAction.ACCEPT && accept != null
            ? (accept[source] == null ? (accept[source] = new long[words]) : accept[source])
            : r.action == ClusterRuleAction.DENY && deny != null
                ? (deny[source] == null ? (deny[source] = new long[words]) : deny[source])
                : null;
        if (taken == null) {
          taken = new long[words];
        }
        for (int w = 0; w < words; w++) {
          long m = bits[w] & d[w] & ~taken[w];
          taken[w] |= m;
          if (into != null) {
            into[w] |= m;
          }
        }
      }
    }

    /**
     * One pass over a tier's rules in consulting order: each rule takes, from the cells no
     * earlier rule of the tier took, those its subjects, peers and ports cover. Rows are computed
     * once per group of sources that the same rules reach (a namespace-wide rule reaches every
     * pod of the namespaces it selects alike) and shared by the group's sources.
     */
    private static void walk(
        TierPlan plan,
        List<TierRule> rules,
        boolean egress,
        Port port,
        long[] @Nullable [] accept,
        long[] @Nullable [] deny) {
      if (rules.isEmpty()) {
        return;
      }
      int n = plan.size;
      int words = plan.all.length;
      List<TierRule> applicable = new java.util.ArrayList<>();
      List<long[]> covers = new java.util.ArrayList<>();
      List<long[]> rowSets = new java.util.ArrayList<>();
      for (TierRule r : rules) {
        long[] d = r.admittedDestinations(port, plan, plan.all);
        if (d == null) {
          continue;
        }
        // Egress: rows are the subjects, bits the peers; ingress: rows the peers, bits subjects.
        long[] bits = egress ? r.peers : r.subjects;
        long[] rows = egress ? r.subjects : r.peers;
        long[] cover = d == plan.all ? bits : Bits.and(bits, d);
        if (Bits.isEmpty(cover) || Bits.isEmpty(rows)) {
          continue;
        }
        applicable.add(r);
        covers.add(cover);
        rowSets.add(rows);
      }
      if (applicable.isEmpty()) {
        return;
      }
      Partition groups = new Partition(new int[n], 1);
      rowSets.forEach(groups::split);
      int[] representative = new int[n];
      int count = groups.compact(representative);
      int[] groupOf = groups.groupOf();
      long[][] acceptOf = new long[count][];
      long[][] denyOf = new long[count][];
      long[] taken = new long[words];
      for (int g = 0; g < count; g++) {
        int s = representative[g];
        java.util.Arrays.fill(taken, 0L);
        for (int k = 0; k < applicable.size(); k++) {
          if (!Bits.get(rowSets.get(k), s)) {
            continue;
          }
          ClusterRuleAction action = applicable.get(k).action;
          long[] into = null;
          if (action == ClusterRuleAction.ACCEPT && accept != null) {
            into = acceptOf[g] == null ? (acceptOf[g] = new long[words]) : acceptOf[g];
          } else if (action == ClusterRuleAction.DENY && deny != null) {
            into = denyOf[g] == null ? (denyOf[g] = new long[words]) : denyOf[g];
          }
          long[] cover = covers.get(k);
          for (int w = 0; w < words; w++) {
            long m = cover[w] & ~taken[w];
            if (m != 0) {
              taken[w] |= m;
              if (into != null) {
                into[w] |= m;
              }
            }
          }
        }
      }
      for (int g = 0; g < count; g++) {
        acceptOf[g] = acceptOf[g] == null ? null : plan.intern(acceptOf[g]);
        denyOf[g] = denyOf[g] == null ? null : plan.intern(denyOf[g]);
      }
      for (int s = 0; s < n; s++) {
        int g = groupOf[s];
        if (accept != null && acceptOf[g] != null) {
          accept[s] = acceptOf[g];
        }
        if (deny != null && denyOf[g] != null) {
          deny[s] = denyOf[g];
        }
      }
    }
  }
}
