package dev.netpol.core.reach;

import com.google.common.base.Supplier;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Iterators;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.netpol.core.internal.AddressRanges;
import dev.netpol.core.model.Cidr;
import dev.netpol.core.model.IpAddress;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.policy.PolicyType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The cells that changed between two versions of a cluster, e.g. the policies of two commits:
 * which (source, destination, ports) went from allowed to denied or back.
 *
 * <pre>{@code
 * MatrixDiff diff = MatrixDiff.between(engine.build(before), engine.build(after));
 * diff.changes();   // [default/frontend-0 -> default/backend-0 TCP/80: allowed -> denied]
 * }</pre>
 *
 * <p>Addresses outside the cluster count as much as pods: a pod whose egress to the internet, or
 * ingress from it, gained or lost addresses on some ports is an {@link OutsideChange}, e.g. an
 * {@code except} narrowed from {@code 198.51.100.64/26} to {@code /27}:
 *
 * <pre>{@code
 * diff.outsideChanges();
 * // [default/web -> outside TCP/1-65535: opened 198.51.100.96/27]
 * }</pre>
 *
 * <p>Pods are matched by id. Pods present in only one version are listed ({@link
 * #podsOnlyBefore()}, {@link #podsOnlyAfter()}) rather than compared, never silently dropped.
 */
public final class MatrixDiff {
  private final ImmutableList<Change> changes;
  private final ImmutableList<OutsideChange> outsideChanges;
  private final ImmutableList<String> podsOnlyBefore;
  private final ImmutableList<String> podsOnlyAfter;

  /**
   * One changed cell over a range of ports.
   *
   * @param source the source pod id
   * @param destination the destination pod id
   * @param ports the ports on which it changed
   * @param allowedBefore whether it was allowed before (it is the opposite after)
   */
  public record Change(String source, String destination, PortRange ports, boolean allowedBefore) {

    /**
     * Whether it is allowed after the change.
     *
     * @return the opposite of {@link #allowedBefore()}
     */
    public boolean allowedAfter() {
      return !allowedBefore;
    }

    /** Returns e.g. {@code ns/a -> ns/b TCP/80: allowed -> denied}. */
    @Override
    public String toString() {
      return source
          + " -> "
          + destination
          + " "
          + ports
          + ": "
          + (allowedBefore ? "allowed -> denied" : "denied -> allowed");
    }
  }

  /**
   * One pod's connections with addresses outside the cluster that changed over a range of
   * ports: egress to them ({@link PolicyType#EGRESS}, judged by the pod's egress alone) or
   * ingress from them ({@link PolicyType#INGRESS}, judged by its ingress alone), see
   * docs/semantics.md#both-ends.
   *
   * <p>As in {@link ReachabilityMatrix#egressToOutside}, the sets are what the policies admit
   * for an address outside the cluster; pod addresses are not removed from them.
   *
   * @param pod the pod id, {@code namespace/name}
   * @param direction {@code EGRESS} for connections the pod opens to the addresses, {@code
   *     INGRESS} for connections they open to the pod
   * @param ports the ports on which the sets below changed, all alike
   * @param opened addresses denied before and allowed after (may be empty)
   * @param closed addresses allowed before and denied after (may be empty)
   */
  public record OutsideChange(
      String pod,
      PolicyType direction,
      PortRange ports,
      ImmutableRangeSet<IpAddress> opened,
      ImmutableRangeSet<IpAddress> closed) {

    /**
     * The opened addresses as CIDR blocks.
     *
     * @return e.g. {@code [198.51.100.96/27]}
     */
    public ImmutableList<Cidr> openedCidrs() {
      return AddressRanges.cidrs(opened);
    }

    /**
     * The closed addresses as CIDR blocks.
     *
     * @return e.g. {@code [198.51.100.64/26]}; empty if none
     */
    public ImmutableList<Cidr> closedCidrs() {
      return AddressRanges.cidrs(closed);
    }

    /**
     * Returns e.g. {@code ns/a -> outside TCP/443: opened 198.51.100.96/27} or {@code outside
     * -> ns/a TCP/1-79: closed 0.0.0.0/0, ::/0}, each non-empty set named once.
     */
    @Override
    public String toString() {
      String arrow = direction == PolicyType.EGRESS ? pod + " -> outside" : "outside -> " + pod;
      StringBuilder sb = new StringBuilder(arrow).append(' ').append(ports).append(':');
      if (!opened.isEmpty()) {
        sb.append(" opened ").append(AddressRanges.format(opened));
      }
      if (!closed.isEmpty()) {
        sb.append(opened.isEmpty() ? "" : ";").append(" closed ");
        sb.append(AddressRanges.format(closed));
      }
      return sb.toString();
    }
  }

  MatrixDiff(
      ImmutableList<Change> changes,
      ImmutableList<OutsideChange> outsideChanges,
      ImmutableList<String> podsOnlyBefore,
      ImmutableList<String> podsOnlyAfter) {
    this.changes = changes;
    this.outsideChanges = outsideChanges;
    this.podsOnlyBefore = podsOnlyBefore;
    this.podsOnlyAfter = podsOnlyAfter;
  }

  /**
   * Compares two matrices cell by cell over every port of every protocol, and each common pod's
   * egress to and ingress from addresses outside the cluster. Where an engine with a {@link
   * ReachabilityEngine.Builder#parallelism parallelism} above 1 built either matrix, the atoms
   * are compared on that many threads (the larger of the two); the diff is the same as with one
   * (docs/semantics.md#engine-parallelism).
   *
   * @param before the matrix of the old version
   * @param after the matrix of the new version
   * @return the changed cells and outside address sets, adjacent port atoms merged
   */
  public static MatrixDiff between(ReachabilityMatrix before, ReachabilityMatrix after) {
    List<Matched> common = matchById(before, after);
    List<Group> groups = groupByCells(common, before, after);
    Changes changes = new Changes();
    OutsideChanges outside = new OutsideChanges();
    List<Group> outsideGroups = groupByClasses(common, before, after);
    Map<Protocol, Supplier<Baseline[]>> baseBefore = before.baselineSuppliers();
    Map<Protocol, Supplier<Baseline[]>> baseAfter = after.baselineSuppliers();
    List<Runnable> warmUps = new ArrayList<>();
    for (Map<Protocol, Supplier<Baseline[]>> side : List.of(baseBefore, baseAfter)) {
      side.values().stream().distinct().forEach(b -> warmUps.add(b::get)); // protocols share
    }
    // Atoms are compared on the threads of the larger parallelism, and their differences added
    // in atom order on this thread, so that the lists come out as with one thread.
    Iterator<Supplier<AtomDiff>> tasks =
        Iterators.transform(
            combinedAtoms(before, after).iterator(),
            atom -> () -> {
              PortMatrix mb = before.compute(baseBefore.get(atom.protocol()).get(), atom);
              PortMatrix ma = after.compute(baseAfter.get(atom.protocol()).get(), atom);
              return diffAtom(common, groups, outsideGroups, before, after, atom, mb, ma);
            });
    InOrder.run(
        Math.max(before.parallelism(), after.parallelism()),
        warmUps,
        tasks,
        d -> d.addTo(common, groups, outsideGroups, changes, outside));
    return new MatrixDiff(
        changes.build(), outside.build(), onlyIn(before, after), onlyIn(after, before));
  }

  /**
   * The differences of one atom, found on any thread: pods of {@code common} (by index) whose
   * answer with themselves changed, pairs of groups whose cells changed, and the outside changes
   * of outside groups' representatives, each in the order one thread would meet them.
   */
  private record AtomDiff(
      PortRange atom, int[] changed, int count, List<OutsideDiff> outside) {

    /** Adds the changes to the lists, in the order they were found. */
    void addTo(
        List<Matched> common,
        List<Group> groups,
        List<Group> outsideGroups,
        Changes changes,
        OutsideChanges out) {
      for (int k = 0; k < count; k += 3) {
        boolean allowedBefore = changed[k + 2] != 0;
        if (changed[k] < 0) { // a pod with itself
          int i = -changed[k] - 1;
          Matched pod = common.get(i);
          changes.add(i, i, pod.id(), pod.id(), atom, allowedBefore);
          continue;
        }
        Group g1 = groups.get(changed[k]);
        Group g2 = groups.get(changed[k + 1]);
        for (int i : g1.members()) {
          for (int j : g2.members()) {
            if (i != j) {
              changes.add(i, j, common.get(i).id(), common.get(j).id(), atom, allowedBefore);
            }
          }
        }
      }
      for (OutsideDiff d : outside) {
        for (int i : outsideGroups.get(d.group()).members()) {
          out.add(i, common.get(i).id(), d.direction(), atom, d.opened(), d.closed());
        }
      }
    }
  }

  /** An outside group's changed addresses in one direction on one atom. */
  private record OutsideDiff(
      int group,
      PolicyType direction,
      ImmutableRangeSet<IpAddress> opened,
      ImmutableRangeSet<IpAddress> closed) {}

  /** Compares one atom's matrices, cell pair by cell pair, and the outside sets. */
  private static AtomDiff diffAtom(
      List<Matched> common,
      List<Group> groups,
      List<Group> outsideGroups,
      ReachabilityMatrix before,
      ReachabilityMatrix after,
      PortRange atom,
      PortMatrix mb,
      PortMatrix ma) {
    int[] changed = new int[12];
    int count = 0;
    for (int g1 = 0; g1 < groups.size(); g1++) {
      for (int i : groups.get(g1).members()) {
        Matched pod = common.get(i);
        boolean b = mb.allowed(pod.before(), pod.before());
        if (b != ma.allowed(pod.after(), pod.after())) {
          changed = room(changed, count);
          changed[count++] = -i - 1;
          changed[count++] = -i - 1;
          changed[count++] = b ? 1 : 0;
        }
      }
      Group one = groups.get(g1);
      for (int g2 = 0; g2 < groups.size(); g2++) {
        Group two = groups.get(g2);
        boolean b = mb.classAllowed(one.cellBefore(), two.cellBefore());
        if (b != ma.classAllowed(one.cellAfter(), two.cellAfter())) {
          changed = room(changed, count);
          changed[count++] = g1;
          changed[count++] = g2;
          changed[count++] = b ? 1 : 0;
        }
      }
    }
    List<OutsideDiff> outside = new ArrayList<>();
    for (int g = 0; g < outsideGroups.size(); g++) {
      compareOutside(common, g, outsideGroups.get(g), before, after, atom, outside);
    }
    return new AtomDiff(atom, changed, count, outside);
  }

  /** The array, grown if it has no room for three more entries after {@code count}. */
  private static int[] room(int[] array, int count) {
    return count + 3 <= array.length ? array : Arrays.copyOf(array, array.length * 2);
  }

  /**
   * Groups the common pods by their engine classes before and after: pods of one class get the
   * same outside answers (named ports too resolve per class).
   */
  private static List<Group> groupByClasses(
      List<Matched> common, ReachabilityMatrix before, ReachabilityMatrix after) {
    Map<CellPair, Group> groups = new LinkedHashMap<>();
    for (int i = 0; i < common.size(); i++) {
      int cb = before.index().classOf(common.get(i).before());
      int ca = after.index().classOf(common.get(i).after());
      groups
          .computeIfAbsent(new CellPair(cb, ca), k -> new Group(cb, ca, new ArrayList<>()))
          .members()
          .add(i);
    }
    return new ArrayList<>(groups.values());
  }

  /** One representative per group answers for each direction; the members share its change. */
  private static void compareOutside(
      List<Matched> common,
      int index,
      Group group,
      ReachabilityMatrix before,
      ReachabilityMatrix after,
      PortRange atom,
      List<OutsideDiff> out) {
    Matched first = common.get(group.members().get(0));
    Port port = atom.representative();
    for (PolicyType direction : PolicyType.values()) {
      RangeSet<IpAddress> was = outside(before, first.before(), direction, port);
      RangeSet<IpAddress> is = outside(after, first.after(), direction, port);
      Delta delta = delta(was, is);
      if (delta != null) {
        out.add(new OutsideDiff(index, direction, delta.opened(), delta.closed()));
      }
    }
  }

  /** The addresses an outside set opens and those it closes. */
  private record Delta(ImmutableRangeSet<IpAddress> opened, ImmutableRangeSet<IpAddress> closed) {}

  /** What changed from {@code was} to {@code is}, or null when nothing did. */
  private static @Nullable Delta delta(RangeSet<IpAddress> was, RangeSet<IpAddress> is) {
    if (was.equals(is)) {
      return null;
    }
    ImmutableRangeSet<IpAddress> opened = AddressRanges.closed(difference(is, was));
    ImmutableRangeSet<IpAddress> closed = AddressRanges.closed(difference(was, is));
    return opened.isEmpty() && closed.isEmpty() ? null : new Delta(opened, closed);
  }

  /**
   * Adds the change of some pods' outside set in one direction on one atom, if the sets differ:
   * {@code count} pods, the k-th at position {@code index(k)} with id {@code id(k)}.
   */
  static void addOutside(
      OutsideChanges out,
      int count,
      java.util.function.IntUnaryOperator index,
      java.util.function.IntFunction<String> id,
      PolicyType direction,
      PortRange atom,
      RangeSet<IpAddress> was,
      RangeSet<IpAddress> is) {
    Delta delta = delta(was, is);
    if (delta == null) {
      return;
    }
    for (int k = 0; k < count; k++) {
      out.add(index.applyAsInt(k), id.apply(k), direction, atom, delta.opened(), delta.closed());
    }
  }

  private static RangeSet<IpAddress> outside(
      ReachabilityMatrix m, Pod pod, PolicyType direction, Port port) {
    return direction == PolicyType.EGRESS
        ? m.egressToOutside(pod, port)
        : m.ingressFromOutside(pod, port);
  }

  private static RangeSet<IpAddress> difference(RangeSet<IpAddress> a, RangeSet<IpAddress> b) {
    TreeRangeSet<IpAddress> out = TreeRangeSet.create(a);
    out.removeAll(b);
    return out;
  }

  /** What an outside change's ports are merged under: the same pod, direction and sets. */
  private record OutsideKey(
      int index,
      String pod,
      PolicyType direction,
      ImmutableRangeSet<IpAddress> opened,
      ImmutableRangeSet<IpAddress> closed) {}

  /** The outside changes found so far, adjacent atoms with the same sets merged. */
  static final class OutsideChanges {
    private final Map<OutsideKey, List<PortRange>> merged = new LinkedHashMap<>();

    void add(
        int index,
        String pod,
        PolicyType direction,
        PortRange atom,
        ImmutableRangeSet<IpAddress> opened,
        ImmutableRangeSet<IpAddress> closed) {
      List<PortRange> ranges =
          merged.computeIfAbsent(
              new OutsideKey(index, pod, direction, opened, closed), k -> new ArrayList<>());
      Changes.append(ranges, atom);
    }

    ImmutableList<OutsideChange> build() {
      List<OutsideChange> out = new ArrayList<>();
      List<Map.Entry<OutsideKey, List<PortRange>>> sorted = new ArrayList<>(merged.entrySet());
      sorted.sort(
          java.util.Comparator.<Map.Entry<OutsideKey, List<PortRange>>>comparingInt(
                  e -> e.getKey().index())
              .thenComparing(e -> e.getKey().direction())
              .thenComparing(e -> e.getValue().get(0), PORTS));
      sorted.forEach(
          e -> {
            OutsideKey key = e.getKey();
            List<PortRange> ranges = e.getValue();
            for (PortRange r : ranges) {
              out.add(
                  new OutsideChange(key.pod(), key.direction(), r, key.opened(), key.closed()));
            }
          });
      return ImmutableList.copyOf(out);
    }
  }

  /** A pod both versions have: the same id, perhaps other labels or addresses. */
  private record Matched(Pod before, Pod after) {
    String id() {
      return before.id();
    }
  }

  /** Pods with the same cell before and the same cell after: they share every answer. */
  private record Group(int cellBefore, int cellAfter, List<Integer> members) {}

  /** What a group is keyed by while grouping. */
  private record CellPair(int before, int after) {}

  /**
   * What a change's ports are merged under; {@code source} and {@code destination} are the
   * pods' positions among the pods both versions have, in the old version's order.
   */
  private record PairKey(
      int sourceIndex,
      int destinationIndex,
      String source,
      String destination,
      boolean allowedBefore) {}

  /** Port ranges by protocol, then first port. */
  private static final java.util.Comparator<PortRange> PORTS =
      java.util.Comparator.comparing(PortRange::protocol).thenComparingInt(PortRange::first);

  /** The pods of {@code before} that {@code after} also has, in {@code before}'s order. */
  private static List<Matched> matchById(ReachabilityMatrix before, ReachabilityMatrix after) {
    List<Matched> common = new ArrayList<>();
    for (Pod p : before.cluster().pods()) {
      after.cluster().pod(p.id()).ifPresent(a -> common.add(new Matched(p, a)));
    }
    return common;
  }

  /** The ids of the pods of {@code in} that {@code other} lacks, in {@code in}'s order. */
  private static ImmutableList<String> onlyIn(ReachabilityMatrix in, ReachabilityMatrix other) {
    return in.cluster().pods().stream()
        .filter(p -> other.cluster().pod(p.id()).isEmpty())
        .map(Pod::id)
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * Groups the common pods (by index) by their cells before and after, in order of first
   * member: comparing one cell pair per two groups stands for every pod pair of them.
   */
  private static List<Group> groupByCells(
      List<Matched> common, ReachabilityMatrix before, ReachabilityMatrix after) {
    Map<CellPair, Group> groups = new LinkedHashMap<>();
    for (int i = 0; i < common.size(); i++) {
      int cb = before.cellOf(common.get(i).before());
      int ca = after.cellOf(common.get(i).after());
      groups
          .computeIfAbsent(new CellPair(cb, ca), k -> new Group(cb, ca, new ArrayList<>()))
          .members()
          .add(i);
    }
    return new ArrayList<>(groups.values());
  }

  /** The changes found so far, each pod pair's adjacent atoms merged into one range. */
  static final class Changes {
    private final Map<PairKey, List<PortRange>> merged = new LinkedHashMap<>();

    void add(
        int sourceIndex,
        int destinationIndex,
        String source,
        String destination,
        PortRange atom,
        boolean allowedBefore) {
      List<PortRange> ranges =
          merged.computeIfAbsent(
              new PairKey(sourceIndex, destinationIndex, source, destination, allowedBefore),
              k -> new ArrayList<>());
      append(ranges, atom);
    }

    /** Adds an atom to ranges met in port order, joining it to the last one it follows. */
    static void append(List<PortRange> ranges, PortRange atom) {
      if (!ranges.isEmpty()) {
        PortRange last = ranges.get(ranges.size() - 1);
        if (last.protocol() == atom.protocol() && last.last() + 1 == atom.first()) {
          ranges.set(ranges.size() - 1, new PortRange(atom.protocol(), last.first(), atom.last()));
          return;
        }
      }
      ranges.add(atom);
    }

    ImmutableList<Change> build() {
      ImmutableList.Builder<Change> out = ImmutableList.builder();
      List<Map.Entry<PairKey, List<PortRange>>> sorted = new ArrayList<>(merged.entrySet());
      sorted.sort(
          java.util.Comparator.<Map.Entry<PairKey, List<PortRange>>>comparingInt(
                  e -> e.getKey().sourceIndex())
              .thenComparingInt(e -> e.getKey().destinationIndex())
              .thenComparing(e -> e.getValue().get(0), PORTS));
      sorted.forEach(
          e -> {
            PairKey key = e.getKey();
            List<PortRange> ranges = e.getValue();
            for (PortRange r : ranges) {
              out.add(new Change(key.source(), key.destination(), r, key.allowedBefore()));
            }
          });
      return out.build();
    }
  }

  static List<PortRange> combinedAtoms(ReachabilityMatrix a, ReachabilityMatrix b) {
    Map<Protocol, TreeSet<Integer>> starts = new HashMap<>();
    for (ReachabilityMatrix m : List.of(a, b)) {
      for (PortRange r : m.portAtoms()) {
        starts.computeIfAbsent(r.protocol(), p -> new TreeSet<>()).add(r.first());
      }
    }
    List<PortRange> out = new ArrayList<>();
    for (Protocol p : Protocol.values()) {
      List<Integer> s = new ArrayList<>(starts.get(p));
      for (int i = 0; i < s.size(); i++) {
        out.add(new PortRange(p, s.get(i), i + 1 < s.size() ? s.get(i + 1) - 1 : Port.MAX));
      }
    }
    return out;
  }

  /**
   * The changed cells.
   *
   * @return every change, ports merged into ranges, in one order whatever computed it: by source
   *     pod, then destination pod (the old version's pod order), then protocol and port
   */
  public ImmutableList<Change> changes() {
    return changes;
  }

  /**
   * The changes of the pods' connections with addresses outside the cluster, both directions.
   *
   * @return every change, ports merged into ranges, by pod (the old version's order), then
   *     direction, then protocol and port
   */
  public ImmutableList<OutsideChange> outsideChanges() {
    return outsideChanges;
  }

  /**
   * Whether nothing changed for the pods both versions have: no pod pair and no outside
   * address set, on any port.
   *
   * @return true if there are no changes of either kind
   */
  public boolean isEmpty() {
    return changes.isEmpty() && outsideChanges.isEmpty();
  }

  /**
   * Pods only the old version has (not compared).
   *
   * @return their ids
   */
  public ImmutableList<String> podsOnlyBefore() {
    return podsOnlyBefore;
  }

  /**
   * Pods only the new version has (not compared).
   *
   * @return their ids
   */
  public ImmutableList<String> podsOnlyAfter() {
    return podsOnlyAfter;
  }

  /** Returns one change per line (pod pairs, then outside), then the pods only one has. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    changes.forEach(c -> sb.append(c).append('\n'));
    outsideChanges.forEach(c -> sb.append(c).append('\n'));
    if (!podsOnlyBefore.isEmpty()) {
      sb.append("pods only before: ").append(podsOnlyBefore).append('\n');
    }
    if (!podsOnlyAfter.isEmpty()) {
      sb.append("pods only after: ").append(podsOnlyAfter).append('\n');
    }
    return sb.length() == 0 ? "no changes\n" : sb.toString();
  }
}
