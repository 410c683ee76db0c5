package dev.netpol.core;

import com.google.common.base.Preconditions;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;

/**
 * The ports a question between two endpoints asks about ({@link Cluster#answer(Endpoint,
 * Endpoint, PortQuery)}): one port, an inclusive range of one protocol, every port of every
 * protocol, or a container port name.
 *
 * <pre>{@code
 * PortQuery.of(Port.tcp(80));                   // TCP/80
 * PortQuery.range(Protocol.TCP, 8000, 8099);    // TCP/8000-8099, answered exactly
 * PortQuery.allPorts();                         // TCP, UDP and SCTP, 1 to 65535
 * PortQuery.named("http");                      // the port named http on each destination pod
 * }</pre>
 *
 * <p>Ranges and all ports are answered from the evaluator's exact allowed-port sets, never by
 * trying ports one by one. A named port is resolved on each destination pod, as a policy's
 * {@code port: http} is (docs/semantics.md#ports), so it may be a different number per pod.
 * Toward a Service only a single port has a meaning: kube-proxy translates one Service port to
 * each pod's target port, and nothing translates a range, all ports or a name.
 */
public sealed interface PortQuery
    permits PortQuery.Single, PortQuery.PortRange, PortQuery.AllPorts, PortQuery.Named {

  /**
   * One port; toward a Service, the Service's port, translated to each pod's target port.
   *
   * @param port the port
   * @return the query
   */
  static PortQuery of(Port port) {
    return new Single(port);
  }

  /**
   * Every port of one protocol from {@code from} to {@code to}, inclusive.
   *
   * @param protocol the protocol
   * @param from the first port, 1 to 65535
   * @param to the last port, from {@code from} to 65535
   * @return the query
   * @throws IllegalArgumentException if the range is empty or out of 1..65535
   */
  static PortQuery range(Protocol protocol, int from, int to) {
    return new PortRange(protocol, from, to);
  }

  /**
   * Every port of every protocol: TCP, UDP and SCTP, 1 to 65535.
   *
   * @return the query
   */
  static PortQuery allPorts() {
    return new AllPorts();
  }

  /**
   * A container port name, resolved on each destination pod.
   *
   * @param name e.g. {@code "http"}
   * @return the query
   */
  static PortQuery named(String name) {
    return new Named(name);
  }

  /**
   * One port.
   *
   * @param port the port (toward a Service, the Service's port)
   */
  record Single(Port port) implements PortQuery {
    /** Returns e.g. {@code TCP/80}. */
    @Override
    public String toString() {
      return port.toString();
    }
  }

  /**
   * An inclusive range of ports of one protocol.
   *
   * @param protocol the protocol
   * @param from the first port
   * @param to the last port
   */
  record PortRange(Protocol protocol, int from, int to) implements PortQuery {
    /**
     * Checks the range is within 1..65535 and not empty.
     *
     * @param protocol the protocol
     * @param from the first port
     * @param to the last port
     */
    public PortRange {
      Preconditions.checkArgument(
          Port.MIN <= from && from <= to && to <= Port.MAX,
          "expected a port range within 1..65535 with from <= to, found %s..%s",
          from,
          to);
    }

    /** Returns e.g. {@code TCP/8000-8099}, or {@code TCP/80} for a range of one port. */
    @Override
    public String toString() {
      return from == to ? protocol + "/" + from : protocol + "/" + from + "-" + to;
    }
  }

  /** Every port of every protocol. */
  record AllPorts() implements PortQuery {
    /** Returns {@code all ports}. */
    @Override
    public String toString() {
      return "all ports";
    }
  }

  /**
   * A container port name.
   *
   * @param name the name, e.g. {@code "http"}
   */
  record Named(String name) implements PortQuery {
    /** Returns e.g. {@code named port http}. */
    @Override
    public String toString() {
      return "named port " + name;
    }
  }
}
