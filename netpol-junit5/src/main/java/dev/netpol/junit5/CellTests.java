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

  /**
   * @throws IllegalArgumentException if the table names a pod the cluster does not have
   */
  CellTests(Cluster cluster, EvaluationOptions options, ExpectedTable expected) {
    this.expected = expected;
    this.check = TableCheck.of(expected.truthTable(), cluster, options);
    check.requireKnownEndpoints();
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

  /**
   * The cell's question and the answer the table expects, e.g. {@code storefront/web-0 ->
   * data/orders-db-0 on TCP/5432: denied}: written as the verdict headline reads, so a report
   * line and a failure's explanation name the pair alike.
   */
  String displayName(TruthTable.Cell cell) {
    return cell.source()
        + " -> "
        + cell.destination()
        + " on "
        + expected.port()
        + ": "
        + (cell.allowed() ? "allowed" : "denied");
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
