package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.ArrayList;
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
    List<Pod> common = new ArrayList<>();
    List<Pod> commonAfter = new ArrayList<>();
    ImmutableList.Builder<String> onlyBefore = ImmutableList.builder();
    for (Pod p : before.cluster().pods()) {
      java.util.Optional<Pod> a = after.cluster().pod(p.id());
      if (a.isPresent()) {
        common.add(p);
        commonAfter.add(a.get());
      } else {
        onlyBefore.add(p.id());
      }
    }
    ImmutableList<String> onlyAfter =
        after.cluster().pods().stream()
            .filter(p -> before.cluster().pod(p.id()).isEmpty())
            .map(Pod::id)
            .collect(ImmutableList.toImmutableList());

    // Group the common pods by (class before, class after): such pods share every cell.
    Map<List<Integer>, Integer> groupOf = new LinkedHashMap<>();
    List<List<Integer>> members = new ArrayList<>();
    int[] groupClassBefore = new int[common.size()];
    int[] groupClassAfter = new int[common.size()];
    for (int i = 0; i < common.size(); i++) {
      int cb = before.cellOf(common.get(i));
      int ca = after.cellOf(commonAfter.get(i));
      Integer g = groupOf.get(List.of(cb, ca));
      if (g == null) {
        g = members.size();
        groupOf.put(List.of(cb, ca), g);
        members.add(new ArrayList<>());
        groupClassBefore[g] = cb;
        groupClassAfter[g] = ca;
      }
      members.get(g).add(i);
    }

    Map<List<Object>, List<PortRange>> merged = new LinkedHashMap<>();
    Map<Protocol, Baseline[]> baseBefore = new HashMap<>();
    Map<Protocol, Baseline[]> baseAfter = new HashMap<>();
    for (PortRange atom : combinedAtoms(before, after)) {
      Baseline[] bb = baseBefore.computeIfAbsent(atom.protocol(), before::baselines);
      Baseline[] ba = baseAfter.computeIfAbsent(atom.protocol(), after::baselines);
      PortMatrix mb = before.compute(bb, atom);
      PortMatrix ma = after.compute(ba, atom);
      for (int g1 = 0; g1 < members.size(); g1++) {
        for (int i : members.get(g1)) {
          // A pod with itself may follow the self-traffic option rather than its class cell.
          boolean cb = mb.allowed(common.get(i), common.get(i));
          boolean ca = ma.allowed(commonAfter.get(i), commonAfter.get(i));
          if (cb != ca) {
            add(merged, common.get(i).id(), common.get(i).id(), atom, cb);
          }
        }
        for (int g2 = 0; g2 < members.size(); g2++) {
          boolean b = mb.classAllowed(groupClassBefore[g1], groupClassBefore[g2]);
          boolean a = ma.classAllowed(groupClassAfter[g1], groupClassAfter[g2]);
          if (b == a) {
            continue;
          }
          for (int i : members.get(g1)) {
            for (int j : members.get(g2)) {
              if (i != j) {
                add(merged, common.get(i).id(), common.get(j).id(), atom, b);
              }
            }
          }
        }
      }
    }
    ImmutableList.Builder<Change> changes = ImmutableList.builder();
    merged.forEach(
        (key, ranges) ->
            ranges.forEach(
                r ->
                    changes.add(
                        new Change((String) key.get(0), (String) key.get(1), r, (Boolean) key.get(2)))));
    return new MatrixDiff(changes.build(), onlyBefore.build(), onlyAfter);
  }

  private static void add(
      Map<List<Object>, List<PortRange>> merged,
      String source,
      String destination,
      PortRange atom,
      boolean allowedBefore) {
    List<PortRange> ranges =
        merged.computeIfAbsent(List.of(source, destination, allowedBefore), k -> new ArrayList<>());
    if (!ranges.isEmpty()) {
      PortRange last = ranges.get(ranges.size() - 1);
      if (last.protocol() == atom.protocol() && last.last() + 1 == atom.first()) {
        ranges.set(ranges.size() - 1, new PortRange(atom.protocol(), last.first(), atom.last()));
        return;
      }
    }
    ranges.add(atom);
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
