package dev.netpol.core.reach;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.util.concurrent.Uninterruptibles;
import dev.netpol.core.model.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Computes one {@link Baseline} in parts, so that every thread that needs it works on it rather
 * than wait (docs/semantics.md#engine-parallelism). At scale L the baseline is about 40% of a
 * whole-matrix walk, and every atom of the protocol needs it: computed by one thread while the
 * others wait, it would cap what a second thread gives.
 *
 * <p>Three phases, each a list of independent parts that the threads calling {@link #get} take
 * one at a time, all of a phase done before the next starts:
 *
 * <ol>
 *   <li>the egress rows (one part); and, per slice of the peer sets of the static ingress rules
 *       (slices of about equal membership), the targets each set admits and the partition of the
 *       classes by membership in the slice's sets;
 *   <li>after the slices' partitions are combined into one (classes in one group iff in the same
 *       sets of every slice: the partition one slice of all sets gives, numbered alike, by first
 *       class), per slice, the sets of each group's representative;
 *   <li>per range of groups, their ingress rows.
 * </ol>
 *
 * <p>What each part computes depends on its inputs alone, never on which thread ran it or when,
 * so the baseline is bit for bit the one a single thread computes. One thread runs every part
 * itself, in order. A part's exception is rethrown to every caller.
 */
final class BaselineBuild implements Supplier<Baseline> {
  private final Index index;
  private final Index.ProtocolPlan plan;
  private final int n;

  /** The peer sets of static ingress rules, ascending, but the set of every class. */
  private final int[] sets;

  /** Slice {@code h} holds {@code sets[sliceStart[h]..sliceStart[h+1])}. */
  private final int[] sliceStart;

  private final Phase first;
  private final Supplier<Boolean> combined;
  private final Phase second;
  private final Phase third;
  private final Supplier<Baseline> result;

  // Phase 1
  private int @Nullable [] egressGroup;
  private long[] @Nullable [] egressRows;
  /** Per peer set, the targets its static rules admit (null for sets of no static rule). */
  private long[] @Nullable [] bySet;
  /** Per peer set, those targets as positions when few ({@link Bits#positions}). */
  private int[] @Nullable [] few;
  private int[] @Nullable [] sliceGroup;
  private long[] base;

  // After phase 1
  private int @Nullable [] ingressGroup;
  private int @Nullable [] reps;
  private int groups;

  // Phase 2: per slice, the sets of each group's representative (a group's in start..start+1)
  private int[] @Nullable [] setsStart;
  private int[] @Nullable [] setsOf;

  // Phase 3
  private long[] @Nullable [] ingressRows;

  BaselineBuild(Index index, Protocol protocol, int slices) {
    this.index = index;
    this.plan = index.plans.get(protocol);
    this.n = index.size;
    this.bySet = new long[index.peerSets.size()][];
    this.few = new int[index.peerSets.size()][];
    this.base = new long[index.all.length];
    boolean[] isStatic = new boolean[index.peerSets.size()];
    for (int ri : plan.staticIngress()) {
      isStatic[index.ingressRules.get(ri).peerSetId] = true;
    }
    int count = 0;
    long members = 0;
    int[] all = new int[isStatic.length];
    for (int k = 0; k < isStatic.length; k++) {
      if (isStatic[k] && k != index.allPeerSetId) {
        all[count++] = k;
        members += index.peerMembers(k).length;
      }
    }
    this.sets = Arrays.copyOf(all, count);
    int p = Math.max(1, Math.min(slices, count));
    this.sliceStart = new int[p + 1];
    long seen = 0;
    int h = 1;
    for (int i = 0; i < count && h < p; i++) {
      seen += index.peerMembers(sets[i]).length;
      if (seen * p >= members * h) {
        sliceStart[h++] = i + 1;
      }
    }
    while (h <= p) {
      sliceStart[h++] = count;
    }
    this.sliceGroup = new int[p][];
    this.setsStart = new int[p][];
    this.setsOf = new int[p][];

    List<Runnable> firstParts = new ArrayList<>();
    firstParts.add(this::egress);
    for (int s = 0; s < p; s++) {
      int slice = s;
      firstParts.add(() -> slicePartition(slice));
    }
    this.first = new Phase(firstParts);
    this.combined = Suppliers.memoize(() -> {
      combine();
      return true;
    });
    List<Runnable> secondParts = new ArrayList<>();
    for (int s = 0; s < p; s++) {
      int slice = s;
      secondParts.add(() -> setsOfRepresentatives(slice));
    }
    this.second = new Phase(secondParts);
    List<Runnable> thirdParts = new ArrayList<>();
    for (int s = 0; s < p; s++) {
      int slice = s;
      thirdParts.add(() -> rows(slice, p));
    }
    this.third = new Phase(thirdParts);
    this.result = Suppliers.memoize(this::finish);
  }

  /** How many slices the peer sets were cut into: at most as many as asked, one per set. */
  int slices() {
    return sliceStart.length - 1;
  }

  /** The baseline, computed on the calling thread alone. */
  static Baseline compute(Index index, Protocol protocol) {
    return new BaselineBuild(index, protocol, 1).get();
  }

  /**
   * The baseline: the caller works on the parts left, waits for the others' parts, and returns
   * the same object to every caller.
   */
  @Override
  public Baseline get() {
    first.join();
    combined.get();
    second.join();
    third.join();
    return result.get();
  }

  /** The egress rows: the union of static rules per policy, shared by classes selected alike. */
  private void egress() {
    int policies = index.policyTargets.size(); // slots: see IndexMemo#slotOfPosition
    long[][] unions = new long[policies][];
    for (int ri : plan.staticEgress()) {
      Rule r = index.egressRules.get(ri);
      if (unions[r.policy] == null) {
        unions[r.policy] = r.peers.clone();
      } else {
        Bits.or(unions[r.policy], r.peers);
      }
    }
    int[] init = new int[n];
    for (int s = 0; s < n; s++) {
      init[s] = Bits.get(index.egressIsolated, s) ? 1 : 0;
    }
    Partition egress = new Partition(init, 2);
    for (int p = 0; p < policies; p++) {
      if (unions[p] != null) {
        egress.split(index.policyTargets.get(p));
      }
    }
    int[] representative = new int[n];
    int count = egress.compact(representative);
    int[] group = egress.groupOf();
    long[][] rows = new long[count][];
    for (int g = 0; g < count; g++) {
      rows[g] = Bits.get(index.egressIsolated, representative[g])
          ? new long[index.all.length] : null;
    }
    for (int p = 0; p < policies; p++) {
      if (unions[p] != null) {
        long[] targets = index.policyTargets.get(p);
        for (int s = Bits.next(targets, 0); s >= 0; s = Bits.next(targets, s + 1)) {
          int g = group[s];
          if (representative[g] == s) {
            Bits.or(rows[g], unions[p]);
          }
        }
      }
    }
    egressGroup = group;
    egressRows = rows;
  }

  /**
   * One slice's part of phase 1: the targets its sets admit, as bits and as positions, and the
   * classes grouped by membership in its sets. The first slice also makes the base row: the
   * classes whose ingress is not isolated, and those a rule admitting every class admits.
   */
  private void slicePartition(int slice) {
    if (slice == 0) {
      for (int w = 0; w < base.length; w++) {
        base[w] = index.all[w] & ~index.ingressIsolated[w];
      }
    }
    int from = sliceStart[slice];
    int to = sliceStart[slice + 1];
    for (int ri : plan.staticIngress()) {
      Rule r = index.ingressRules.get(ri);
      int k = r.peerSetId;
      boolean mine = slice == 0 && k == index.allPeerSetId
          || (k != index.allPeerSetId && inSlice(k, from, to));
      if (!mine) {
        continue;
      }
      if (k == index.allPeerSetId) {
        Bits.or(base, r.targets);
      } else if (bySet[k] == null) {
        bySet[k] = r.targets.clone();
      } else {
        Bits.or(bySet[k], r.targets);
      }
    }
    Partition partition = new Partition(new int[n], 1);
    for (int i = from; i < to; i++) {
      int k = sets[i];
      // Rules most often admit few destination classes: rows get those bits, not every word.
      few[k] = Bits.positions(bySet[k], bySet[k].length / 8);
      partition.split(index.peerMembers(k));
    }
    partition.compact(new int[n]);
    sliceGroup[slice] = partition.groupOf();
  }

  private boolean inSlice(int set, int from, int to) {
    int i = Arrays.binarySearch(sets, from, to, set);
    return i >= 0;
  }

  /**
   * Combines the slices' partitions: classes share a group iff they share one in every slice.
   * Refines the first slice's partition by each other slice's groups; numbered by first class,
   * as a partition by every set at once would be.
   */
  private void combine() {
    int[] group = sliceGroup[0];
    Partition partition = new Partition(group.clone(), groupCount(group));
    for (int slice = 1; slice < sliceGroup.length; slice++) {
      int[] other = sliceGroup[slice];
      int count = groupCount(other);
      int[] start = new int[count + 1];
      for (int g : other) {
        start[g + 1]++;
      }
      for (int g = 0; g < count; g++) {
        start[g + 1] += start[g];
      }
      int[] members = new int[n];
      int[] fill = Arrays.copyOf(start, count);
      for (int s = 0; s < n; s++) {
        members[fill[other[s]]++] = s;
      }
      for (int g = 0; g < count; g++) {
        partition.split(Arrays.copyOfRange(members, start[g], start[g + 1]));
      }
    }
    int[] representative = new int[n];
    groups = partition.compact(representative);
    ingressGroup = partition.groupOf();
    reps = representative;
    ingressRows = new long[groups][];
  }

  private static int groupCount(int[] compacted) {
    int max = -1;
    for (int g : compacted) {
      max = Math.max(max, g);
    }
    return max + 1;
  }

  /** One slice's part of phase 2: per group, the slice's sets its representative is in. */
  private void setsOfRepresentatives(int slice) {
    int[] group = ingressGroup;
    int[] representative = reps;
    int[] start = new int[groups + 1];
    for (int i = sliceStart[slice]; i < sliceStart[slice + 1]; i++) {
      for (int s : index.peerMembers(sets[i])) {
        int g = group[s];
        if (representative[g] == s) {
          start[g + 1]++;
        }
      }
    }
    for (int g = 0; g < groups; g++) {
      start[g + 1] += start[g];
    }
    int[] out = new int[start[groups]];
    int[] fill = Arrays.copyOf(start, groups);
    for (int i = sliceStart[slice]; i < sliceStart[slice + 1]; i++) {
      int k = sets[i];
      for (int s : index.peerMembers(k)) {
        int g = group[s];
        if (representative[g] == s) {
          out[fill[g]++] = k;
        }
      }
    }
    setsStart[slice] = start;
    setsOf[slice] = out;
  }

  /**
   * One range of groups' part of phase 3: each group's ingress row, the base and the targets of
   * every set holding its representative, built row by row so that a row stays in cache.
   */
  private void rows(int range, int ranges) {
    long[][] out = ingressRows;
    int from = (int) ((long) groups * range / ranges);
    int to = (int) ((long) groups * (range + 1) / ranges);
    for (int g = from; g < to; g++) {
      long[] row = base.clone();
      for (int slice = 0; slice < setsOf.length; slice++) {
        int[] start = setsStart[slice];
        int[] of = setsOf[slice];
        for (int i = start[g]; i < start[g + 1]; i++) {
          int k = of[i];
          if (few[k] != null) {
            Bits.orBits(row, few[k]);
          } else {
            Bits.or(row, bySet[k]);
          }
        }
      }
      out[g] = row;
    }
  }

  /** The baseline; lets go of the parts' work, which no caller reads past the last phase. */
  private Baseline finish() {
    Baseline b = new Baseline(egressGroup, egressRows, ingressGroup, ingressRows);
    bySet = null;
    few = null;
    sliceGroup = null;
    base = null;
    setsStart = null;
    setsOf = null;
    return b;
  }

  /** Parts any thread may take, each run once; {@link #join} returns when all are done. */
  private static final class Phase {
    private final Runnable[] parts;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private volatile @Nullable Throwable failure;

    Phase(List<Runnable> parts) {
      this.parts = parts.toArray(Runnable[]::new);
      this.done = new CountDownLatch(this.parts.length);
    }

    /** Runs parts not yet taken, then waits for the rest; rethrows a part's exception. */
    void join() {
      for (int i = next.getAndIncrement(); i < parts.length; i = next.getAndIncrement()) {
        try {
          parts[i].run();
        } catch (RuntimeException | Error e) {
          failure = e;
        } finally {
          done.countDown();
        }
      }
      Uninterruptibles.awaitUninterruptibly(done);
      Throwable f = failure;
      if (f instanceof RuntimeException r) {
        throw r;
      }
      if (f instanceof Error e) {
        throw e;
      }
    }
  }
}
