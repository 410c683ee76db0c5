package dev.netpol.core.table;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * The result of checking a {@link TruthTable} against a cluster ({@link TableCheck#compare()}):
 * the pod ids the cluster lacks, else the cells it answers the other way, each explained, and the
 * actual table, ready to copy over the expected one when the change is intended.
 *
 * <pre>{@code
 * TableComparison result = TruthTable.parse("tables/tcp-80.txt", text).checkAgainst(cluster);
 * result.matches();           // false
 * result.differences();       // [tables/tcp-80.txt:4: default/frontend-0 -> ...: expected X, found .]
 * result.actual().get();      // the table as the cluster answers it, same pods, same port
 * }</pre>
 *
 * <p>Edge cases: when a pod id is unknown no cell is checked, so {@code differences()} is empty
 * and {@code actual()} is empty; when every cell matches, {@code actual()} still holds the
 * (equal) actual table.
 *
 * @param expected the table that was checked, with its port
 * @param unknownEndpoints the table's pod ids that the cluster does not have, in file order
 * @param differences the differing cells, row by row; empty if a pod id is unknown
 * @param actual the actual answers for the table's pods and port; empty if a pod id is unknown
 */
public record TableComparison(
    TruthTable expected,
    ImmutableList<UnknownEndpoint> unknownEndpoints,
    ImmutableList<Difference> differences,
    Optional<TruthTable> actual) {
  /** How many differing cells a message shows in full before {@code and N more}. */
  static final int SHOWN = 5;

  /**
   * Whether the cluster answers every cell as the table expects.
   *
   * @return true if no pod id is unknown and no cell differs
   */
  public boolean matches() {
    return unknownEndpoints.isEmpty() && differences.isEmpty();
  }

  /**
   * The one text of this result, which {@code assertThat(cluster).hasReachability(table)} fails
   * with: the unknown pod ids, one per line; or how many cells differ, the first five differing
   * cells explained, then the actual table to copy.
   *
   * <pre>{@code
   * expected the reachability on TCP/80 to match the table of tables/tcp-80.txt, but 1 of 4 cells
   * is different:
   * tables/tcp-80.txt:4: default/frontend-0 -> default/backend-0: expected X, found .
   * default/frontend-0 -> default/backend-0 on TCP/80: ALLOWED
   *   ...
   * Actual table (copy it over tables/tcp-80.txt if the change is intended):
   * # port: TCP/80
   *                     default/backend-0 default/frontend-0
   * default/backend-0   X                 .
   * default/frontend-0  .                 X
   * }</pre>
   *
   * @return the text, without a trailing newline
   */
  public String describe() {
    if (!unknownEndpoints.isEmpty()) {
      return describeUnknownEndpoints(unknownEndpoints);
    }
    String expectation = "expected the reachability on " + expected.requirePort()
        + " to match the table" + expected.sourceName().map(n -> " of " + n).orElse("");
    if (differences.isEmpty()) {
      return expectation + ", and it does";
    }
    int total = expected.sources().size() * expected.destinations().size();
    StringBuilder out = new StringBuilder(expectation).append(", but ")
        .append(differences.size()).append(" of ").append(total)
        .append(total == 1 ? " cell" : " cells").append(differences.size() == 1 ? " is" : " are")
        .append(" different:");
    differences.stream().limit(SHOWN).forEach(d -> out.append('\n').append(d.describe()));
    if (differences.size() > SHOWN) {
      out.append("\nand ").append(differences.size() - SHOWN).append(" more");
    }
    return out.append('\n').append(actualTableToCopy(expected, actual.orElseThrow())).toString();
  }

  /** The unknown pod ids, one per line: the message of a table that cannot be checked. */
  static String describeUnknownEndpoints(ImmutableList<UnknownEndpoint> unknown) {
    return String.join("\n", unknown.stream().map(UnknownEndpoint::describe).toList());
  }

  /** The footer every table failure ends with, so the fix is a copy and paste. */
  static String actualTableToCopy(TruthTable expected, TruthTable actual) {
    return "Actual table (copy it over " + expected.sourceName().orElse("the expected table")
        + " if the change is intended):\n" + actual.format().stripTrailing();
  }
}
