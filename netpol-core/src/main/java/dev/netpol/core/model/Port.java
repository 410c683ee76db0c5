package dev.netpol.core.model;

import com.google.common.base.Preconditions;

/**
 * A concrete destination port of a connection: a protocol and a number from 1 to 65535.
 *
 * <p>This is what a question asks about ("may frontend reach backend on TCP 80?"). The ports a
 * policy <em>allows</em> (numbers, ranges, names, "all") are {@link
 * dev.netpol.core.policy.NetworkPolicyPort}s.
 *
 * <pre>{@code
 * Port http = Port.tcp(80);
 * Port dns  = Port.udp(53);
 * http.toString();   // "TCP/80"
 * Port.parse("udp/53") is rejected: protocols are upper case, as in Kubernetes
 * }</pre>
 *
 * @param protocol the transport protocol
 * @param number the port number, 1 to 65535
 */
public record Port(Protocol protocol, int number) implements Comparable<Port> {

  /** The lowest valid port number. */
  public static final int MIN = 1;

  /** The highest valid port number. */
  public static final int MAX = 65535;

  /**
   * Validates the port number.
   *
   * @param protocol the transport protocol
   * @param number the port number, 1 to 65535
   */
  public Port {
    Preconditions.checkNotNull(protocol, "protocol");
    Preconditions.checkArgument(
        number >= MIN && number <= MAX, "port must be between 1 and 65535, found %s", number);
  }

  /**
   * A TCP port.
   *
   * @param number the port number, 1 to 65535
   * @return {@code TCP/number}
   */
  public static Port tcp(int number) {
    return new Port(Protocol.TCP, number);
  }

  /**
   * A UDP port.
   *
   * @param number the port number, 1 to 65535
   * @return {@code UDP/number}
   */
  public static Port udp(int number) {
    return new Port(Protocol.UDP, number);
  }

  /**
   * An SCTP port.
   *
   * @param number the port number, 1 to 65535
   * @return {@code SCTP/number}
   */
  public static Port sctp(int number) {
    return new Port(Protocol.SCTP, number);
  }

  /**
   * Parses the form {@link #toString()} prints: {@code TCP/80}, {@code UDP/53}; a bare number
   * means TCP, as an absent {@code protocol} does in Kubernetes.
   *
   * @param text e.g. {@code "TCP/8080"} or {@code "8080"}
   * @return the port
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static Port parse(String text) {
    int slash = text.indexOf('/');
    Protocol protocol = slash < 0 ? Protocol.TCP : Protocol.parse(text.substring(0, slash));
    String digits = text.substring(slash + 1);
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 5) {
      throw new IllegalArgumentException(
          "invalid port \"" + text + "\": expected PROTOCOL/NUMBER, e.g. TCP/80");
    }
    return new Port(protocol, Integer.parseInt(digits));
  }

  @Override
  public int compareTo(Port other) {
    int c = protocol.compareTo(other.protocol);
    return c != 0 ? c : Integer.compare(number, other.number);
  }

  /** Returns {@code PROTOCOL/NUMBER}, e.g. {@code TCP/80}. */
  @Override
  public String toString() {
    return protocol + "/" + number;
  }
}
