package dev.netpol.core.exposure;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.Cluster;
import dev.netpol.core.internal.AddressRanges;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.CellWalk;
import dev.netpol.core.reach.PortRange;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.reach.WorkloadMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Computes an {@link Exposure} from the engine's matrix, one port atom at a time, walking the
 * atoms with a {@link CellWalk}: per workload it joins the columns (ingress) or rows (egress) of
 * its cells and names the pods they hold by namespace and workload, only for workloads one of
 * whose cells' answers changed since the previous atom; the others keep their lines. Identical
 * joins are named once, so the cost grows with what changes from atom to atom, never with the
 * pod pairs.
 */
final class ExposureBuilder {
  /** A line before its ports are merged: the peer and whether every pod admits all of it. */
  record Line(Peer peer, boolean everyPod) {}

  /** A workload: its pods and, once known, its cells. */
  private static final class Group {
    final String id;
    final String namespace;
    final String kind;
    final List<Pod> pods = new ArrayList<>();
    int[] cells = new int[0];
    // Lines are interned, so identity is equality (and no large set is hashed per atom).
    final Map<Line, List<PortRange>> in = new IdentityHashMap<>();
    final Map<Line, List<PortRange>> out = new IdentityHashMap<>();
    final Run inRun = new Run();
    final Run outRun = new Run();
    /** The last naming of the pods that may connect in, and of those it may connect to. */
    @Nullable Named lastIn;
    @Nullable Named lastOut;

    Group(String id, String namespace, String kind) {
      this.id = id;
      this.namespace = namespace;
      this.kind = kind;
    }
  }

  /**
   * The lines a workload has in one direction since some atom: each line with the first port of
   * its run of neighbouring atoms, recorded as one port range when the run ends.
   */
  private static final class Run {
    List<Line> lines = List.of();
    int[] start = new int[0];

    /** Goes on with {@code next}: ends the runs of lines it leaves out, starts those it adds. */
    void advance(Map<Line, List<PortRange>> into, List<Line> next, PortRange atom,
        @Nullable PortRange before) {
      int[] starts = new int[next.size()];
      for (int i = 0; i < next.size(); i++) {
        int k = indexOf(lines, next.get(i));
        starts[i] = k >= 0 ? start[k] : atom.first();
      }
      for (int k = 0; k < lines.size(); k++) {
        if (indexOf(next, lines.get(k)) < 0) {
          close(into, k, before);
        }
      }
      lines = next;
      start = starts;
    }

    /** Ends every run at the atom {@code before} (the last of a protocol, or of all). */
    void closeAll(Map<Line, List<PortRange>> into, @Nullable PortRange before) {
      for (int k = 0; k < lines.size(); k++) {
        close(into, k, before);
      }
      lines = List.of();
      start = new int[0];
    }

    private void close(Map<Line, List<PortRange>> into, int k, @Nullable PortRange before) {
      if (before == null) {
        throw new IllegalStateException("a run cannot end before the first atom");
      }
      into.computeIfAbsent(lines.get(k), l -> new ArrayList<>())
          .add(new PortRange(before.protocol(), start[k], before.last()));
    }

    private static int indexOf(List<Line> lines, Line line) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i) == line) {
          return i;
        }
      }
      return -1;
    }
  }

  /**
   * The union and the intersection of some cells' bitsets, as a cache key (the same array when
   * there is one cell). The hash is computed once: a key is hashed to look it up and again to
   * store it, and each costs a pass over every word.
   */
  private static final class Join {
    final long[] union;
    final long[] every;
    private final int hash;

    Join(long[] union, long[] every) {
      this.union = union;
      this.every = every;
      this.hash = every == union ? hash(union) : mix(hash(union)) ^ hash(every);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Join j && hash == j.hash && Arrays.equals(union, j.union)
          && (every == union && j.every == j.union || Arrays.equals(every, j.every));
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * A line of pods by the names it holds, as bits over their name order: the namespaces (or
   * workloads) named, the workloads named only partly, and whether every pod admits them all.
   */
  private static final class Marks {
    final long[] names;
    final long[] partly;
    final boolean even;
    private final int hash;

    Marks(long[] names, long[] partly, boolean even) {
      this.names = names;
      this.partly = partly;
      this.even = even;
      int h = mix(hash(names)) ^ hash(partly);
      this.hash = even ? ~h : h;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Marks m && hash == m.hash && even == m.even
          && Arrays.equals(names, m.names) && Arrays.equals(partly, m.partly);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * A hash of a bitset whose words are multiplied independently (so the loop pipelines, unlike
   * {@link Arrays#hashCode(long[])}'s chain), each by an odd factor of its own position.
   */
  private static int hash(long[] bits) {
    long h = bits.length;
    for (int i = 0; i < bits.length; i++) {
      h += bits[i] * (0x9E3779B97F4A7C15L + ((long) i << 1));
    }
    return mix((int) (h ^ (h >>> 32)));
  }

  /** Spreads the bits of a hash (the finalizer of MurmurHash3). */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  private static final long[] NO_MARKS = new long[0];

  private final ReachabilityMatrix matrix;
  private final List<Group> groups;
  private final List<String> namespaces;
  /** Outside and any-pod lines, interned by value (their peers are small). */
  private final Map<Line, Line> interned = new HashMap<>();
  /** Namespaces and workloads lines, interned by the names they hold. */
  private final Map<Marks, Interned> namespacesLines = new HashMap<>();
  private final Map<Marks, Interned> workloadsLines = new HashMap<>();

  /** A line with the marks it was named from (kept, so equal marks share their arrays). */
  private record Interned(Marks marks, Line line) {}
  /** The lines of every join seen, in any atom: most joins recur from atom to atom. */
  private final Map<Join, Named> named = new HashMap<>();
  /**
   * The last naming in each direction: a workload named for the first time is named from it
   * when their joins differ in few cells (workloads are visited in namespace order, and
   * neighbours often admit alike).
   */
  private @Nullable Named recentIn;
  private @Nullable Named recentOut;
  /** The outside line of every address set seen. */
  private final Map<ImmutableRangeSet<IpAddress>, List<Line>> outsideLines = new HashMap<>();

  // Filled from the first atom: cells are numbered alike in every atom of one matrix.
  private int cellCount = -1;
  /** The previous atom, or null before the first. */
  private @Nullable PortRange before;
  private boolean[] dirtyIn = new boolean[0];
  private boolean[] dirtyOut = new boolean[0];
  /** The workloads marked dirty this atom, and every cell (for the atoms that redo all). */
  private int[] dirty = new int[0];
  private int[] allCells = new int[0];
  /** Workloads by their id's rank in natural order, and their ids in that order. */
  private int[] byRank = new int[0];
  private String[] idByRank = new String[0];
  private int words;
  private long[] scratch = new long[0];
  /**
   * Per cell, four ints from {@code 4 * cell}: its pods, its namespace (a class never spans two),
   * the rank of its only workload or -1 when it holds pods of several (then see cellRanks).
   */
  private int[] cellInfo = new int[0];
  private int[][] cellGroups = new int[0][];
  private int[][] cellRanks = new int[0][];
  private int[][] cellRankPods = new int[0][];
  private int[] nsPods = new int[0];
  private int[] groupPods = new int[0];
  private int[] groupNs = new int[0];
  private int totalPods;

  /** Per namespace, its cells that hold pods, and its workloads. */
  private int[][] cellsOfNs = new int[0][];
  private int[][] groupsOfNs = new int[0][];
  /** Per workload, its rank in id order, and its pods in each of its cells. */
  private int[] rankOf = new int[0];
  private int[][] groupCellPods = new int[0][];

  // Scratch for naming, reset through the marks of what was touched.
  private long[] nsAllowed = new long[0];
  private int[] changed = new int[0];
  /** Pods admitted per workload, by rank. */
  private long[] rankAllowed = new long[0];
  /** Touched namespaces by index, touched workloads by rank: both are name orders. */
  private long[] nsMarks = new long[0];
  private long[] groupMarks = new long[0];
  private long[] partlyMarks = new long[0];
  /** No workload marked: shared by every line that names no workload partly. */
  private long[] noneMarked = new long[0];
  private String[] nameScratch = new String[0];

  ExposureBuilder(ReachabilityMatrix matrix) {
    this.matrix = matrix;
    Cluster cluster = matrix.cluster();
    Map<String, Group> byId = new LinkedHashMap<>();
    for (Pod pod : cluster.pods()) {
      String id = WorkloadMatrix.groupId(pod);
      byId.computeIfAbsent(id, k -> new Group(k, pod.namespace(), pod.ownerId()
              .flatMap(cluster::workload)
              .map(w -> w.kind().toString())
              .orElse("Pod")))
          .pods.add(pod);
    }
    this.groups = new ArrayList<>(byId.values());
    groups.sort(Comparator.comparing((Group g) -> g.namespace).thenComparing(g -> g.id));
    this.namespaces = cluster.pods().stream().map(Pod::namespace).distinct().sorted().toList();
  }

  Exposure build() {
    CellWalk walk = CellWalk.of(matrix);
    while (walk.next()) {
      atom(walk);
    }
    for (Group g : groups) {
      g.inRun.closeAll(g.in, before);
      g.outRun.closeAll(g.out, before);
    }
    ImmutableList.Builder<WorkloadExposure> out = ImmutableList.builder();
    List<WorkloadExposure> all = new ArrayList<>();
    for (Group g : groups) {
      all.add(new WorkloadExposure(g.id, g.namespace, g.kind, g.pods.size(),
          reaches(PolicyType.INGRESS, g.in), reaches(PolicyType.EGRESS, g.out)));
    }
    all.sort(Comparator.comparingInt((WorkloadExposure w) -> rank(w, PolicyType.INGRESS))
        .thenComparingInt(w -> rank(w, PolicyType.EGRESS)));
    out.addAll(all);
    return new Exposure(matrix, out.build());
  }

  private static int rank(WorkloadExposure w, PolicyType direction) {
    return w.widest(direction).map(Enum::ordinal).orElse(Breadth.values().length);
  }

  private void atom(CellWalk walk) {
    PortRange atom = walk.ports();
    if (cellCount < 0) {
      index(walk);
    }
    boolean first = before == null;
    if (before != null && before.protocol() != atom.protocol()) {
      // A port range never spans protocols: end every run; every workload starts again.
      for (Group g : groups) {
        g.inRun.closeAll(g.in, before);
        g.outRun.closeAll(g.out, before);
      }
      first = true;
    }
    // Only workloads with a cell whose answers changed since the previous atom change lines.
    int dirtyCount = 0;
    for (int c : first ? allCells : walk.changedCells()) {
      boolean in = first || walk.columnChanged(c) || walk.fromOutsideChanged(c);
      boolean out = first || walk.rowChanged(c) || walk.toOutsideChanged(c);
      for (int g : cellGroups[c]) {
        if (!dirtyIn[g] && !dirtyOut[g]) {
          dirty[dirtyCount++] = g;
        }
        dirtyIn[g] |= in;
        dirtyOut[g] |= out;
      }
    }
    for (int k = 0; k < dirtyCount; k++) {
      int i = dirty[k];
      Group g = groups.get(i);
      if (dirtyIn[i]) {
        dirtyIn[i] = false;
        g.lastIn = lines(g.cells, walk::column, g.lastIn != null ? g.lastIn : recentIn);
        recentIn = g.lastIn;
        g.inRun.advance(g.in, concat(outside(g.cells, walk::fromOutside), g.lastIn.lines()),
            atom, before);
      }
      if (dirtyOut[i]) {
        dirtyOut[i] = false;
        g.lastOut = lines(g.cells, walk::row, g.lastOut != null ? g.lastOut : recentOut);
        recentOut = g.lastOut;
        g.outRun.advance(g.out, concat(outside(g.cells, walk::toOutside), g.lastOut.lines()),
            atom, before);
      }
    }
    before = atom;
  }

  /** Reads a cell's bits (a row or a column) into a buffer. */
  @FunctionalInterface
  private interface Bits {
    void read(int cell, long[] into);
  }

  private static List<Line> concat(List<Line> a, List<Line> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    List<Line> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The outside addresses any cell admits, and whether every cell admits all of them. */
  private List<Line> outside(
      int[] cells, java.util.function.IntFunction<ImmutableRangeSet<IpAddress>> perCell) {
    ImmutableRangeSet<IpAddress> first = perCell.apply(cells[0]);
    if (cells.length == 1) {
      return outsideLines.computeIfAbsent(first, set -> set.isEmpty()
          ? List.of()
          : List.of(intern(new Line(new Peer.Outside(set), true))));
    }
    RangeSet<IpAddress> union = first;
    boolean even = true;
    if (cells.length > 1) {
      TreeRangeSet<IpAddress> u = TreeRangeSet.create(first);
      for (int i = 1; i < cells.length; i++) {
        ImmutableRangeSet<IpAddress> next = perCell.apply(cells[i]);
        even &= next.equals(first);
        u.addAll(next);
      }
      union = u;
      if (!even) {
        ImmutableRangeSet<IpAddress> every = first;
        for (int i = 1; i < cells.length; i++) {
          every = every.intersection(perCell.apply(cells[i]));
        }
        even = AddressRanges.closed(union).equals(AddressRanges.closed(every));
      }
    }
    if (union.isEmpty()) {
      return List.of();
    }
    return List.of(intern(new Line(new Peer.Outside(ImmutableRangeSet.copyOf(union)), even)));
  }

  /**
   * The pods of a join named, with what naming found on the way: the admitted pods, the whole
   * namespaces (bits by namespace index), the workloads named outside them and those named only
   * partly (bits by rank), so that a join differing in a few cells can be named from this one.
   */
  private record Named(
      long[] union,
      long[] every,
      long allowed,
      long[] wholeNs,
      long[] ids,
      long[] partly,
      List<Line> lines) {}

  /**
   * The pods any of the cells admits, named: found again by the joined bitsets, else named from
   * {@code last} (the workload's previous join in this direction) when few cells differ, else
   * named afresh.
   */
  private Named lines(int[] cells, Bits bits, @Nullable Named last) {
    long[] union = new long[words];
    bits.read(cells[0], union);
    long[] every = union;
    if (cells.length > 1) {
      every = union.clone();
      for (int i = 1; i < cells.length; i++) {
        bits.read(cells[i], scratch);
        for (int w = 0; w < words; w++) {
          union[w] |= scratch[w];
          every[w] &= scratch[w];
        }
      }
    }
    Join key = new Join(union, every);
    Named known = named.get(key);
    if (known == null) {
      known = last == null ? null : rename(last, union, every);
      if (known == null) {
        known = name(union, every);
      }
      named.put(key, known);
    }
    return known;
  }

  /**
   * Names the pods of {@code union}: all of them, whole namespaces, or workloads. One pass over
   * the cells marks the namespaces and workloads they hold in bitsets over their name order
   * (namespaces are numbered in name order, workloads by their rank in id order). A line is
   * found again by those bits, and a new one gets its names in order from them, so no set of
   * names is hashed, compared or sorted ({@link SortedNames}).
   */
  private Named name(long[] union, long[] every) {
    long allowed = 0;
    int[] info = cellInfo;
    for (int w = 0; w < union.length; w++) {
      long word = union[w];
      while (word != 0) {
        int s = (w << 6) + Long.numberOfTrailingZeros(word);
        word &= word - 1;
        int at = s << 2;
        int pods = info[at];
        if (pods == 0) {
          continue;
        }
        allowed += pods;
        int ns = info[at + 1];
        if (nsAllowed[ns] == 0) {
          nsMarks[ns >>> 6] |= 1L << ns;
        }
        nsAllowed[ns] += pods;
        int r = info[at + 2];
        if (r >= 0) {
          count(r, pods);
        } else {
          int[] ranks = cellRanks[s];
          int[] rankPods = cellRankPods[s];
          for (int k = 0; k < ranks.length; k++) {
            count(ranks[k], rankPods[k]);
          }
        }
      }
    }
    // Whole namespaces stay marked in nsMarks, the others are unmarked.
    for (int w = 0; w < nsMarks.length; w++) {
      for (long word = nsMarks[w]; word != 0; word &= word - 1) {
        int ns = (w << 6) + Long.numberOfTrailingZeros(word);
        if (nsAllowed[ns] != nsPods[ns]) {
          nsMarks[w] &= ~(1L << ns);
        }
        nsAllowed[ns] = 0;
      }
    }
    // Workloads of whole namespaces are unmarked; those only partly admitted are marked again.
    for (int w = 0; w < groupMarks.length; w++) {
      for (long word = groupMarks[w]; word != 0; word &= word - 1) {
        int r = (w << 6) + Long.numberOfTrailingZeros(word);
        int g = byRank[r];
        if (bit(nsMarks, groupNs[g])) {
          groupMarks[w] &= ~(1L << r);
        } else if (rankAllowed[r] < groupPods[g]) {
          partlyMarks[w] |= 1L << r;
        }
        rankAllowed[r] = 0;
      }
    }
    Named out = named(union, every, allowed, nsMarks.clone(), groupMarks.clone(),
        partlyMarks.clone());
    Arrays.fill(nsMarks, 0);
    Arrays.fill(groupMarks, 0);
    Arrays.fill(partlyMarks, 0);
    return out;
  }

  /**
   * Names {@code union} from {@code last} when they differ in few cells: only the namespaces of
   * those cells can become whole or stop being whole, and only their workloads can change; or
   * null when naming afresh costs less.
   */
  private @Nullable Named rename(Named last, long[] union, long[] every) {
    int differ = 0;
    int set = 0;
    for (int w = 0; w < words; w++) {
      differ += Long.bitCount(last.union[w] ^ union[w]);
      set += Long.bitCount(union[w]);
    }
    if (differ > 64 && differ * 4 > set) {
      return null;
    }
    long allowed = last.allowed;
    long[] wholeNs = last.wholeNs.clone();
    long[] ids = last.ids.clone();
    long[] partly = last.partly.clone();
    int[] info = cellInfo;
    int cellCount = 0;
    for (int w = 0; w < words; w++) {
      for (long x = last.union[w] ^ union[w]; x != 0; x &= x - 1) {
        int c = (w << 6) + Long.numberOfTrailingZeros(x);
        int pods = info[c << 2];
        if (pods == 0) {
          continue;
        }
        allowed += (union[w] & (x & -x)) != 0 ? pods : -pods;
        int ns = info[(c << 2) + 1];
        nsMarks[ns >>> 6] |= 1L << ns;
        changed[cellCount++] = c;
      }
    }
    for (int w = 0; w < nsMarks.length; w++) {
      for (long word = nsMarks[w]; word != 0; word &= word - 1) {
        int ns = (w << 6) + Long.numberOfTrailingZeros(word);
        boolean whole = true;
        for (int c : cellsOfNs[ns]) {
          if (!bit(union, c)) {
            whole = false;
            break;
          }
        }
        if (whole != bit(wholeNs, ns)) {
          wholeNs[ns >>> 6] ^= 1L << ns;
          for (int g : groupsOfNs[ns]) {
            regroup(g, union, whole, ids, partly);
          }
        }
      }
      nsMarks[w] = 0;
    }
    for (int i = 0; i < cellCount; i++) {
      int c = changed[i];
      boolean whole = bit(wholeNs, info[(c << 2) + 1]);
      for (int g : cellGroups[c]) {
        regroup(g, union, whole, ids, partly);
      }
    }
    return named(union, every, allowed, wholeNs, ids, partly);
  }

  /** Marks workload {@code g} in {@code ids} and {@code partly} as {@code union} admits it. */
  private void regroup(int g, long[] union, boolean nsWhole, long[] ids, long[] partly) {
    int r = rankOf[g];
    long bit = 1L << r;
    int w = r >>> 6;
    ids[w] &= ~bit;
    partly[w] &= ~bit;
    if (nsWhole) {
      return;
    }
    int[] cells = groups.get(g).cells;
    int[] pods = groupCellPods[g];
    int admitted = 0;
    for (int i = 0; i < cells.length; i++) {
      if (bit(union, cells[i])) {
        admitted += pods[i];
      }
    }
    if (admitted > 0) {
      ids[w] |= bit;
      if (admitted < groupPods[g]) {
        partly[w] |= bit;
      }
    }
  }

  /**
   * The lines of a naming: any pod when every pod is admitted, else the whole namespaces and the
   * workloads named outside them; each line says whether every cell of the join admits all of
   * it ({@code every}).
   */
  private Named named(long[] union, long[] every, long allowed, long[] wholeNs, long[] ids,
      long[] partly) {
    boolean anyUneven = false;
    boolean wholeEven = true;
    boolean partUneven = false;
    if (every != union) {
      for (int w = 0; w < words; w++) {
        for (long x = union[w] & ~every[w]; x != 0; x &= x - 1) {
          int c = (w << 6) + Long.numberOfTrailingZeros(x);
          if (cellInfo[c << 2] == 0) {
            continue;
          }
          anyUneven = true;
          if (bit(wholeNs, cellInfo[(c << 2) + 1])) {
            wholeEven = false;
          } else {
            partUneven = true;
          }
        }
      }
    }
    List<Line> lines;
    if (allowed == 0) {
      lines = List.of();
    } else if (allowed == totalPods) {
      lines = List.of(intern(new Line(new Peer.AnyPod(), !anyUneven)));
    } else {
      lines = new ArrayList<>(2);
      if (!none(wholeNs)) {
        Interned known = namespacesLines.computeIfAbsent(new Marks(wholeNs, NO_MARKS, wholeEven),
            m -> new Interned(m, namespacesLine(m)));
        wholeNs = known.marks().names; // one array per content
        lines.add(known.line());
      }
      if (!none(ids)) {
        if (partly != noneMarked && none(partly)) {
          partly = noneMarked; // most workloads are named whole: one empty array for all
        }
        Interned known = workloadsLines.computeIfAbsent(new Marks(ids, partly, !partUneven),
            m -> new Interned(m, workloadsLine(m)));
        ids = known.marks().names;
        partly = known.marks().partly;
        lines.add(known.line());
      }
    }
    return new Named(union, every, allowed, wholeNs, ids, partly, lines);
  }

  private static boolean bit(long[] bits, int i) {
    return (bits[i >>> 6] & (1L << i)) != 0;
  }

  private static boolean none(long[] bits) {
    for (long w : bits) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  /** Counts {@code pods} pods of the workload of rank {@code r} as admitted, marking it. */
  private void count(int r, int pods) {
    if (rankAllowed[r] == 0) {
      groupMarks[r >>> 6] |= 1L << r;
    }
    rankAllowed[r] += pods;
  }

  private Line namespacesLine(Marks marks) {
    int count = 0;
    for (int w = 0; w < marks.names.length; w++) {
      for (long word = marks.names[w]; word != 0; word &= word - 1) {
        nameScratch[count++] = namespaces.get((w << 6) + Long.numberOfTrailingZeros(word));
      }
    }
    return new Line(new Peer.Namespaces(SortedNames.of(nameScratch, count)), marks.even);
  }

  private Line workloadsLine(Marks marks) {
    return new Line(new Peer.Workloads(ids(marks.names), ids(marks.partly)), marks.even);
  }

  /** The ids of the workloads whose ranks are marked, sorted. */
  private ImmutableSortedSet<String> ids(long[] ranks) {
    int count = 0;
    for (int w = 0; w < ranks.length; w++) {
      for (long word = ranks[w]; word != 0; word &= word - 1) {
        nameScratch[count++] = idByRank[(w << 6) + Long.numberOfTrailingZeros(word)];
      }
    }
    return SortedNames.of(nameScratch, count);
  }

  private Line intern(Line line) {
    return interned.computeIfAbsent(line, k -> k);
  }

  /** Numbers the cells once: their pods' namespaces and groups. */
  private void index(CellWalk view) {
    int n = view.count();
    cellCount = n;
    words = view.words();
    scratch = new long[words];
    Integer[] order = new Integer[groups.size()];
    for (int g = 0; g < order.length; g++) {
      order[g] = g;
    }
    Arrays.sort(order, Comparator.comparing((Integer g) -> groups.get(g).id));
    byRank = new int[order.length];
    idByRank = new String[order.length];
    int[] idRank = new int[order.length];
    for (int r = 0; r < order.length; r++) {
      byRank[r] = order[r];
      idByRank[r] = groups.get(order[r]).id;
      idRank[order[r]] = r;
    }
    List<Map<Integer, Integer>> gs = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      gs.add(new LinkedHashMap<>());
    }
    Map<String, Integer> nsIndex = new HashMap<>();
    for (int i = 0; i < namespaces.size(); i++) {
      nsIndex.put(namespaces.get(i), i);
    }
    cellInfo = new int[4 * n];
    int[] cellNs = new int[n];
    Arrays.fill(cellNs, -1);
    nsPods = new int[namespaces.size()];
    groupPods = new int[groups.size()];
    groupNs = new int[groups.size()];
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      int namespace = nsIndex.get(group.namespace);
      groupNs[g] = namespace;
      groupPods[g] = group.pods.size();
      int[] cells = new int[group.pods.size()];
      for (int i = 0; i < cells.length; i++) {
        int c = view.cellOf(group.pods.get(i));
        if (cellNs[c] >= 0 && cellNs[c] != namespace) {
          throw new IllegalStateException("cell " + c + " holds pods of several namespaces");
        }
        cellNs[c] = namespace;
        cells[i] = c;
        cellInfo[4 * c]++;
        nsPods[namespace]++;
        totalPods++;
        gs.get(c).merge(g, 1, Integer::sum);
      }
      group.cells = Arrays.stream(cells).distinct().sorted().toArray();
    }
    cellGroups = new int[n][];
    cellRanks = new int[n][];
    cellRankPods = new int[n][];
    for (int c = 0; c < n; c++) {
      cellGroups[c] = gs.get(c).keySet().stream().mapToInt(Integer::intValue).toArray();
      cellRanks[c] = Arrays.stream(cellGroups[c]).map(g -> idRank[g]).toArray();
      cellRankPods[c] = gs.get(c).values().stream().mapToInt(Integer::intValue).toArray();
      cellInfo[4 * c + 1] = Math.max(cellNs[c], 0);
      cellInfo[4 * c + 2] = cellRanks[c].length == 1 ? cellRanks[c][0] : -1;
    }
    nsAllowed = new long[namespaces.size()];
    changed = new int[n];
    rankOf = idRank;
    List<List<Integer>> nsCells = new ArrayList<>();
    List<List<Integer>> nsGroups = new ArrayList<>();
    for (int i = 0; i < namespaces.size(); i++) {
      nsCells.add(new ArrayList<>());
      nsGroups.add(new ArrayList<>());
    }
    for (int c = 0; c < n; c++) {
      if (cellInfo[4 * c] > 0) {
        nsCells.get(cellInfo[4 * c + 1]).add(c);
      }
    }
    groupCellPods = new int[groups.size()][];
    for (int g = 0; g < groups.size(); g++) {
      nsGroups.get(groupNs[g]).add(g);
      int[] cells = groups.get(g).cells;
      groupCellPods[g] = new int[cells.length];
      for (int i = 0; i < cells.length; i++) {
        groupCellPods[g][i] = gs.get(cells[i]).get(g);
      }
    }
    cellsOfNs = nsCells.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
    groupsOfNs = nsGroups.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
    nsMarks = new long[(namespaces.size() + 63) >>> 6];
    rankAllowed = new long[groups.size()];
    groupMarks = new long[(groups.size() + 63) >>> 6];
    partlyMarks = new long[groupMarks.length];
    noneMarked = new long[groupMarks.length];
    nameScratch = new String[Math.max(groups.size(), namespaces.size())];
    dirtyIn = new boolean[groups.size()];
    dirtyOut = new boolean[groups.size()];
    dirty = new int[groups.size()];
    allCells = java.util.stream.IntStream.range(0, n).toArray();
  }

  /** The lines of one direction, ports merged, widest peer first, then by first port. */
  private static ImmutableList<Reach> reaches(
      PolicyType direction, Map<Line, List<PortRange>> lines) {
    List<Reach> out = new ArrayList<>();
    lines.forEach((line, ports) ->
        out.add(new Reach(direction, line.peer(), line.everyPod(), ImmutableList.copyOf(ports))));
    out.sort(Comparator.comparing((Reach r) -> r.peer().breadth())
        .thenComparing(r -> r.ports().get(0).protocol())
        .thenComparingInt(r -> r.ports().get(0).first())
        .thenComparing(Reach::toString));
    return ImmutableList.copyOf(out);
  }

}
