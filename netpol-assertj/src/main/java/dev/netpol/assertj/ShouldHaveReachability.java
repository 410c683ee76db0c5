package dev.netpol.assertj;

import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Port;
import dev.netpol.core.reach.TruthTable;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A reachability matrix (or a cluster's) is not the one expected: for a truth table, how many
 * cells differ, then only the differing cells, each with the reference evaluator's explanation,
 * then the actual table ready to copy; for one connection, the explanation.
 */
final class ShouldHaveReachability extends BasicErrorMessageFactory {
  private ShouldHaveReachability(String format) {
    super(format);
  }

  /**
   * @param expected the expected table, with its port
   * @param differences one entry per differing cell: the cell and its verdict
   * @param actual the actual table, with the same pods and port
   */
  static ErrorMessageFactory shouldHaveTable(
      TruthTable expected, List<Difference> differences, TruthTable actual) {
    int total = expected.sources().size() * expected.destinations().size();
    return new ShouldHaveReachability(
        Messages.literal(
            expectation(expected)
                + ", but "
                + Messages.of(differences.size(), total, "cell")
                + " different:"
                + Messages.list(differences.stream().map(Difference::text).toList())
                + "\nActual table (copy it over "
                + expected.sourceName().orElse("the expected table")
                + " if the change is intended):\n"
                + actual.format().stripTrailing()));
  }

  /**
   * @param expected the expected table
   * @param what {@code row default/frontnd (line 3)}
   * @param problem the nearest pod ids
   */
  static ErrorMessageFactory shouldResolve(TruthTable expected, String what, String problem) {
    return new ShouldHaveReachability(
        Messages.literal(
            expectation(expected) + ", but " + what + " is not a pod of the cluster; " + problem));
  }

  /**
   * @param allows what was expected: allowed or denied
   * @param verdict the reference evaluator's verdict on the connection
   */
  static ErrorMessageFactory shouldReach(boolean allows, Verdict verdict) {
    return new ShouldHaveReachability(
        Messages.literal(
            "expected "
                + verdict.source()
                + (allows ? " to reach " : " not to reach ")
                + verdict.destination()
                + " on "
                + verdict.port()
                + ", but the reachability matrix "
                + (allows ? "denies" : "allows")
                + " it:\n"
                + verdict.explain()));
  }

  private static String expectation(TruthTable expected) {
    Port port = expected.port().orElseThrow();
    return "expected the reachability on "
        + port
        + " to match the table"
        + expected.sourceName().map(n -> " of " + n).orElse("");
  }

  /**
   * One differing cell.
   *
   * @param cell {@code default/a -> default/b: expected X, found .}
   * @param verdict the reference evaluator's verdict on it
   */
  record Difference(String cell, Verdict verdict) {
    String text() {
      return cell + "\n" + verdict.explain();
    }
  }
}
