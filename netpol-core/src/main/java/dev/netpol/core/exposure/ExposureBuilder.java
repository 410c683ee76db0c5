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

  /** The union and the intersection of some cells' bitsets, as a cache key. */
  private record Join(long[] union, long[] every) {
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Join j && Arrays.equals(union, j.union) && Arrays.equals(every, j.every);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(union) * 31 + Arrays.hashCode(every);
    }

    @Override
    public String toString() {
      return "Join";
    }
  }

  private final ReachabilityMatrix matrix;
  private final List<Group> groups;
  private final List<String> namespaces;
  private final Map<Line, Line> interned = new HashMap<>();
  /** The lines of every join seen, in any atom: most joins recur from atom to atom. */
  private final Map<Join, List<Line>> named = new HashMap<>();
  /** The outside line of every address set seen. */
  private final Map<ImmutableRangeSet<IpAddress>, List<Line>> outsideLines = new HashMap<>();

  // Filled from the first atom: cells are numbered alike in every atom of one matrix.
  private int cellCount = -1;
  /** The previous atom, or null before the first. */
  private @Nullable PortRange before;
  private boolean[] dirtyIn = new boolean[0];
  // Scratch for naming, reset through the lists of what was touched.
  private int[] touchedNs = new int[0];
  private boolean[] isWhole = new boolean[0];
  private int[] touchedGroups = new int[0];
  private int[] rankScratch = new int[0];
  /** Workloads by their id's rank in natural order, and the rank of each. */
  private int[] byRank = new int[0];
  private int[] idRank = new int[0];
  private boolean[] dirtyOut = new boolean[0];
  private int words;
  private long[] scratch = new long[0];
  private int[] cellPods = new int[0];
  /** Per cell: the namespaces and groups of its pods, with how many pods of each. */
  private int[][] cellNs = new int[0][];
  private int[][] cellNsPods = new int[0][];
  private int[][] cellGroup = new int[0][];
  private int[][] cellGroupPods = new int[0][];
  private int[] nsPods = new int[0];
  private int[] groupPods = new int[0];
  private int[] groupNs = new int[0];
  private int totalPods;

  // Scratch counters, reset through the lists of what was touched.
  private long[] nsAllowed = new long[0];
  private long[] nsUneven = new long[0];
  private long[] groupAllowed = new long[0];

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
    for (int c = 0; c < cellCount; c++) {
      boolean in = first || walk.columnChanged(c) || walk.fromOutsideChanged(c);
      boolean out = first || walk.rowChanged(c) || walk.toOutsideChanged(c);
      if (in || out) {
        for (int g : cellGroup[c]) {
          dirtyIn[g] |= in;
          dirtyOut[g] |= out;
        }
      }
    }
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      if (dirtyIn[i]) {
        dirtyIn[i] = false;
        g.inRun.advance(g.in,
            concat(outside(g.cells, walk::fromOutside), lines(g.cells, walk::column)),
            atom, before);
      }
      if (dirtyOut[i]) {
        dirtyOut[i] = false;
        g.outRun.advance(g.out,
            concat(outside(g.cells, walk::toOutside), lines(g.cells, walk::row)),
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

  /** The pods any of the cells admits, named, cached by the joined bitsets. */
  private List<Line> lines(int[] cells, Bits bits) {
    long[] union = new long[words];
    bits.read(cells[0], union);
    long[] every = union.clone();
    for (int i = 1; i < cells.length; i++) {
      bits.read(cells[i], scratch);
      for (int w = 0; w < words; w++) {
        union[w] |= scratch[w];
        every[w] &= scratch[w];
      }
    }
    Join key = new Join(union, every);
    List<Line> lines = named.get(key);
    if (lines == null) {
      lines = name(union, every);
      named.put(key, lines);
    }
    return lines;
  }

  /**
   * Names the pods of {@code union}: all of them, whole namespaces, or workloads. Names are
   * gathered already in order (namespaces are numbered in name order, workloads by their rank in
   * id order), so the sorted sets are built in linear time.
   */
  private List<Line> name(long[] union, long[] every) {
    long allowed = 0;
    int nsCount = 0;
    int groupCount = 0;
    long uneven = 0;
    for (int w = 0; w < union.length; w++) {
      long word = union[w];
      long diff = word & ~every[w];
      while (word != 0) {
        int s = (w << 6) + Long.numberOfTrailingZeros(word);
        long bit = word & -word;
        word ^= bit;
        allowed += cellPods[s];
        boolean odd = (diff & bit) != 0;
        int[] cns = cellNs[s];
        for (int k = 0; k < cns.length; k++) {
          int ns = cns[k];
          if (nsAllowed[ns] == 0 && nsUneven[ns] == 0) {
            touchedNs[nsCount++] = ns;
          }
          nsAllowed[ns] += cellNsPods[s][k];
          if (odd) {
            nsUneven[ns] += cellNsPods[s][k];
            uneven += cellNsPods[s][k];
          }
        }
        int[] cg = cellGroup[s];
        for (int k = 0; k < cg.length; k++) {
          int g = cg[k];
          if (groupAllowed[g] == 0) {
            touchedGroups[groupCount++] = g;
          }
          groupAllowed[g] += cellGroupPods[s][k];
        }
      }
    }
    List<Line> lines = new ArrayList<>(2);
    if (allowed == totalPods && allowed > 0) {
      lines.add(intern(new Line(new Peer.AnyPod(), uneven == 0)));
    } else if (allowed > 0) {
      Arrays.sort(touchedNs, 0, nsCount);
      List<String> whole = new ArrayList<>();
      boolean wholeEven = true;
      long partUneven = 0;
      for (int i = 0; i < nsCount; i++) {
        int ns = touchedNs[i];
        if (nsAllowed[ns] == nsPods[ns]) {
          whole.add(namespaces.get(ns));
          isWhole[ns] = true;
          wholeEven &= nsUneven[ns] == 0;
        } else {
          partUneven += nsUneven[ns];
        }
      }
      if (!whole.isEmpty()) {
        lines.add(intern(new Line(
            new Peer.Namespaces(ImmutableSortedSet.copyOf(whole)), wholeEven)));
      }
      int ranked = 0;
      for (int i = 0; i < groupCount; i++) {
        int g = touchedGroups[i];
        if (!isWhole[groupNs[g]]) {
          rankScratch[ranked++] = idRank[g];
        }
      }
      if (ranked > 0) {
        Arrays.sort(rankScratch, 0, ranked);
        List<String> ids = new ArrayList<>(ranked);
        List<String> partly = new ArrayList<>();
        for (int i = 0; i < ranked; i++) {
          int g = byRank[rankScratch[i]];
          ids.add(groups.get(g).id);
          if (groupAllowed[g] < groupPods[g]) {
            partly.add(groups.get(g).id);
          }
        }
        lines.add(intern(new Line(new Peer.Workloads(
            ImmutableSortedSet.copyOf(ids), ImmutableSortedSet.copyOf(partly)),
            partUneven == 0)));
      }
    }
    for (int i = 0; i < nsCount; i++) {
      int ns = touchedNs[i];
      nsAllowed[ns] = 0;
      nsUneven[ns] = 0;
      isWhole[ns] = false;
    }
    for (int i = 0; i < groupCount; i++) {
      groupAllowed[touchedGroups[i]] = 0;
    }
    return lines;
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
    cellPods = new int[n];
    List<Map<Integer, Integer>> ns = new ArrayList<>();
    List<Map<Integer, Integer>> gs = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      ns.add(new LinkedHashMap<>());
      gs.add(new LinkedHashMap<>());
    }
    Map<String, Integer> nsIndex = new HashMap<>();
    for (int i = 0; i < namespaces.size(); i++) {
      nsIndex.put(namespaces.get(i), i);
    }
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
        Pod pod = group.pods.get(i);
        int c = view.cellOf(pod);
        cells[i] = c;
        cellPods[c]++;
        nsPods[namespace]++;
        totalPods++;
        ns.get(c).merge(namespace, 1, Integer::sum);
        gs.get(c).merge(g, 1, Integer::sum);
      }
      group.cells = Arrays.stream(cells).distinct().sorted().toArray();
    }
    cellNs = new int[n][];
    cellNsPods = new int[n][];
    cellGroup = new int[n][];
    cellGroupPods = new int[n][];
    for (int c = 0; c < n; c++) {
      cellNs[c] = ns.get(c).keySet().stream().mapToInt(Integer::intValue).toArray();
      cellNsPods[c] = ns.get(c).values().stream().mapToInt(Integer::intValue).toArray();
      cellGroup[c] = gs.get(c).keySet().stream().mapToInt(Integer::intValue).toArray();
      cellGroupPods[c] = gs.get(c).values().stream().mapToInt(Integer::intValue).toArray();
    }
    nsAllowed = new long[namespaces.size()];
    nsUneven = new long[namespaces.size()];
    groupAllowed = new long[groups.size()];
    dirtyIn = new boolean[groups.size()];
    dirtyOut = new boolean[groups.size()];
    touchedNs = new int[namespaces.size()];
    isWhole = new boolean[namespaces.size()];
    touchedGroups = new int[groups.size()];
    rankScratch = new int[groups.size()];
    Integer[] order = new Integer[groups.size()];
    for (int g = 0; g < order.length; g++) {
      order[g] = g;
    }
    Arrays.sort(order, Comparator.comparing((Integer g) -> groups.get(g).id));
    byRank = new int[order.length];
    idRank = new int[order.length];
    for (int r = 0; r < order.length; r++) {
      byRank[r] = order[r];
      idRank[order[r]] = r;
    }
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
