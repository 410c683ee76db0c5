package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cells that changed between two versions of a cluster, e.g. the policies of two commits:
 * which (source, destination, ports) went from allowed to denied or back.
 *
 * <pre>{@code
 * MatrixDiff diff = MatrixDiff.between(engine.build(before), engine.build(after));
 * diff.changes();   // [default/frontend-0 -> default/backend-0 TCP/80: allowed -> denied]
 * }</pre>
 *
 * <p>Pods are matched by id. Pods present in only one version are listed ({@link
 * #podsOnlyBefore()}, {@link #podsOnlyAfter()}) rather than compared, never silently dropped.
 */
public final class MatrixDiff {
  private final ImmutableList<Change> changes;
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

  private MatrixDiff(
      ImmutableList<Change> changes,
      ImmutableList<String> podsOnlyBefore,
      ImmutableList<String> podsOnlyAfter) {
    this.changes = changes;
    this.podsOnlyBefore = podsOnlyBefore;
    this.podsOnlyAfter = podsOnlyAfter;
  }

  /**
   * Compares two matrices cell by cell over every port of every protocol.
   *
   * @param before the matrix of the old version
   * @param after the matrix of the new version
   * @return the changed cells, adjacent port atoms merged
   */
  public static MatrixDiff between(ReachabilityMatrix before, ReachabilityMatrix after) {
    List<Matched> common = matchById(before, after);
    List<Group> groups = groupByCells(common, before, after);
    Changes changes = new Changes();
    Map<Protocol, Baseline[]> baseBefore = new EnumMap<>(Protocol.class);
    Map<Protocol, Baseline[]> baseAfter = new EnumMap<>(Protocol.class);
    for (PortRange atom : combinedAtoms(before, after)) {
      Baseline[] bb = baseBefore.computeIfAbsent(atom.protocol(), before::baselines);
      Baseline[] ba = baseAfter.computeIfAbsent(atom.protocol(), after::baselines);
      PortMatrix mb = before.compute(bb, atom);
      PortMatrix ma = after.compute(ba, atom);
      for (Group g1 : groups) {
        compareSelfCells(common, g1, mb, ma, changes);
        for (Group g2 : groups) {
          compareGroups(common, g1, g2, mb, ma, changes);
        }
      }
    }
    return new MatrixDiff(changes.build(), onlyIn(before, after), onlyIn(after, before));
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

  /** What a change's ports are merged under. */
  private record PairKey(String source, String destination, boolean allowedBefore) {}

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

  /** A pod with itself may follow the self-traffic option rather than its cell: asked apart. */
  private static void compareSelfCells(
      List<Matched> common, Group group, PortMatrix mb, PortMatrix ma, Changes changes) {
    for (int i : group.members()) {
      Matched pod = common.get(i);
      boolean b = mb.allowed(pod.before(), pod.before());
      boolean a = ma.allowed(pod.after(), pod.after());
      if (b != a) {
        changes.add(pod.id(), pod.id(), mb.ports(), b);
      }
    }
  }

  /** One cell pair per two groups; where it changed, every distinct pod pair of them did. */
  private static void compareGroups(
      List<Matched> common, Group g1, Group g2, PortMatrix mb, PortMatrix ma, Changes changes) {
    boolean b = mb.classAllowed(g1.cellBefore(), g2.cellBefore());
    boolean a = ma.classAllowed(g1.cellAfter(), g2.cellAfter());
    if (b == a) {
      return;
    }
    for (int i : g1.members()) {
      for (int j : g2.members()) {
        if (i != j) {
          changes.add(common.get(i).id(), common.get(j).id(), mb.ports(), b);
        }
      }
    }
  }

  /** The changes found so far, each pod pair's adjacent atoms merged into one range. */
  private static final class Changes {
    private final Map<PairKey, List<PortRange>> merged = new LinkedHashMap<>();

    void add(String source, String destination, PortRange atom, boolean allowedBefore) {
      List<PortRange> ranges =
          merged.computeIfAbsent(
              new PairKey(source, destination, allowedBefore), k -> new ArrayList<>());
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
      merged.forEach(
          (key, ranges) -> {
            for (PortRange r : ranges) {
              out.add(new Change(key.source(), key.destination(), r, key.allowedBefore()));
            }
          });
      return out.build();
    }
  }

  private static List<PortRange> combinedAtoms(ReachabilityMatrix a, ReachabilityMatrix b) {
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
   * @return every change, grouped by pod pair, ports merged into ranges
   */
  public ImmutableList<Change> changes() {
    return changes;
  }

  /**
   * Whether nothing changed for the pods both versions have.
   *
   * @return true if there are no changes
   */
  public boolean isEmpty() {
    return changes.isEmpty();
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

  /** Returns one change per line, then the pods only one version has. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    changes.forEach(c -> sb.append(c).append('\n'));
    if (!podsOnlyBefore.isEmpty()) {
      sb.append("pods only before: ").append(podsOnlyBefore).append('\n');
    }
    if (!podsOnlyAfter.isEmpty()) {
      sb.append("pods only after: ").append(podsOnlyAfter).append('\n');
    }
    return sb.length() == 0 ? "no changes\n" : sb.toString();
  }
}
