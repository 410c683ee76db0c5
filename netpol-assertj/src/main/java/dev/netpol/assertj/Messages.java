package dev.netpol.assertj;

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

  static String of(int count, int total, String noun) {
    return count + " of " + total + " " + noun + (total == 1 ? "" : "s") + (count == 1 ? " is" : " are");
  }
}
