package dev.netpol.cli;

import dev.netpol.core.eval.Evaluator;
import dev.netpol.core.eval.Verdict;
import dev.netpol.core.model.Pod;
import dev.netpol.core.reach.WorkloadMatrix.Answer;
import dev.netpol.core.reach.WorkloadMatrix.Group;
import dev.netpol.core.reach.WorkloadMatrix.PortGroup;
import java.util.Locale;
import java.util.Optional;

/**
 * The explanation of one cell of a workload matrix, shared by the HTML view and {@code matrix
 * --format json --explain}: a header with the answer and the pod-pair count, then the
 * evaluator's verdict for one pod pair at the port group's first port (for a partly allowed
 * cell, one denied and one allowed pair).
 */
final class CellExplanation {
  private CellExplanation() {}

  /** The evaluator's verdicts for a cell: one pair, or an allowed and a denied one if partly. */
  static String of(
      Evaluator evaluator, Group from, Group to, PortGroup pg, Answer answer) {
    var port = pg.ports().get(0).representative();
    Optional<Verdict> allowed = Optional.empty();
    Optional<Verdict> denied = Optional.empty();
    for (Pod s : from.pods()) {
      for (Pod d : to.pods()) {
        Verdict v = evaluator.evaluate(s, d, port);
        if (v.allowed() && allowed.isEmpty()) {
          allowed = Optional.of(v);
        } else if (!v.allowed() && denied.isEmpty()) {
          denied = Optional.of(v);
        }
        if (allowed.isPresent() && denied.isPresent()) {
          break;
        }
      }
    }
    String header = from.id() + " -> " + to.id() + " on " + MatrixFormats.ports(pg.ports()) + ": "
        + answer.name().toLowerCase(Locale.ROOT) + " (" + from.pods().size() * to.pods().size()
        + (from.pods().size() * to.pods().size() == 1 ? " pod pair" : " pod pairs")
        + "; explained at " + port + ")\n\n";
    StringBuilder out = new StringBuilder(header);
    denied.ifPresent(v -> out.append(v.explain()).append('\n'));
    allowed.ifPresent(v -> out.append(v.explain()).append('\n'));
    return out.toString();
  }

}
