package dev.netpol.core.policy;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import dev.netpol.core.model.ContainerPort;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import java.util.Optional;

/**
 * One entry of a cluster-scoped rule's port filter (v1alpha1 {@code ports}, v1alpha2 {@code
 * protocols}); a rule without a filter matches every protocol and port
 * (docs/cluster-policies.md#ports). Only destination ports are matched.
 *
 * <pre>{@code
 * ClusterPort.number(Protocol.TCP, 5432);        // portNumber / tcp.destinationPort.number
 * ClusterPort.range(Protocol.UDP, 30000, 32767); // portRange / udp.destinationPort.range
 * ClusterPort.named("metrics");                  // namedPort / destinationNamedPort
 * }</pre>
 */
public sealed interface ClusterPort
    permits ClusterPort.PortRange, ClusterPort.Named {

  /**
   * A single port of a protocol.
   *
   * @param protocol the protocol
   * @param port the port number, 1..65535
   * @return the entry
   */
  static ClusterPort number(Protocol protocol, int port) {
    return new PortRange(protocol, port, port, false);
  }

  /**
   * An inclusive range of ports of a protocol.
   *
   * @param protocol the protocol
   * @param start the first port
   * @param end the last port, not below start
   * @return the entry
   */
  static ClusterPort range(Protocol protocol, int start, int end) {
    return new PortRange(protocol, start, end, true);
  }

  /**
   * A container port name, resolved on the destination pod; the name carries its own protocol.
   *
   * @param name the port name
   * @return the entry
   */
  static ClusterPort named(String name) {
    return new Named(name);
  }

  /**
   * Whether the entry matches a connection's destination port.
   *
   * <pre>{@code
   * ClusterPort.range(TCP, 8000, 8100).admits(Port.tcp(8080), Optional.empty());   // true
   * ClusterPort.named("http").admits(Port.tcp(80), Optional.of(web));   // web names TCP/80 http
   * }</pre>
   *
   * @param port the destination port
   * @param destination the destination pod, where a name resolves; empty for an address
   * @return true if matched
   */
  boolean admits(Port port, Optional<Pod> destination);

  /**
   * The port numbers of a protocol the entry matches.
   *
   * @param protocol the protocol
   * @param destination the destination pod, where a name resolves
   * @return the numbers
   */
  ImmutableRangeSet<Integer> numbers(Protocol protocol, Optional<Pod> destination);

  /**
   * Ports {@code start..end} of a protocol (one port when start equals end).
   *
   * @param protocol the protocol
   * @param start the first port
   * @param end the last port
   * @param writtenAsRange whether the policy wrote a range (for the explanation)
   */
  record PortRange(Protocol protocol, int start, int end, boolean writtenAsRange)
      implements ClusterPort {
    /**
     * Checks the bounds.
     *
     * @param protocol the protocol
     * @param start the first port
     * @param end the last port
     * @param writtenAsRange whether written as a range
     */
    public PortRange {
      Preconditions.checkArgument(
          Port.MIN <= start && start <= end && end <= Port.MAX,
          "expected ports 1 <= start <= end <= 65535, found %s-%s",
          start,
          end);
    }

    @Override
    public boolean admits(Port port, Optional<Pod> destination) {
      return port.protocol() == protocol && start <= port.number() && port.number() <= end;
    }

    @Override
    public ImmutableRangeSet<Integer> numbers(Protocol protocol, Optional<Pod> destination) {
      return protocol == this.protocol
          ? ImmutableRangeSet.of(Range.closed(start, end))
          : ImmutableRangeSet.of();
    }

    /** Returns e.g. {@code TCP/5432} or {@code UDP/30000-32767}. */
    @Override
    public String toString() {
      return writtenAsRange ? protocol + "/" + start + "-" + end : protocol + "/" + start;
    }
  }

  /**
   * A container port name, resolved on the destination pod: it matches a connection whose port
   * and protocol are those of the destination's container port of that name (the name carries
   * its protocol), as a NetworkPolicy's named port resolves. A pod that also declares the same
   * number without the name (or under another) still has the name resolve to it. Toward an
   * address (no pod) it matches nothing.
   *
   * @param name the port name
   */
  record Named(String name) implements ClusterPort {
    @Override
    public boolean admits(Port port, Optional<Pod> destination) {
      return numbers(port.protocol(), destination).contains(port.number());
    }

    @Override
    public ImmutableRangeSet<Integer> numbers(Protocol protocol, Optional<Pod> destination) {
      if (destination.isEmpty()) {
        return ImmutableRangeSet.of();
      }
      for (ContainerPort p : destination.get().containerPorts()) {
        if (p.protocol() == protocol && p.name().filter(name::equals).isPresent()) {
          return ImmutableRangeSet.of(Range.singleton(p.number()));
        }
      }
      return ImmutableRangeSet.of();
    }

    /** Returns the name, e.g. {@code http}. */
    @Override
    public String toString() {
      return name;
    }
  }
}
