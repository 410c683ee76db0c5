package dev.netpol.core.reach;

import dev.netpol.core.model.Protocol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The part of one protocol's matrices that no port atom changes: what rules admitting every port
 * of the protocol allow. Egress rows are shared by source classes selected by the same policies,
 * ingress rows by source classes in the same peer sets. Protocols whose rules admitting every
 * port are the same (most often the rules without ports, for TCP, UDP and SCTP alike) share one
 * baseline ({@link #sameFor}).
 */
final class Baseline {
  final int[] egressGroup;
  /** Per egress group: the allowed destinations, or null for "every class" (not isolated). */
  final long[] @Nullable [] egressRows;
  final int[] ingressGroup;
  /** Per ingress group: the destination classes whose ingress admits the source. */
  final long[][] ingressRows;

  Baseline(
      int[] egressGroup,
      long[] @Nullable [] egressRows,
      int[] ingressGroup,
      long[][] ingressRows) {
    this.egressGroup = egressGroup;
    this.egressRows = egressRows;
    this.ingressGroup = ingressGroup;
    this.ingressRows = ingressRows;
    this.plainBySource = new long[egressGroup.length][];
    this.plain = new java.util.concurrent.atomic.AtomicReferenceArray<>(egressGroup.length);
  }

  /** Which tiers and which extra ingress rows a set of {@link #layeredRows} was made for. */
  private record LayeredKey(TierPlan.Overlay tiers, @Nullable List<Long> fromEveryone) {}

  /**
   * The rows a source's answers are layered from: its NetworkPolicy rows and its rows in each
   * tier. Arrays compare by identity, and rows are shared by the sources of a group, so sources
   * with the same rows share one key.
   */
  record RowsKey(
      long @Nullable [] fromEveryone,
      long @Nullable [] egress,
      long[] ingress,
      long @Nullable [] acceptEgress,
      long @Nullable [] denyEgress,
      long @Nullable [] baselineDenyEgress,
      long @Nullable [] acceptIngress,
      long @Nullable [] denyIngress,
      long @Nullable [] baselineDenyIngress) {}

  /**
   * Layered rows of sources whose NetworkPolicy rows are this baseline's: per source (null until
   * asked) for the thread asking, and each distinct row once, by the rows it is layered from.
   * Atoms computed on several threads use them at once (docs/semantics.md#engine-parallelism):
   * {@code byRows} makes one array per key ({@link ConcurrentHashMap#computeIfAbsent}), which
   * also publishes it whole, so atoms keep sharing rows by identity; the per-source shortcut is
   * a plain array confined to one thread (a shared one needs an ordered read per source, which
   * cost one thread a sixth of the TIERED L full matrix when every atom layered every row). A
   * row is a function of its key alone, so which thread made it changes no bit.
   */
  static final class Layered {
    private final int sources;
    private final Map<Thread, long[][]> bySource = new ConcurrentHashMap<>();
    final ConcurrentMap<RowsKey, long[]> byRows;
    final long @Nullable [] fromEveryone;

    Layered(int sources, ConcurrentMap<RowsKey, long[]> byRows, long @Nullable [] fromEveryone) {
      this.sources = sources;
      this.byRows = byRows;
      this.fromEveryone = fromEveryone;
    }

    /** The calling thread's rows by source class, null until it asked for one. */
    long[] @Nullable [] bySource() {
      return bySource.computeIfAbsent(Thread.currentThread(), t -> new long[sources][]);
    }
  }

  /** Guarded by this baseline's lock, as {@link #fromEveryone} is. */
  private final Map<LayeredKey, Layered> layered = new HashMap<>();

  /** Layered rows by the rows they are layered from, shared by every atom (bounded). */
  private final ConcurrentMap<RowsKey, long[]> byRows = new ConcurrentHashMap<>();

  /**
   * One array per content of the rows admitting every source, for {@link RowsKey}; guarded by
   * this baseline's lock.
   */
  private final Map<List<Long>, long[]> fromEveryone = new HashMap<>();

  /**
   * The layered rows, filled in by the caller ({@link AtomCells}), of sources whose NetworkPolicy
   * rows in an atom are this baseline's: equal for every atom with the same tiers and the same
   * rows admitting every source, and for every source with the same rows, so computed once.
   * Atoms computed at once on several threads with the same tiers get the same object.
   */
  synchronized Layered layeredRows(TierPlan.Overlay tiers, long @Nullable [] fromEveryone) {
    long[] extra = fromEveryone;
    List<Long> key = null;
    if (fromEveryone != null) {
      key = new java.util.ArrayList<>(fromEveryone.length);
      for (long w : fromEveryone) {
        key.add(w);
      }
    }
    if (layered.size() >= 32) {
      layered.clear(); // bounded like the tiers' overlays: each entry holds rows of bits
    }
    if (byRows.size() >= 1 << 14) {
      byRows.clear();
    }
    long[] canonical = key == null ? null : this.fromEveryone.computeIfAbsent(key, k -> extra);
    return layered.computeIfAbsent(
        new LayeredKey(tiers, key),
        k -> new Layered(egressGroup.length, byRows, canonical));
  }

  /** Which rows a {@link #plainRow} is the conjunction of ({@code fromEveryone} canonical). */
  private record PlainKey(int egressGroup, int ingressGroup, long @Nullable [] fromEveryone) {}

  /** Rows of sources no rule of an atom changes, by their inputs (bounded). */
  private final Map<PlainKey, long[]> plainRows = new HashMap<>();

  /** The same rows by source: without rows admitting every source, and per such rows. */
  private final long[][] plainBySource;

  /**
   * {@link #plainBySource}, published for reads without the lock: the array it holds is made
   * whole before it is set.
   */
  private final java.util.concurrent.atomic.AtomicReferenceArray<long[]> plain;

  private final Map<long[], long[][]> plainByExtra = new java.util.IdentityHashMap<>();

  /**
   * One array per content of the rows admitting every source (null stays null), so that rows
   * and keys built from it compare by identity.
   */
  synchronized long @Nullable [] canonical(long @Nullable [] fromEveryone) {
    if (fromEveryone == null) {
      return null;
    }
    List<Long> key = new java.util.ArrayList<>(fromEveryone.length);
    for (long w : fromEveryone) {
      key.add(w);
    }
    return this.fromEveryone.computeIfAbsent(key, k -> fromEveryone);
  }

  /**
   * The row of a source whose NetworkPolicy rows in an atom are this baseline's and that no tier
   * changes: the destinations its egress admits AND whose ingress admits it (or admits every
   * source there: {@code fromEveryone}, as returned by {@link #canonical}). One array per set of
   * inputs, so atoms that leave a source's row alone hand over the same array: walkers compare
   * rows by identity first. Callers never write to it.
   */
  long[] plainRow(int s, long @Nullable [] fromEveryone) {
    if (fromEveryone == null) {
      // Most rows: read without the lock (an atom asks for a few hundred), made under it once.
      long[] known = plain.get(s);
      if (known == null) {
        known = lockedPlainRow(s, null);
        plain.set(s, known);
      }
      return known;
    }
    return lockedPlainRow(s, fromEveryone);
  }

  private synchronized long[] lockedPlainRow(int s, long @Nullable [] fromEveryone) {
    long[][] bySource = fromEveryone == null ? plainBySource : plainByExtra.get(fromEveryone);
    if (bySource == null) {
      if (plainByExtra.size() >= 32) {
        plainByExtra.clear();
      }
      bySource = new long[egressGroup.length][];
      plainByExtra.put(fromEveryone, bySource);
    }
    long[] known = bySource[s];
    if (known != null) {
      return known;
    }
    if (plainRows.size() >= 1 << 16) {
      plainRows.clear(); // equal rows in new arrays: walkers then compare contents
    }
    long[] row = plainRows.computeIfAbsent(
        new PlainKey(egressGroup[s], ingressGroup[s], fromEveryone), k -> {
          long[] egress = egressRow(s);
          long[] ingress = ingressRow(s);
          long[] r = new long[ingress.length];
          for (int w = 0; w < r.length; w++) {
            long in = fromEveryone == null ? ingress[w] : ingress[w] | fromEveryone[w];
            r[w] = egress == null ? in : egress[w] & in;
          }
          return r;
        });
    bySource[s] = row;
    return row;
  }

  long @Nullable [] egressRow(int s) {
    return egressRows[egressGroup[s]];
  }

  long[] ingressRow(int s) {
    return ingressRows[ingressGroup[s]];
  }

  /**
   * Whether two protocols have the same baseline in a compilation: the same rules admit every
   * port of both. A baseline is a function of those rules alone.
   */
  static boolean sameFor(Index index, Protocol a, Protocol b) {
    Index.ProtocolPlan pa = index.plans.get(a);
    Index.ProtocolPlan pb = index.plans.get(b);
    return java.util.Arrays.equals(pa.staticEgress(), pb.staticEgress())
        && java.util.Arrays.equals(pa.staticIngress(), pb.staticIngress());
  }

  /** The baseline of a protocol, computed on the calling thread ({@link BaselineBuild}). */
  static Baseline compute(Index index, Protocol protocol) {
    return BaselineBuild.compute(index, protocol);
  }
}
