package dev.netpol.core.reach;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who can reach whom at the level people review: workloads (a Deployment's pods together; a pod
 * without a workload on its own), for every port, with ports that get the same answers merged
 * into groups. What a report, a Markdown table for a pull request or a graph shows.
 *
 * <pre>{@code
 * WorkloadMatrix w = WorkloadMatrix.of(cluster.reachability());
 * for (WorkloadMatrix.PortGroup g : w.portGroups()) {
 *   g.ports();                 // [TCP/1-79, TCP/81-65535, UDP/1-65535, SCTP/1-65535]
 *   g.answer(0, 1);            // Answer.ALLOWED: every pod of workload 0 reaches every pod of 1
 * }
 * }</pre>
 *
 * <p>A cell is {@link Answer#ALLOWED} when every (source pod, destination pod) pair of the two
 * groups may connect on every port of the group, {@link Answer#DENIED} when none may, and
 * {@link Answer#PARTLY} otherwise; a group with itself includes each pod with itself. The answers
 * come from the engine's pod classes, so the cost grows with the classes and groups, not with
 * the pod pairs.
 */
public final class WorkloadMatrix {
  /** One cell's answer over all the pod pairs of two groups. */
  public enum Answer {
    /** Every pod pair may connect. */
    ALLOWED,
    /** Some pod pairs may connect, others not. */
    PARTLY,
    /** No pod pair may connect. */
    DENIED
  }

  /**
   * A workload, or a pod that belongs to none.
   *
   * @param id {@code namespace/name} of the workload or of the pod
   * @param namespace its namespace
   * @param kind the workload kind ({@code Deployment}, ...) or {@code Pod}
   * @param pods its pods, in the cluster's order
   */
  public record Group(String id, String namespace, String kind, ImmutableList<Pod> pods) {}

  /**
   * Ports that get the same answer in every cell.
   *
   * @param ports the port ranges, by protocol then number; neighbouring ranges merged
   * @param cells row-major answers, {@code groups().size()} squared
   */
  public record PortGroup(ImmutableList<PortRange> ports, ImmutableList<Answer> cells) {
    /**
     * The answer for a source group and a destination group.
     *
     * @param source index into {@link WorkloadMatrix#groups()}
     * @param destination index into {@link WorkloadMatrix#groups()}
     * @return the answer
     */
    public Answer answer(int source, int destination) {
      int n = (int) Math.round(Math.sqrt(cells.size()));
      return cells.get(source * n + destination);
    }
  }

  private final ImmutableList<Group> groups;
  private final ImmutableList<PortGroup> portGroups;

  private WorkloadMatrix(ImmutableList<Group> groups, ImmutableList<PortGroup> portGroups) {
    this.groups = groups;
    this.portGroups = portGroups;
  }

  /**
   * Computes the workload matrix of a reachability matrix, every port atom of it.
   *
   * @param matrix the engine's matrix
   * @return the workload matrix
   */
  public static WorkloadMatrix of(ReachabilityMatrix matrix) {
    return of(matrix, groups(matrix.cluster()));
  }

  /**
   * The same view one level up: a group per namespace (kind {@code Namespace}, id the namespace's
   * name), for clusters with too many workloads to look at one by one.
   *
   * @param matrix the engine's matrix
   * @return the namespace matrix
   */
  public static WorkloadMatrix byNamespace(ReachabilityMatrix matrix) {
    Map<String, List<Pod>> pods = new LinkedHashMap<>();
    matrix.cluster().pods().forEach(p ->
        pods.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p));
    return of(matrix, pods.entrySet().stream()
        .map(e -> new Group(
            e.getKey(), e.getKey(), "Namespace", ImmutableList.copyOf(e.getValue())))
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .collect(ImmutableList.toImmutableList()));
  }

  private static WorkloadMatrix of(ReachabilityMatrix matrix, ImmutableList<Group> groups) {
    Map<List<Answer>, List<PortRange>> byAnswers = new LinkedHashMap<>();
    matrix.forEachAtom(m -> byAnswers.computeIfAbsent(answers(groups, m), k -> new ArrayList<>())
        .add(m.ports()));
    ImmutableList.Builder<PortGroup> out = ImmutableList.builder();
    byAnswers.forEach((cells, ports) ->
        out.add(new PortGroup(merged(ports), ImmutableList.copyOf(cells))));
    return new WorkloadMatrix(groups, out.build());
  }

  /**
   * The rows and columns: workloads and lone pods, by namespace then name.
   *
   * @return the groups
   */
  public ImmutableList<Group> groups() {
    return groups;
  }

  /**
   * The port groups, in the order of their first port (TCP, UDP, SCTP, then number).
   *
   * @return the groups, together covering every port of every protocol
   */
  public ImmutableList<PortGroup> portGroups() {
    return portGroups;
  }

  /**
   * The id of the group a pod is shown in: its workload's {@code namespace/name}, or its own id
   * when it belongs to no workload. The one rule of grouping, for views that place pods of two
   * versions of a cluster (a diff) in the same groups.
   *
   * @param pod a pod
   * @return e.g. {@code shop/web} for {@code shop/web-0}, {@code shop/debug} for a lone pod
   */
  public static String groupId(Pod pod) {
    return pod.ownerId().orElse(pod.id());
  }

  /**
   * How many groups {@link #of} would show for a cluster (its workloads and lone pods), without
   * computing any answer: to choose between {@link #of} and {@link #byNamespace} cheaply.
   *
   * @param cluster the cluster
   * @return the number of workloads plus the pods that belong to none
   */
  public static int workloadCount(Cluster cluster) {
    return (int) cluster.pods().stream().map(WorkloadMatrix::groupId).distinct().count();
  }

  private static ImmutableList<Group> groups(Cluster cluster) {
    Map<String, List<Pod>> pods = new LinkedHashMap<>();
    Map<String, String> kinds = new HashMap<>();
    for (Pod pod : cluster.pods()) {
      String id = groupId(pod);
      pods.computeIfAbsent(id, k -> new ArrayList<>()).add(pod);
      kinds.putIfAbsent(id, pod.ownerId()
          .flatMap(cluster::workload)
          .map(w -> w.kind().toString())
          .orElse("Pod"));
    }
    return pods.entrySet().stream()
        .map(e -> new Group(e.getKey(), e.getValue().get(0).namespace(), kinds.get(e.getKey()),
            ImmutableList.copyOf(e.getValue())))
        .sorted((a, b) -> a.namespace().equals(b.namespace())
            ? a.id().compareTo(b.id()) : a.namespace().compareTo(b.namespace()))
        .collect(ImmutableList.toImmutableList());
  }

  /** Every cell of one atom, from the pod counts of each group's classes. */
  private static List<Answer> answers(List<Group> groups, PortMatrix m) {
    List<Map<Integer, Integer>> counts = new ArrayList<>();
    for (Group g : groups) {
      Map<Integer, Integer> c = new HashMap<>();
      g.pods().forEach(p -> c.merge(m.cellOf(p), 1, Integer::sum));
      counts.add(c);
    }
    Answer[] cells = new Answer[groups.size() * groups.size()];
    for (int r = 0; r < groups.size(); r++) {
      for (int c = 0; c < groups.size(); c++) {
        cells[r * groups.size() + c] = answer(m, counts.get(r), counts.get(c), r == c);
      }
    }
    return Arrays.asList(cells);
  }

  private static Answer answer(
      PortMatrix m, Map<Integer, Integer> sources, Map<Integer, Integer> destinations,
      boolean sameGroup) {
    long allowed = 0;
    long total = 0;
    for (Map.Entry<Integer, Integer> s : sources.entrySet()) {
      for (Map.Entry<Integer, Integer> d : destinations.entrySet()) {
        long pairs = (long) s.getValue() * d.getValue();
        total += pairs;
        // Each pod with itself follows PortMatrix.selfAllowed, the other pairs their cell.
        long selfPairs = sameGroup && s.getKey().equals(d.getKey()) ? s.getValue() : 0;
        if (m.classAllowed(s.getKey(), d.getKey())) {
          allowed += pairs - selfPairs;
        }
        if (selfPairs > 0 && m.selfAllowed(s.getKey())) {
          allowed += selfPairs;
        }
      }
    }
    return allowed == total ? Answer.ALLOWED : allowed == 0 ? Answer.DENIED : Answer.PARTLY;
  }

  /** Ranges of one protocol that touch are written as one. */
  private static ImmutableList<PortRange> merged(List<PortRange> ranges) {
    List<PortRange> out = new ArrayList<>();
    for (PortRange r : ranges) {
      PortRange last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.protocol() == r.protocol() && last.last() + 1 == r.first()) {
        out.set(out.size() - 1, new PortRange(r.protocol(), last.first(), r.last()));
      } else {
        out.add(r);
      }
    }
    return ImmutableList.copyOf(out);
  }

  /** Returns e.g. {@code WorkloadMatrix[4 groups, 3 port groups]}. */
  @Override
  public String toString() {
    return "WorkloadMatrix[" + groups.size() + " groups, " + portGroups.size() + " port groups]";
  }
}
