package dev.netpol.assertj;

import com.google.common.collect.ImmutableList;
import dev.netpol.core.ConnectionAnswer;
import java.util.List;

/** Pieces every netpol failure message shares: the list of offenders and literal text. */
final class Messages {
  /** How many offending pairs (or pods) a message shows in full. */
  static final int SHOWN = 5;

  private Messages() {}

  /** Up to {@link #SHOWN} items, each on its own line(s), then {@code and N more}. */
  static String list(List<String> items) {
    StringBuilder out = new StringBuilder();
    items.stream().limit(SHOWN).forEach(item -> out.append('\n').append(item));
    if (items.size() > SHOWN) {
      out.append("\nand ").append(items.size() - SHOWN).append(" more");
    }
    return out.toString();
  }

  /** Text that goes into a format string as is: only {@code %} needs escaping. */
  static String literal(String text) {
    return text.replace("%", "%%");
  }

  /** {@code expected %s to reach %s on TCP/80} or {@code expected %s not to reach ...}. */
  static String expectation(boolean allows, String ports) {
    return "expected %s " + (allows ? "to reach" : "not to reach") + " %s on " + literal(ports);
  }

  /**
   * {@code expected %s to reach %s on TCP/80, but 1 of 4 pod pairs is}: the expectation and how
   * many of core's pair answers break it.
   */
  static String breaking(ConnectionAnswer answer, boolean allows) {
    return expectation(allows, answer.ports().toString())
        + ", but "
        + of(
            answer.breaking(allows).size(),
            answer.pairs().size(),
            answer.podPairs() ? "pod pair" : "pair");
  }

  /** Core's explanation of each pair that breaks the expectation, as literal list lines. */
  static String explanations(ConnectionAnswer answer, boolean allows) {
    ImmutableList<String> lines =
        answer.breaking(allows).stream()
            .map(p -> p.explain(allows))
            .collect(ImmutableList.toImmutableList());
    return literal(list(lines));
  }

  static String of(int count, int total, String noun) {
    return count + " of " + total + " " + noun + (total == 1 ? "" : "s") + (count == 1 ? " is" : " are");
  }
}
