package dev.netpol.core.reach;

import com.google.common.base.Preconditions;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;

/**
 * An inclusive range of ports of one protocol. The engine splits each protocol's ports into such
 * ranges (port atoms) so that every port of one range gets the same answer for every pair of pods.
 *
 * <pre>{@code
 * PortRange r = new PortRange(Protocol.TCP, 8000, 8080);
 * r.contains(Port.tcp(8005));   // true
 * r.toString();                 // "TCP/8000-8080"
 * }</pre>
 *
 * @param protocol the protocol
 * @param first the first port, 1 to 65535
 * @param last the last port, from {@code first} to 65535
 */
public record PortRange(Protocol protocol, int first, int last) {

  /**
   * Validates the bounds.
   *
   * @param protocol the protocol
   * @param first the first port
   * @param last the last port
   */
  public PortRange {
    Preconditions.checkArgument(
        first >= Port.MIN && last <= Port.MAX && first <= last,
        "port range must satisfy 1 <= first <= last <= 65535, found %s-%s",
        first,
        last);
  }

  /**
   * Whether a connection port lies in this range.
   *
   * @param port the port
   * @return true if the protocol is the same and the number is inside
   */
  public boolean contains(Port port) {
    return port.protocol() == protocol && port.number() >= first && port.number() <= last;
  }

  /**
   * The first port of the range, which stands for all of them.
   *
   * @return {@code protocol/first}
   */
  public Port representative() {
    return new Port(protocol, first);
  }

  /** Returns {@code TCP/80} for one port, {@code TCP/1-79} for a range. */
  @Override
  public String toString() {
    return protocol + "/" + first + (first == last ? "" : "-" + last);
  }
}
