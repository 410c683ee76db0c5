package dev.netpol.core.table;

import dev.netpol.core.eval.Verdict;
import java.util.Optional;

/**
 * A cell of a table that the cluster answers the other way, with the reference evaluator's
 * explanation of the actual answer (which policies allow or deny it, and why).
 *
 * <pre>{@code
 * tables/tcp-80.txt:4: default/frontend-0 -> default/backend-1: expected X, found .
 * default/frontend-0 -> default/backend-1 on TCP/80: ALLOWED
 *   egress of default/frontend-0: allowed by NetworkPolicy default/allow-egress, rule egress[0]
 *   ...
 * }</pre>
 *
 * <p>A cell whose answer the API leaves undefined (it depends on the order of two
 * cluster-scoped policies of one tier with the same priority, docs/cluster-policies.md#ties) is a
 * difference whatever the table expects: {@link #undefined()} is true and {@link #found()} is
 * netpol's documented order's answer, which a real cluster need not give.
 *
 * @param cell the expected cell
 * @param found the actual answer: true for allowed
 * @param location where the table writes the cell's row; empty for a table built by {@link
 *     TruthTable#of}
 * @param verdict the reference evaluator's verdict on the connection
 * @param undefined whether the answer is undefined by the API
 */
public record Difference(
    TruthTable.Cell cell,
    boolean found,
    Optional<String> location,
    Verdict verdict,
    boolean undefined) {

  /**
   * A cell answered the other way, with a defined answer.
   *
   * @param cell the expected cell
   * @param found the actual answer
   * @param location where the table writes the cell's row
   * @param verdict the evaluator's verdict
   */
  public Difference(
      TruthTable.Cell cell, boolean found, Optional<String> location, Verdict verdict) {
    this(cell, found, location, verdict, false);
  }

  /**
   * The one message for this differing cell, whichever module reports it: the cell, then the
   * explanation.
   *
   * @return {@code LOCATION: SOURCE -> DESTINATION: expected X, found .} then the verdict's
   *     explanation on the following lines
   */
  public String describe() {
    String where = location.map(l -> l + ": ").orElse("");
    if (undefined) {
      return where + cell.source() + " -> " + cell.destination() + ": expected "
          + TruthTable.mark(cell.allowed()) + ", but the answer is undefined\n" + verdict.explain();
    }
    return where
        + TruthTable.cellDifference(cell.source(), cell.destination(), cell.allowed(), found)
        + "\n" + verdict.explain();
  }
}
