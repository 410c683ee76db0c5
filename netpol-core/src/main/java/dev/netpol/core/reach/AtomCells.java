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
  private static final int[] NO_SOURCES = new int[0];
  private static final int[][] NO_PATCHES = new int[0][];

  private final Baseline baseline;

  /** The sources whose rows differ from the baseline in this atom, ascending. */
  private final int[] changedIds;

  /**
   * The rows of {@link #changedIds}, in the same order; for a source with {@link #patches}, the
   * shared row the patch applies to (its plain row, or its layered row where the tiers touch
   * it), never written to.
   */
  private final long[][] changedRows;

  /**
   * Per changed source, null, or the destinations (ascending) its row adds to its shared row: a
   * source whose only change in this atom is more ingress admitting it toward a few destination
   * classes, the usual case, costs those few positions, not a copy of its row. The whole row is
   * made when asked ({@link #row}); a source whose positions are all in its shared row already
   * is not changed at all. May be shorter than {@link #changedIds} (no patch past its end).
   */
  private final int[] @Nullable [] patches;

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
      int[] changedIds,
      long[][] changedRows,
      int[] @Nullable [] patches,
      long @Nullable [] fromEveryone,
      TierPlan.@Nullable Overlay tiers,
      Baseline.@Nullable Layered layered) {
    super(index);
    this.baseline = baseline;
    this.changedIds = changedIds;
    this.changedRows = changedRows;
    this.patches = patches;
    this.fromEveryone = fromEveryone;
    this.tiers = tiers;
    this.layered = layered;
  }

  /**
   * Work arrays of {@link #compute}, one slot per class, kept by each thread between atoms: an
   * atom touches a few hundred of 25,000 classes at scale L, and new arrays cleared per atom cost
   * more than the rows themselves. {@code compute} leaves every slot it used empty again, also
   * when it throws. About 16 bytes per class stay with each thread that computed an atom.
   */
  private static final class Scratch {
    final long[] @Nullable [] egress;
    final long[] @Nullable [] ingress;
    final int[] @Nullable [] extra;
    final int[] extraCount;
    int[] touched = new int[64];
    int touchedCount;

    Scratch(int n) {
      egress = new long[n][];
      ingress = new long[n][];
      extra = new int[n][];
      extraCount = new int[n];
    }

    void touch(int s) {
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, touchedCount * 2);
      }
      touched[touchedCount++] = s;
    }

    void clear() {
      for (int t = 0; t < touchedCount; t++) {
        int s = touched[t];
        egress[s] = null;
        ingress[s] = null;
        extra[s] = null;
        extraCount[s] = 0;
      }
      touchedCount = 0;
    }

    static Scratch of(int n) {
      Scratch s = SCRATCH.get();
      if (s == null || s.egress.length < n) {
        s = new Scratch(n);
        SCRATCH.set(s);
      }
      return s;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();

  /**
   * Computes the matrix of one atom (or a sub-range of one): the protocol's baseline, with the
   * rows changed by the rules that admit only some ports recomputed. A row is the destination
   * classes the source's egress admits AND those whose ingress admits the source.
   */
  static AtomCells compute(Index index, Baseline baseline, PortRange atom) {
    Scratch scratch = Scratch.of(index.size);
    try {
      return compute(index, baseline, atom, scratch);
    } finally {
      scratch.clear();
    }
  }

  private static AtomCells compute(
      Index index, Baseline baseline, PortRange atom, Scratch scratch) {
    Port port = atom.representative();
    Index.ProtocolPlan plan = index.plans.get(atom.protocol());
    int a = plan.atomOf(atom.first());
    long[] all = index.all;
    long[][] egress = scratch.egress;
    long[][] ingress = scratch.ingress;
    int[][] extra = scratch.extra;
    int[] extraCount = scratch.extraCount;

    for (int ri : plan.egressByAtom()[a]) {
      Rule r = index.egressRules.get(ri);
      long[] d = r.admittedDestinations(port, index, all);
      if (d == null || r.noPeers) {
        continue;
      }
      long[] allowed = d == all ? r.peers : Bits.and(r.peers, d);
      if (d != all && Bits.isEmpty(allowed)) {
        continue;
      }
      int[] targets = r.fewTargets != null ? r.fewTargets : Bits.positions(r.targets, Integer.MAX_VALUE);
      for (int s : targets) {
        if (egress[s] == null) {
          egress[s] = baseline.egressRow(s).clone(); // selected, so isolated: never null
          if (ingress[s] == null && extra[s] == null) {
            scratch.touch(s);
          }
        }
        Bits.or(egress[s], allowed);
      }
    }
    long[] fromEveryone = null;
    for (int ri : plan.ingressByAtom()[a]) {
      Rule r = index.ingressRules.get(ri);
      long[] d = r.admittedDestinations(port, index, all);
      if (d == null) {
        continue;
      }
      // The destination classes this rule admits the port toward: as positions when few (the
      // usual case), else as a bitset.
      int[] few;
      long[] g;
      if (d == all) {
        few = r.fewTargets;
        g = r.targets;
      } else if (r.fewTargets != null) {
        few = Bits.filter(r.fewTargets, d);
        g = null;
      } else {
        g = Bits.and(r.targets, d);
        few = Bits.positions(g, g.length / 8);
      }
      if (few != null ? few.length == 0 : Bits.isEmpty(g)) {
        continue;
      }
      if (r.peerSetId == index.allPeerSetId) {
        if (fromEveryone == null) {
          fromEveryone = new long[all.length];
        }
        if (few != null) {
          Bits.orBits(fromEveryone, few);
        } else {
          Bits.or(fromEveryone, g);
        }
        continue;
      }
      // Few destination classes are kept as their positions, added to each source's row at the
      // end, rather than ORed into a copy of its row.
      for (int s : index.peerMembers(r.peerSetId)) {
        if (few != null) {
          if (extra[s] == null) {
            extra[s] = new int[Math.max(4, few.length)];
            if (egress[s] == null && ingress[s] == null) {
              scratch.touch(s);
            }
          } else if (extraCount[s] + few.length > extra[s].length) {
            extra[s] = Arrays.copyOf(extra[s], Math.max(extra[s].length * 2,
                extraCount[s] + few.length));
          }
          System.arraycopy(few, 0, extra[s], extraCount[s], few.length);
          extraCount[s] += few.length;
          continue;
        }
        if (ingress[s] == null) {
          ingress[s] = baseline.ingressRow(s).clone();
          if (egress[s] == null && extra[s] == null) {
            scratch.touch(s);
          }
        }
        Bits.or(ingress[s], g);
      }
    }
    TierPlan.Overlay tiers = index.tiers == null ? null : index.tiers.overlay(port);
    // The other rows the tiers change have the protocol's baseline NetworkPolicy rows: their
    // layered rows are shared by every atom with the same tiers (and the same fromEveryone).
    Baseline.Layered shared = tiers == null ? null : baseline.layeredRows(tiers, fromEveryone);
    int count = scratch.touchedCount;
    if (count == 0) {
      return new AtomCells(
          index, baseline, NO_SOURCES, NONE_CHANGED, NO_PATCHES, fromEveryone, tiers, shared);
    }
    int[] sources = Arrays.copyOf(scratch.touched, count);
    Arrays.sort(sources);
    long[][] rows = new long[count][];
    int[][] patches = null;
    int kept = 0;
    long[] canonical = fromEveryone == null ? null : baseline.canonical(fromEveryone);
    long[][] layeredBySource = null;
    for (int t = 0; t < count; t++) {
      int s = sources[t];
      boolean egressChanged = egress[s] != null;
      long[] e = egressChanged ? egress[s] : baseline.egressRow(s);
      long[] in = ingress[s] != null ? ingress[s] : baseline.ingressRow(s);
      int[] more = extra[s];
      boolean layered = tiers != null && tiers.touches(s);
      if (more != null && layered && !egressChanged && ingress[s] == null) {
        // Only more ingress admits the source: the row every atom with these tiers shares, and
        // the destinations the extra ingress opens through the tiers; none, no change.
        if (layeredBySource == null) {
          layeredBySource = shared.bySource();
        }
        long[] base = layeredRow(index, baseline, tiers, shared, layeredBySource, s);
        int[] patch = layeredPatch(index, tiers, s, e, in, fromEveryone, base, more,
            extraCount[s]);
        if (patch.length == 0) {
          continue;
        }
        if (patches == null) {
          patches = new int[count][];
        }
        patches[kept] = patch;
        sources[kept] = s;
        rows[kept] = base;
        kept++;
        continue;
      }
      if (more != null && layered) {
        // The tiers recompute the row from its inputs: they need the whole ingress row.
        in = in == baseline.ingressRow(s) ? in.clone() : in;
        for (int k = 0; k < extraCount[s]; k++) {
          Bits.set(in, more[k]);
        }
        more = null;
      }
      boolean plain = !egressChanged && in == baseline.ingressRow(s);
      long[] row;
      if (plain && more != null && !layered) {
        // Only more ingress admits the source: its plain row, with the destinations its egress
        // lets it out to and the plain row does not have yet; none left, no change.
        long[] base = baseline.plainRow(s, canonical); // computed once across atoms
        int[] patch = patch(base, e, more, extraCount[s]);
        if (patch.length == 0) {
          continue;
        }
        if (patches == null) {
          patches = new int[count][];
        }
        patches[kept] = patch;
        row = base;
      } else if (layered) {
        // The tiers compute the whole row from its inputs (more ingress is folded in above).
        row = new long[all.length];
        layer(index, tiers, s, e, in, fromEveryone, row);
      } else {
        row = plain
            ? baseline.plainRow(s, canonical).clone()
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
      }
      sources[kept] = s;
      rows[kept] = row;
      kept++;
    }
    if (kept < count) {
      sources = Arrays.copyOf(sources, kept);
      rows = Arrays.copyOf(rows, kept);
    }
    return new AtomCells(index, baseline, sources, rows,
        patches == null ? NO_PATCHES : Arrays.copyOf(patches, kept), fromEveryone, tiers, shared);
  }

  /**
   * The destinations among {@code more} (the first {@code count}) that {@code egress} lets out
   * to (all when null: not isolated) and {@code plain} lacks, ascending, without repeats.
   */
  private static int[] patch(long[] plain, long @Nullable [] egress, int[] more, int count) {
    int[] out = new int[count];
    int k = 0;
    for (int i = 0; i < count; i++) {
      int d = more[i];
      if ((egress == null || Bits.get(egress, d)) && !Bits.get(plain, d)) {
        out[k++] = d;
      }
    }
    return sortedDistinct(out, k);
  }

  /** The first {@code k} of {@code out}, sorted, without repeats (in {@code out} when it can). */
  private static int[] sortedDistinct(int[] out, int k) {
    if (k > 1) {
      Arrays.sort(out, 0, k);
      int u = 1;
      for (int i = 1; i < k; i++) {
        if (out[i] != out[u - 1]) {
          out[u++] = out[i];
        }
      }
      k = u;
    }
    return k == out.length ? out : Arrays.copyOf(out, k);
  }

  /** The row this atom changed for a source, or null where its row is not its own. */
  private long @Nullable [] changedRow(int source) {
    int[] sources = changedIds;
    if (sources.length == 0) {
      return null;
    }
    int i = Arrays.binarySearch(sources, source);
    if (i < 0) {
      return null;
    }
    int[] patch = i < patches.length ? patches[i] : null;
    if (patch == null) {
      return changedRows[i];
    }
    long[] row = changedRows[i].clone();
    Bits.orBits(row, patch);
    return row;
  }

  /**
   * For a source whose row this atom changed, 1 if the row allows the destination, else 0; -1
   * for other sources.
   */
  private int changedAllows(int source, int destination) {
    int[] sources = changedIds;
    int i = sources.length == 0 ? -1 : Arrays.binarySearch(sources, source);
    if (i < 0) {
      return -1;
    }
    int[] patch = i < patches.length ? patches[i] : null;
    return Bits.get(changedRows[i], destination)
        || (patch != null && Arrays.binarySearch(patch, destination) >= 0) ? 1 : 0;
  }

  /**
   * The row of a source the tiers touch and no rule of this atom changed: layered from the
   * baseline's NetworkPolicy rows and the tiers' rows, once per set of those rows. Atoms on
   * several threads may ask at once: the rows are functions of their keys, and computeIfAbsent
   * makes one array per key and publishes it whole (docs/semantics.md#engine-parallelism); the
   * per-source shortcut is the asking thread's own plain array.
   */
  private long[] layeredRow(TierPlan.Overlay tiers, Baseline.Layered shared, int s) {
    return layeredRow(index, baseline, tiers, shared, layeredBySource(shared), s);
  }

  private static long[] layeredRow(
      Index index,
      Baseline baseline,
      TierPlan.Overlay tiers,
      Baseline.Layered shared,
      long[] @Nullable [] bySource,
      int s) {
    long[] known = bySource[s];
    if (known != null) {
      return known;
    }
    long[] e = baseline.egressRow(s);
    long[] in = baseline.ingressRow(s);
    long[] everyone = shared.fromEveryone; // this atom's, as one array per content
    Baseline.RowsKey key = new Baseline.RowsKey(everyone, e, in,
        tiers.adminAcceptEgress[s], tiers.adminDenyEgress[s], tiers.baselineDenyEgress[s],
        tiers.adminAcceptIngress[s], tiers.adminDenyIngress[s], tiers.baselineDenyIngress[s]);
    long[] row = shared.byRows.get(key); // most often there: no lock on the way
    if (row == null) {
      row = shared.byRows.computeIfAbsent(key, k -> {
        long[] r = new long[in.length];
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
   * Computes a source's row through the cluster-scoped tiers, {@link Layers#admitted} a word of
   * destinations at a time (docs/cluster-policies.md#layers), from its inputs alone (whatever
   * {@code row} held is overwritten). {@code egress} null: no NetworkPolicy isolates the
   * source's egress.
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
      long npIngress = fromEveryone == null ? ingress[w] : ingress[w] | fromEveryone[w];
      row[w] = layerWord(index, w, egress, npIngress,
          acceptE, denyE, baseDenyE, acceptI, denyI, baseDenyI) & all[w];
    }
  }

  /**
   * The destinations among {@code more} (the first {@code count}) whose bit {@link #layer} sets
   * once the source's NetworkPolicy ingress admits it there too, and {@code layered} (the row
   * {@code layer} gives without them) lacks: ascending, without repeats. Admitting more ingress
   * only ever adds bits to a layered row, so the row with them is {@code layered} plus these.
   */
  private static int[] layeredPatch(
      Index index,
      TierPlan.Overlay tiers,
      int s,
      long @Nullable [] egress,
      long[] ingress,
      long @Nullable [] fromEveryone,
      long[] layered,
      int[] more,
      int count) {
    // The source's tier rows, read once: they are the same at every position.
    long[] acceptE = tiers.adminAcceptEgress[s];
    long[] denyE = tiers.adminDenyEgress[s];
    long[] baseDenyE = tiers.baselineDenyEgress[s];
    long[] acceptI = tiers.adminAcceptIngress[s];
    long[] denyI = tiers.adminDenyIngress[s];
    long[] baseDenyI = tiers.baselineDenyIngress[s];
    int[] out = new int[count];
    int k = 0;
    for (int i = 0; i < count; i++) {
      int d = more[i];
      int w = d >>> 6;
      long bit = 1L << d;
      if ((layered[w] & bit) != 0) {
        continue;
      }
      long npIngress = (fromEveryone == null ? ingress[w] : ingress[w] | fromEveryone[w]) | bit;
      long word = layerWord(index, w, egress, npIngress,
          acceptE, denyE, baseDenyE, acceptI, denyI, baseDenyI);
      if ((word & bit & index.all[w]) != 0) {
        out[k++] = d;
      }
    }
    return sortedDistinct(out, k);
  }

  /**
   * One word of a layered row, before it is cut to the classes there are: the source's inputs at
   * word {@code w} judged by {@link Layers#admitted}. A null array holds nothing; a null {@code
   * egress} means no NetworkPolicy isolates the source's egress, so they allow every destination.
   * {@code npIngress} holds every destination no NetworkPolicy isolates for ingress, as the
   * baseline's ingress rows do. The words are read here, each where it is used, rather than in
   * the loops: the JIT keeps this loop as fast as when the rule was written out in it.
   */
  private static long layerWord(
      Index index,
      int w,
      long @Nullable [] egress,
      long npIngress,
      long @Nullable [] acceptE,
      long @Nullable [] denyE,
      long @Nullable [] baseDenyE,
      long @Nullable [] acceptI,
      long @Nullable [] denyI,
      long @Nullable [] baseDenyI) {
    return Layers.admitted(
        acceptE == null ? 0 : acceptE[w],
        denyE == null ? 0 : denyE[w],
        egress != null ? -1L : 0,
        egress != null ? egress[w] : -1L,
        baseDenyE == null ? 0 : baseDenyE[w],
        acceptI == null ? 0 : acceptI[w],
        denyI == null ? 0 : denyI[w],
        index.ingressIsolated[w],
        npIngress,
        baseDenyI == null ? 0 : baseDenyI[w]);
  }

  /**
   * The engine's own row: a changed row of this atom, or the baseline's shared row for the
   * source (one array per set of inputs across atoms). Callers never write to it.
   */
  @Override
  public long[] row(int source, Port port) {
    long[] row = changedRow(source);
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
    if (tiers == null) {
      return changedIds.clone();
    }
    int[] out = new int[index.size];
    int count = 0;
    int next = 0;
    for (int s = 0; s < index.size; s++) {
      boolean own = next < changedIds.length && changedIds[next] == s;
      if (own) {
        next++;
      }
      if (own || tiers.touches(s)) {
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
    int changedAnswer = changedAllows(source, destination);
    if (changedAnswer >= 0) {
      return changedAnswer == 1;
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
