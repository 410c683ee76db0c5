package dev.netpol.cli;

import dev.netpol.core.model.Port;
import java.util.Locale;

/** Reads a port as typed: {@code TCP/80}, {@code tcp/80}, {@code 80} (TCP). */
final class Ports {
  private Ports() {}

  static Port parse(String text) {
    try {
      return Port.parse(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }
}
