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
 * @param cell the expected cell
 * @param found the actual answer: true for allowed
 * @param location where the table writes the cell's row, e.g. {@code tables/tcp-80.txt:4}; empty
 *     for a table built by {@link TruthTable#of}
 * @param verdict the reference evaluator's verdict on the connection
 */
public record Difference(
    TruthTable.Cell cell, boolean found, Optional<String> location, Verdict verdict) {

  /**
   * The one message for this differing cell, whichever module reports it: the cell, then the
   * explanation.
   *
   * @return {@code LOCATION: SOURCE -> DESTINATION: expected X, found .} then the verdict's
   *     explanation on the following lines
   */
  public String describe() {
    return location.map(l -> l + ": ").orElse("")
        + TruthTable.cellDifference(cell.source(), cell.destination(), cell.allowed(), found)
        + "\n" + verdict.explain();
  }
}
