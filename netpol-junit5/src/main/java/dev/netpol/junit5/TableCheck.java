package dev.netpol.junit5;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.EvaluationOptions;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.opentest4j.AssertionFailedError;

/**
 * An expected table checked against a cluster, cell by cell, with the reference evaluator. The
 * actual table is computed once, on the first failure, and shown whole in every failure.
 */
final class TableCheck {
  private final Cluster cluster;
  private final Evaluator evaluator;
  private final ExpectedTable expected;
  private final Map<String, Pod> pods;
  private final Supplier<ExpectedTable> actual;
  private final boolean oneNamespace;

  TableCheck(Cluster cluster, EvaluationOptions options, ExpectedTable expected) {
    this.cluster = cluster;
    this.evaluator = cluster.evaluator(options);
    this.expected = expected;
    this.pods = expected.checkPods(cluster);
    this.actual = Suppliers.memoize(() -> expected.actual(cluster, evaluator));
    this.oneNamespace = pods.values().stream().map(Pod::namespace).distinct().count() == 1;
  }

  /** One test per cell. */
  Stream<ExpectedTable.Cell> cells() {
    return expected.cells().stream();
  }

  ExpectedTable expected() {
    return expected;
  }

  Cluster cluster() {
    return cluster;
  }

  /** The pods of the table: rows, then columns not already rows. */
  ImmutableList<Pod> pods() {
    return Stream.concat(expected.sources().stream(), expected.destinations().stream())
        .distinct()
        .map(pods::get)
        .collect(ImmutableList.toImmutableList());
  }

  /** E.g. {@code frontend-0 -> backend-1 TCP/80}; namespaces shown only if the table has several. */
  String displayName(ExpectedTable.Cell cell) {
    return name(cell.source()) + " -> " + name(cell.destination()) + " " + expected.port();
  }

  private String name(String id) {
    return oneNamespace ? id.substring(id.indexOf('/') + 1) : id;
  }

  /**
   * Checks one cell.
   *
   * @throws AssertionFailedError with the verdict's explanation and the actual table, and the
   *     expected and actual tables as the values an IDE shows as a diff
   */
  void check(ExpectedTable.Cell cell) {
    Verdict verdict =
        evaluator.evaluate(pods.get(cell.source()), pods.get(cell.destination()), expected.port());
    if (verdict.allowed() == cell.allowed()) {
      return;
    }
    ExpectedTable actualTable = actual.get();
    String message =
        displayName(cell) + ": " + expected.sourceName() + " line " + cell.line() + " expects "
            + (cell.allowed() ? "allowed (.)" : "denied (X)") + ", but it is "
            + (verdict.allowed() ? "allowed" : "denied") + "\n"
            + verdict.explain() + "\n\n"
            + "Actual table (copy it over " + expected.sourceName()
            + " if the change is intended):\n"
            + actualTable.format();
    throw new AssertionFailedError(message, expected.format(), actualTable.format());
  }
}
