package dev.netpol.assertj;

import dev.netpol.core.eval.Verdict;
import dev.netpol.core.table.TableComparison;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A reachability matrix (or a cluster's) is not the one expected: for a truth table, core's
 * {@link TableComparison#describe()} (unknown pod ids with the nearest ones, or the differing
 * cells explained, then the actual table ready to copy); for one connection, the explanation.
 */
final class ShouldHaveReachability extends BasicErrorMessageFactory {
  private ShouldHaveReachability(String format) {
    super(format);
  }

  /**
   * @param comparison core's result of checking a table, which does not match: its one text,
   *     the same that the JUnit extension reports
   */
  static ErrorMessageFactory shouldMatchTable(TableComparison comparison) {
    return new ShouldHaveReachability(Messages.literal(comparison.describe()));
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
}
