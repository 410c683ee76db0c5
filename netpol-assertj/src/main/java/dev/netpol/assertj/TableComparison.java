package dev.netpol.assertj;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.reach.ReachabilityMatrix;
import dev.netpol.core.reach.TruthTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Compares an expected truth table with a reachability matrix: the engine computes the whole
 * table, the reference evaluator explains each differing cell.
 */
final class TableComparison {
  private TableComparison() {}

  /** The reference evaluator with the options the matrix was computed with. */
  static Evaluator evaluator(ReachabilityMatrix matrix) {
    return matrix.cluster().evaluator(matrix.options());
  }

  /** The table's port, or an IllegalArgumentException saying how to give it one. */
  static Port port(TruthTable expected) {
    return expected.port().orElseThrow(() -> new IllegalArgumentException(
        "the expected table has no port: start it with a line \"# port: TCP/80\" (or another"
            + " PROTOCOL/NUMBER), or call withPort(Port.tcp(80)) on it"));
  }

  /**
   * @return the failure message, or empty if the matrix has exactly the expected table
   */
  static Optional<ErrorMessageFactory> check(ReachabilityMatrix matrix, TruthTable expected) {
    Port port = port(expected);
    Cluster cluster = matrix.cluster();
    List<Pod> sources = new ArrayList<>();
    for (String id : expected.sources()) {
      Optional<ErrorMessageFactory> missing = find(cluster, id, sources, expected,
          "row " + id + line(expected.line(id)));
      if (missing.isPresent()) {
        return missing;
      }
    }
    List<Pod> destinations = new ArrayList<>();
    for (String id : expected.destinations()) {
      Optional<ErrorMessageFactory> missing = find(cluster, id, destinations, expected,
          "column " + id + line(expected.headerLine()));
      if (missing.isPresent()) {
        return missing;
      }
    }
    TruthTable actual = matrix.truthTable(sources, destinations, port).withPort(port);
    if (actual.equals(expected)) {
      return Optional.empty();
    }
    Evaluator evaluator = evaluator(matrix);
    ImmutableList.Builder<ShouldHaveReachability.Difference> differences = ImmutableList.builder();
    for (int r = 0; r < sources.size(); r++) {
      for (int c = 0; c < destinations.size(); c++) {
        String s = expected.sources().get(r);
        String d = expected.destinations().get(c);
        boolean wanted = expected.allowed(s, d);
        boolean found = actual.allowed(s, d);
        if (wanted != found) {
          differences.add(new ShouldHaveReachability.Difference(
              s + " -> " + d + ": expected " + mark(wanted) + ", found " + mark(found),
              evaluator.evaluate(sources.get(r), destinations.get(c), port)));
        }
      }
    }
    return Optional.of(
        ShouldHaveReachability.shouldHaveTable(expected, differences.build(), actual));
  }

  private static Optional<ErrorMessageFactory> find(
      Cluster cluster, String id, List<Pod> into, TruthTable expected, String what) {
    Optional<Pod> pod = cluster.pod(id);
    if (pod.isEmpty()) {
      return Optional.of(
          ShouldHaveReachability.shouldResolve(expected, what, nearest(id, cluster.pods())));
    }
    into.add(pod.get());
    return Optional.empty();
  }

  /** How many nearest pod ids an unknown id's message names. */
  private static final int NEAREST = 3;

  /** {@code nearest pod ids: default/frontend-0, default/frontend-1, default/backend-0}. */
  static String nearest(String id, List<Pod> pods) {
    if (pods.isEmpty()) {
      return "the cluster has no pods";
    }
    return "nearest pod ids: " + pods.stream()
        .map(Pod::id)
        .sorted(Comparator.comparingInt((String p) -> distance(id, p))
            .thenComparing(Comparator.naturalOrder()))
        .limit(NEAREST)
        .collect(Collectors.joining(", "));
  }

  /** Levenshtein distance: the fewest one-character edits turning one text into the other. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String line(OptionalInt line) {
    return line.isPresent() ? " (line " + line.getAsInt() + ")" : "";
  }

  private static String mark(boolean allowed) {
    return allowed ? "." : "X";
  }
}
