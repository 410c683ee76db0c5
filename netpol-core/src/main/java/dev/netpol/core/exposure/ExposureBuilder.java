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
import dev.netpol.core.model.Port;
import dev.netpol.core.policy.PolicyType;
import dev.netpol.core.reach.CellView;
import dev.netpol.core.reach.PortMatrix;
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
 * Computes an {@link Exposure} from the engine's matrix, one port atom at a time. Per atom it reads
 * each (source cell, destination cell) answer once into row and column bitsets; per workload it
 * joins the columns (ingress) or rows (egress) of its cells and names the pods they hold by
 * namespace and workload. Identical joins are named once, so the cost grows with the cells and
 * the atoms, never with the pod pairs.
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
    List<Line> lastIn = List.of();
    List<Line> lastOut = List.of();
    // Lines are interned, so identity is equality (and no large set is hashed per atom).
    final Map<Line, List<PortRange>> in = new IdentityHashMap<>();
    final Map<Line, List<PortRange>> out = new IdentityHashMap<>();

    Group(String id, String namespace, String kind) {
      this.id = id;
      this.namespace = namespace;
      this.kind = kind;
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
  private @Nullable Pod[] representative = new Pod[0];
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

  // The previous atom's answers, to redo only the workloads whose cells changed.
  private long[][] previousRows = new long[0][];
  private long[][] previousColumns = new long[0][];
  private List<ImmutableRangeSet<IpAddress>> previousFromOutside = List.of();
  private List<ImmutableRangeSet<IpAddress>> previousToOutside = List.of();

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
    matrix.forEachAtom(this::atom);
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

  private void atom(PortMatrix atom) {
    CellView view = CellView.of(atom);
    if (cellCount < 0) {
      index(view);
    }
    int n = cellCount;
    int words = (n + 63) >>> 6;
    long[][] rows = new long[n][words];
    for (int c = 0; c < n; c++) {
      view.row(c, rows[c]);
    }
    long[][] columns = Transpose.of(rows, n);
    Port port = atom.ports().representative();
    List<ImmutableRangeSet<IpAddress>> fromOutside = new ArrayList<>(n);
    List<ImmutableRangeSet<IpAddress>> toOutside = new ArrayList<>(n);
    boolean[] inChanged = new boolean[n];
    boolean[] outChanged = new boolean[n];
    for (int c = 0; c < n; c++) {
      Pod pod = representative[c];
      fromOutside.add(pod == null ? ImmutableRangeSet.of() : matrix.ingressFromOutside(pod, port));
      toOutside.add(pod == null ? ImmutableRangeSet.of() : matrix.egressToOutside(pod, port));
      inChanged[c] = previousColumns.length == 0
          || !Arrays.equals(columns[c], previousColumns[c])
          || !fromOutside.get(c).equals(previousFromOutside.get(c));
      outChanged[c] = previousRows.length == 0
          || !Arrays.equals(rows[c], previousRows[c])
          || !toOutside.get(c).equals(previousToOutside.get(c));
    }
    for (Group g : groups) {
      // A workload none of whose cells changed since the previous atom keeps its lines.
      if (any(g.cells, inChanged)) {
        g.lastIn = concat(outside(g.cells, fromOutside), lines(g.cells, columns));
      }
      if (any(g.cells, outChanged)) {
        g.lastOut = concat(outside(g.cells, toOutside), lines(g.cells, rows));
      }
      record(g.in, atom.ports(), g.lastIn);
      record(g.out, atom.ports(), g.lastOut);
    }
    previousRows = rows;
    previousColumns = columns;
    previousFromOutside = fromOutside;
    previousToOutside = toOutside;
  }

  private static boolean any(int[] cells, boolean[] changed) {
    for (int c : cells) {
      if (changed[c]) {
        return true;
      }
    }
    return false;
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

  private static void record(Map<Line, List<PortRange>> into, PortRange ports, List<Line> lines) {
    for (Line l : lines) {
      List<PortRange> list = into.get(l);
      if (list == null) {
        list = new ArrayList<>();
        into.put(l, list);
      }
      PortRange last = list.isEmpty() ? null : list.get(list.size() - 1);
      if (last != null && last.protocol() == ports.protocol() && last.last() + 1 == ports.first()) {
        list.set(list.size() - 1, new PortRange(ports.protocol(), last.first(), ports.last()));
      } else {
        list.add(ports);
      }
    }
  }

  /** The outside addresses any cell admits, and whether every cell admits all of them. */
  private List<Line> outside(int[] cells, List<ImmutableRangeSet<IpAddress>> perCell) {
    ImmutableRangeSet<IpAddress> first = perCell.get(cells[0]);
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
        ImmutableRangeSet<IpAddress> next = perCell.get(cells[i]);
        even &= next.equals(first);
        u.addAll(next);
      }
      union = u;
      if (!even) {
        ImmutableRangeSet<IpAddress> every = first;
        for (int i = 1; i < cells.length; i++) {
          every = every.intersection(perCell.get(cells[i]));
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
  private List<Line> lines(int[] cells, long[][] bits) {
    long[] union = bits[cells[0]];
    long[] every = union;
    if (cells.length > 1) {
      union = union.clone();
      every = every.clone();
      for (int i = 1; i < cells.length; i++) {
        long[] b = bits[cells[i]];
        for (int w = 0; w < union.length; w++) {
          union[w] |= b[w];
          every[w] &= b[w];
        }
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

  /** Names the pods of {@code union}: all of them, whole namespaces, or workloads. */
  private List<Line> name(long[] union, long[] every) {
    long allowed = 0;
    List<Integer> touchedNs = new ArrayList<>();
    List<Integer> touchedGroups = new ArrayList<>();
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
        for (int k = 0; k < cellNs[s].length; k++) {
          int ns = cellNs[s][k];
          if (nsAllowed[ns] == 0 && nsUneven[ns] == 0) {
            touchedNs.add(ns);
          }
          nsAllowed[ns] += cellNsPods[s][k];
          if (odd) {
            nsUneven[ns] += cellNsPods[s][k];
            uneven += cellNsPods[s][k];
          }
        }
        for (int k = 0; k < cellGroup[s].length; k++) {
          int g = cellGroup[s][k];
          if (groupAllowed[g] == 0) {
            touchedGroups.add(g);
          }
          groupAllowed[g] += cellGroupPods[s][k];
        }
      }
    }
    List<Line> lines = new ArrayList<>();
    if (allowed == totalPods && allowed > 0) {
      lines.add(intern(new Line(new Peer.AnyPod(), uneven == 0)));
    } else if (allowed > 0) {
      ImmutableSortedSet.Builder<String> whole = ImmutableSortedSet.naturalOrder();
      boolean wholeEven = true;
      boolean[] isWhole = new boolean[namespaces.size()];
      long partUneven = 0;
      for (int ns : touchedNs) {
        if (nsAllowed[ns] == nsPods[ns]) {
          whole.add(namespaces.get(ns));
          isWhole[ns] = true;
          wholeEven &= nsUneven[ns] == 0;
        } else {
          partUneven += nsUneven[ns];
        }
      }
      ImmutableSortedSet<String> names = whole.build();
      if (!names.isEmpty()) {
        lines.add(intern(new Line(new Peer.Namespaces(names), wholeEven)));
      }
      ImmutableSortedSet.Builder<String> ids = ImmutableSortedSet.naturalOrder();
      ImmutableSortedSet.Builder<String> partly = ImmutableSortedSet.naturalOrder();
      boolean any = false;
      for (int g : touchedGroups) {
        if (!isWhole[groupNs[g]]) {
          any = true;
          ids.add(groups.get(g).id);
          if (groupAllowed[g] < groupPods[g]) {
            partly.add(groups.get(g).id);
          }
        }
      }
      if (any) {
        lines.add(intern(new Line(new Peer.Workloads(ids.build(), partly.build()),
            partUneven == 0)));
      }
    }
    touchedNs.forEach(ns -> {
      nsAllowed[ns] = 0;
      nsUneven[ns] = 0;
    });
    touchedGroups.forEach(g -> groupAllowed[g] = 0);
    return lines;
  }

  private Line intern(Line line) {
    return interned.computeIfAbsent(line, k -> k);
  }

  /** Numbers the cells once: their pods' namespaces and groups, and one pod to ask for each. */
  private void index(CellView view) {
    int n = view.count();
    cellCount = n;
    representative = new Pod[n];
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
        if (representative[c] == null) {
          representative[c] = pod;
        }
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
