package dev.netpol.core.model;

import java.util.Locale;

/**
 * The transport protocols a Kubernetes {@code NetworkPolicy} can name.
 *
 * <p>The API server accepts exactly {@code TCP}, {@code UDP} and {@code SCTP} (upper case) and
 * defaults an absent {@code protocol} to {@code TCP}. A policy whose rules mention only UDP still
 * isolates the pod for TCP and SCTP, so netpol never treats an unknown protocol as "any".
 */
public enum Protocol {
  /** Transmission Control Protocol, the default of every {@code protocol} field. */
  TCP,
  /** User Datagram Protocol, e.g. DNS on port 53. */
  UDP,
  /** Stream Control Transmission Protocol. */
  SCTP;

  /**
   * Reads a protocol as written in a manifest.
   *
   * <p>Kubernetes is case-sensitive here: {@code tcp} is rejected by the API server, so it is
   * rejected here too.
   *
   * @param text the protocol name, e.g. {@code "UDP"}
   * @return the protocol
   * @throws IllegalArgumentException if {@code text} is not {@code TCP}, {@code UDP} or {@code SCTP}
   */
  public static Protocol parse(String text) {
    for (Protocol p : values()) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    String hint = "";
    for (Protocol p : values()) {
      if (p.name().equals(text.toUpperCase(Locale.ROOT))) {
        hint = " (protocol names are upper case: " + p.name() + ")";
      }
    }
    throw new IllegalArgumentException(
        "unsupported protocol \"" + text + "\": expected one of TCP, UDP, SCTP" + hint);
  }
}
