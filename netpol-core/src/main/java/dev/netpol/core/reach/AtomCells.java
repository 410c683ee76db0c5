package dev.netpol.core.reach;

import dev.netpol.core.model.Port;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One compilation's classes judged on one port atom, one bit per cell: the protocol's {@link
 * Baseline} (what the rules admitting every port of the protocol allow), with the rows that rules
 * admitting only some ports change kept apart. The port a query passes is ignored: every port of
 * the atom gets these answers.
 */
final class AtomCells extends IndexCells {
  private static final long[][] NONE_CHANGED = new long[0][];

  private final Baseline baseline;

  /** Rows that differ from the baseline in this atom, by source class; null where unchanged. */
  private final long[] @Nullable [] changed;

  /**
   * Destinations whose ingress admits every source in this atom beyond the baseline (rules with
   * no peers that admit only some ports), or null; already folded into the changed rows.
   */
  private final long @Nullable [] fromEveryone;

  /** {@link #fromEveryone} as {@link Baseline#canonical} has it, once a row asked for it. */
  private long @Nullable [] canonicalFromEveryone;

  /**
   * The cluster-scoped tiers on this atom, or null: the rows of the sources they touch and that
   * no rule of this atom changed are layered when first asked, from rows shared by every atom
   * with the same tiers ({@link #layered}), so an atom costs what its own rules change.
   */
  private final TierPlan.@Nullable Overlay tiers;

  private final Baseline.@Nullable Layered layered;

  private AtomCells(
      Index index,
      Baseline baseline,
      long[] @Nullable [] changed,
      long @Nullable [] fromEveryone,
      TierPlan.@Nullable Overlay tiers,
      Baseline.@Nullable Layered layered) {
    super(index);
    this.baseline = baseline;
    this.changed = changed;
    this.fromEveryone = fromEveryone;
    this.tiers = tiers;
    this.layered = layered;
  }

  /**
   * Computes the matrix of one atom (or a sub-range of one): the protocol's baseline, with the
   * rows changed by the rules that admit only some ports recomputed. A row is the destination
   * classes the source's egress admits AND those whose ingress admits the source.
   */
  static AtomCells compute(Index index, Baseline baseline, PortRange atom) {
    Port port = atom.representative();
    Index.ProtocolPlan plan = index.plans.get(atom.protocol());
    int a = plan.atomOf(atom.first());
    int n = index.size;
    long[] all = index.all;

    long[][] egress = null;
    int[] touched = new int[16];
    int touchedCount = 0;
    for (int ri : plan.egressByAtom()[a]) {
      Rule r = index.egressRules.get(ri);
      long[] d = r.admittedDestinations(port, index, all);
      if (d == null) {
        continue;
      }
      long[] allowed = d == all ? r.peers : Bits.and(r.peers, d);
      if (Bits.isEmpty(allowed)) {
        continue;
      }
      if (egress == null) {
        egress = new long[n][];
      }
      for (int s = Bits.next(r.targets, 0); s >= 0; s = Bits.next(r.targets, s + 1)) {
        if (egress[s] == null) {
          egress[s] = baseline.egressRow(s).clone(); // selected, so isolated: never null
          if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, touchedCount * 2);
          }
          touched[touchedCount++] = s;
        }
        Bits.or(egress[s], allowed);
      }
    }
    long[][] ingress = null;
    int[][] extra = null;
    int[] extraCount = null;
    long[] fromEveryone = null;
    for (int ri : plan.ingressByAtom()[a]) {
      Rule r = index.ingressRules.get(ri);
      long[] d = r.admittedDestinations(port, index, all);
      if (d == null) {
        continue;
      }
      long[] g = d == all ? r.targets : Bits.and(r.targets, d);
      if (Bits.isEmpty(g)) {
        continue;
      }
      if (r.peerSetId == index.allPeerSetId) {
        if (fromEveryone == null) {
          fromEveryone = g.clone();
        } else {
          Bits.or(fromEveryone, g);
        }
        continue;
      }
      // A rule admitting few destination classes (the usual case) is kept as their positions,
      // added to each source's row at the end, rather than ORed into a copy of its row.
      int[] few = g == r.targets ? r.fewTargets : Bits.positions(g, g.length / 8);
      for (int s : index.peerMembers(r.peerSetId)) {
        if (few != null) {
          if (extra == null) {
            extra = new int[n][];
            extraCount = new int[n];
          }
          if (extra[s] == null) {
            extra[s] = new int[Math.max(4, few.length)];
            if ((egress == null || egress[s] == null) && (ingress == null || ingress[s] == null)) {
              if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, touchedCount * 2);
              }
              touched[touchedCount++] = s;
            }
          } else if (extraCount[s] + few.length > extra[s].length) {
            extra[s] = Arrays.copyOf(extra[s], Math.max(extra[s].length * 2,
                extraCount[s] + few.length));
          }
          System.arraycopy(few, 0, extra[s], extraCount[s], few.length);
          extraCount[s] += few.length;
          continue;
        }
        if (ingress == null) {
          ingress = new long[n][];
        }
        if (ingress[s] == null) {
          ingress[s] = baseline.ingressRow(s).clone();
          if ((egress == null || egress[s] == null) && (extra == null || extra[s] == null)) {
            if (touchedCount == touched.length) {
              touched = Arrays.copyOf(touched, touchedCount * 2);
            }
            touched[touchedCount++] = s;
          }
        }
        Bits.or(ingress[s], g);
      }
    }
    TierPlan.Overlay tiers = index.tiers == null ? null : index.tiers.overlay(port);
    // The other rows the tiers change have the protocol's baseline NetworkPolicy rows: their
    // layered rows are shared by every atom with the same tiers (and the same fromEveryone).
    Baseline.Layered shared = tiers == null ? null : baseline.layeredRows(tiers, fromEveryone);
    if (touchedCount == 0) {
      return new AtomCells(index, baseline, NONE_CHANGED, fromEveryone, tiers, shared);
    }
    long[][] changed = new long[n][];
    long[] canonical = fromEveryone == null ? null : baseline.canonical(fromEveryone);
    for (int t = 0; t < touchedCount; t++) {
      int s = touched[t];
      boolean egressChanged = egress != null && egress[s] != null;
      long[] e = egressChanged ? egress[s] : baseline.egressRow(s);
      long[] in = ingress != null && ingress[s] != null ? ingress[s] : baseline.ingressRow(s);
      int[] more = extra == null ? null : extra[s];
      boolean layered = tiers != null && tiers.touches(s);
      if (more != null && layered) {
        // The tiers recompute the row from its inputs: they need the whole ingress row.
        in = in == baseline.ingressRow(s) ? in.clone() : in;
        for (int k = 0; k < extraCount[s]; k++) {
          Bits.set(in, more[k]);
        }
        more = null;
      }
      long[] row = !egressChanged && in == baseline.ingressRow(s)
          ? baseline.plainRow(s, canonical).clone() // computed once across atoms
          : networkPolicyRow(e, in, fromEveryone);
      if (more != null) {
        // More ingress admits the source where its egress lets it out: row |= e & extra.
        for (int k = 0; k < extraCount[s]; k++) {
          int d = more[k];
          if (e == null || Bits.get(e, d)) {
            Bits.set(row, d);
          }
        }
      }
      if (layered) {
        layer(index, tiers, s, e, in, fromEveryone, row);
      }
      changed[s] = row;
    }
    return new AtomCells(index, baseline, changed, fromEveryone, tiers, shared);
  }

  /**
   * The row of a source the tiers touch and no rule of this atom changed: layered from the
   * baseline's NetworkPolicy rows and the tiers' rows, once per set of those rows. Atoms on
   * several threads may ask at once: the rows are functions of their keys, and computeIfAbsent
   * makes one array per key and publishes it whole (docs/semantics.md#engine-parallelism); the
   * per-source shortcut is the asking thread's own plain array.
   */
  private long[] layeredRow(TierPlan.Overlay tiers, Baseline.Layered shared, int s) {
    long[][] bySource = layeredBySource(shared);
    long[] known = bySource[s];
    if (known != null) {
      return known;
    }
    long[] e = baseline.egressRow(s);
    long[] in = baseline.ingressRow(s);
    Baseline.RowsKey key = new Baseline.RowsKey(shared.fromEveryone, e, in,
        tiers.adminAcceptEgress[s], tiers.adminDenyEgress[s], tiers.baselineDenyEgress[s],
        tiers.adminAcceptIngress[s], tiers.adminDenyIngress[s], tiers.baselineDenyIngress[s]);
    long[] row = shared.byRows.get(key); // most often there: no lock on the way
    if (row == null) {
      long[] everyone = fromEveryone;
      row = shared.byRows.computeIfAbsent(key, k -> {
        long[] r = networkPolicyRow(e, in, everyone);
        layer(index, tiers, s, e, in, everyone, r);
        return r;
      });
    }
    bySource[s] = row;
    return row;
  }

  /** The layered rows by source of the thread that last asked, with that thread. */
  private record Local(Thread owner, long[] @Nullable [] rows) {}

  /** Read and written without a lock: a record's fields are final, so it is seen whole. */
  private @Nullable Local local;

  /** The calling thread's layered rows by source, looked up once per thread and atom. */
  private long[] @Nullable [] layeredBySource(Baseline.Layered shared) {
    Local l = local;
    Thread me = Thread.currentThread();
    if (l == null || l.owner() != me) {
      l = new Local(me, shared.bySource());
      local = l;
    }
    return l.rows();
  }

  /**
   * A source's row from the NetworkPolicies alone: the destinations its egress admits (every
   * one when {@code egress} is null: not isolated) and whose ingress admits it.
   */
  private static long[] networkPolicyRow(
      long @Nullable [] egress, long[] ingress, long @Nullable [] fromEveryone) {
    long[] row = new long[ingress.length];
    for (int w = 0; w < row.length; w++) {
      long i = fromEveryone == null ? ingress[w] : ingress[w] | fromEveryone[w];
      row[w] = egress == null ? i : egress[w] & i;
    }
    return row;
  }

  /**
   * Recomputes a source's row through the cluster-scoped tiers (docs/cluster-policies.md#layers):
   * per side, an Admin Accept or Deny decides; else the NetworkPolicy answer where one isolates;
   * else a Baseline Deny denies; else the side allows.
   */
  static void layer(
      Index index,
      TierPlan.Overlay tiers,
      int s,
      long @Nullable [] egress,
      long[] ingress,
      long @Nullable [] fromEveryone,
      long[] row) {
    long[] all = index.all;
    long[] acceptE = tiers.adminAcceptEgress[s];
    long[] denyE = tiers.adminDenyEgress[s];
    long[] baseDenyE = tiers.baselineDenyEgress[s];
    long[] acceptI = tiers.adminAcceptIngress[s];
    long[] denyI = tiers.adminDenyIngress[s];
    long[] baseDenyI = tiers.baselineDenyIngress[s];
    for (int w = 0; w < row.length; w++) {
      long onwardE = denyE == null ? -1L : ~denyE[w];
      long egressOk =
          (acceptE == null ? 0 : acceptE[w])
              | (onwardE & (egress != null ? egress[w] : baseDenyE == null ? -1L : ~baseDenyE[w]));
      long npIngress = fromEveryone == null ? ingress[w] : ingress[w] | fromEveryone[w];
      long baselineI =
          index.ingressIsolated[w] | (baseDenyI == null ? -1L : ~baseDenyI[w]);
      long ingressOk =
          (acceptI == null ? 0 : acceptI[w])
              | ((denyI == null ? -1L : ~denyI[w]) & npIngress & baselineI);
      row[w] = egressOk & ingressOk & all[w];
    }
  }

  /**
   * The engine's own row: a changed row of this atom, or the baseline's shared row for the
   * source (one array per set of inputs across atoms). Callers never write to it.
   */
  @Override
  public long[] row(int source, Port port) {
    long[] row = source < changed.length ? changed[source] : null;
    if (row != null) {
      return row;
    }
    if (tiers != null && layered != null && tiers.touches(source)) {
      return layeredRow(tiers, layered, source);
    }
    return baseline.plainRow(source, canonicalFromEveryone());
  }

  private long @Nullable [] canonicalFromEveryone() {
    if (fromEveryone != null && canonicalFromEveryone == null) {
      canonicalFromEveryone = baseline.canonical(fromEveryone);
    }
    return canonicalFromEveryone;
  }

  /**
   * The sources whose rows this atom changes from their baseline's plain rows ({@link
   * Baseline#plainRow}), its rules' or its tiers', ascending: every other source's row is its
   * plain row.
   */
  int[] changedSources() {
    int[] out = new int[index.size];
    int count = 0;
    for (int s = 0; s < index.size; s++) {
      if ((s < changed.length && changed[s] != null) || (tiers != null && tiers.touches(s))) {
        out[count++] = s;
      }
    }
    return Arrays.copyOf(out, count);
  }

  /**
   * Whether a source outside {@link #changedSources} of both atoms has equal rows in this atom
   * and in {@code other}: they share the baseline and the rows admitting every source.
   */
  boolean samePlainRows(AtomCells other) {
    return baseline == other.baseline && canonicalFromEveryone() == other.canonicalFromEveryone();
  }

  @Override
  public boolean allowed(int source, int destination, Port port) {
    long[] row = source < changed.length ? changed[source] : null;
    if (row != null) {
      return Bits.get(row, destination);
    }
    if (tiers != null && layered != null && tiers.touches(source)) {
      return Bits.get(layeredRow(tiers, layered, source), destination);
    }
    long[] e = baseline.egressRow(source);
    return (e == null || Bits.get(e, destination))
        && (Bits.get(baseline.ingressRow(source), destination)
            || (fromEveryone != null && Bits.get(fromEveryone, destination)));
  }
}
