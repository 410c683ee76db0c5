package dev.netpol.junit5;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.Cluster;
import dev.netpol.core.model.Pod;
import dev.netpol.core.policy.EvaluationOptions;
import dev.netpol.core.table.TableCheck;
import dev.netpol.core.table.TruthTable;
import java.util.stream.Stream;
import org.opentest4j.AssertionFailedError;

/**
 * Core's {@link TableCheck} as one JUnit test per cell: display names and the failure type IDEs
 * show as a diff. The check and its messages are core's, the same as the AssertJ assertions'.
 */
final class CellTests {
  private final ExpectedTable expected;
  private final TableCheck check;
  private final boolean oneNamespace;

  /**
   * @throws IllegalArgumentException if the table names a pod the cluster does not have
   */
  CellTests(Cluster cluster, EvaluationOptions options, ExpectedTable expected) {
    this.expected = expected;
    this.check = TableCheck.of(expected.truthTable(), cluster, options);
    check.requireKnownEndpoints();
    this.oneNamespace = check.pods().stream().map(Pod::namespace).distinct().count() == 1;
  }

  /** One test per cell. */
  Stream<TruthTable.Cell> cells() {
    return check.cells().stream();
  }

  ExpectedTable expected() {
    return expected;
  }

  /** The pods of the table, for the report of a failed cell. */
  ImmutableList<Pod> pods() {
    return check.pods();
  }

  /** E.g. {@code frontend-0 -> backend-1 TCP/80}; namespaces shown only if the table has several. */
  String displayName(TruthTable.Cell cell) {
    return name(cell.source()) + " -> " + name(cell.destination()) + " " + expected.port();
  }

  private String name(String id) {
    return oneNamespace ? id.substring(id.indexOf('/') + 1) : id;
  }

  /**
   * Checks one cell.
   *
   * @throws AssertionFailedError with core's message for the cell, and the expected and actual
   *     tables as the values an IDE shows as a diff
   */
  void check(TruthTable.Cell cell) {
    check.check(cell).ifPresent(difference -> {
      throw new AssertionFailedError(
          check.describe(difference), expected.format(), check.actual().format());
    });
  }
}
