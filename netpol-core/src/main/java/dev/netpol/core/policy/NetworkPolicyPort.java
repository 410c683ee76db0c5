package dev.netpol.core.policy;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import dev.netpol.core.model.InvalidModelException;
import dev.netpol.core.model.KubernetesNames;
import dev.netpol.core.model.Pod;
import dev.netpol.core.model.Port;
import dev.netpol.core.model.Protocol;
import dev.netpol.core.model.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a rule's {@code ports} list: a protocol and either every port of it, one port, a
 * range ({@code port}..{@code endPort}), or a named port resolved on the destination pod.
 *
 * <pre>{@code
 * NetworkPolicyPort.number(Protocol.TCP, 80);            // port: 80
 * NetworkPolicyPort.range(Protocol.TCP, 8000, 8080);     // port: 8000, endPort: 8080
 * NetworkPolicyPort.named(Protocol.TCP, "http");         // port: http
 * NetworkPolicyPort.all(Protocol.UDP);                   // protocol: UDP, no port
 * }</pre>
 *
 * <p>A port entry never matches another protocol: {@code all(UDP)} allows no TCP at all
 * (docs/semantics.md#ports). A named port matches only a destination pod that declares a container
 * port
 * with that name and protocol, so it never matches an address outside the cluster.
 *
 * @param protocol the protocol, TCP when the manifest says none
 * @param number the port number, when {@code port} is a number
 * @param name the port name, when {@code port} is a name
 * @param endPort the inclusive end of a range; only with a numeric port
 */
public record NetworkPolicyPort(
    Protocol protocol, Optional<Integer> number, Optional<String> name, Optional<Integer> endPort) {

  /**
   * Validates as the API server does.
   *
   * @param protocol the protocol
   * @param number the port number
   * @param name the port name
   * @param endPort the range end
   * @throws InvalidModelException with paths {@code port} or {@code endPort}
   */
  public NetworkPolicyPort {
    List<Violation> violations = new ArrayList<>();
    if (number.isPresent() && name.isPresent()) {
      violations.add(new Violation("port", "must be a number or a name, not both"));
    }
    number
        .filter(n -> n < Port.MIN || n > Port.MAX)
        .ifPresent(
            n -> violations.add(new Violation("port", "must be between 1 and 65535, found " + n)));
    name.flatMap(KubernetesNames::checkPortName)
        .ifPresent(m -> violations.add(new Violation("port", m)));
    if (endPort.isPresent()) {
      int end = endPort.get();
      if (number.isEmpty()) {
        violations.add(
            new Violation(
                "endPort",
                name.isPresent()
                    ? "may not be used with a named port (\"" + name.get() + "\")"
                    : "needs a numeric port"));
      } else if (end < number.get()) {
        violations.add(
            new Violation(
                "endPort",
                "must be greater than or equal to port " + number.get() + ", found " + end));
      }
      if (end < Port.MIN || end > Port.MAX) {
        violations.add(new Violation("endPort", "must be between 1 and 65535, found " + end));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidModelException("NetworkPolicy port", violations);
    }
  }

  /**
   * Every port of one protocol ({@code protocol} given, {@code port} absent).
   *
   * @param protocol the protocol
   * @return the port entry
   */
  public static NetworkPolicyPort all(Protocol protocol) {
    return new NetworkPolicyPort(protocol, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * One numbered port.
   *
   * @param protocol the protocol
   * @param port the port number
   * @return the port entry
   */
  public static NetworkPolicyPort number(Protocol protocol, int port) {
    return new NetworkPolicyPort(protocol, Optional.of(port), Optional.empty(), Optional.empty());
  }

  /**
   * A TCP port, the most common entry.
   *
   * @param port the port number
   * @return {@code TCP/port}
   */
  public static NetworkPolicyPort tcp(int port) {
    return number(Protocol.TCP, port);
  }

  /**
   * An inclusive range of ports ({@code port} with {@code endPort}).
   *
   * @param protocol the protocol
   * @param port the first port
   * @param endPort the last port, at least {@code port}
   * @return the port entry
   */
  public static NetworkPolicyPort range(Protocol protocol, int port, int endPort) {
    return new NetworkPolicyPort(
        protocol, Optional.of(port), Optional.empty(), Optional.of(endPort));
  }

  /**
   * A named port, resolved per destination pod.
   *
   * @param protocol the protocol the container port must have
   * @param name the container port name
   * @return the port entry
   */
  public static NetworkPolicyPort named(Protocol protocol, String name) {
    return new NetworkPolicyPort(protocol, Optional.empty(), Optional.of(name), Optional.empty());
  }

  /**
   * Whether this entry is "every port of the protocol".
   *
   * @return true if no port is given
   */
  public boolean isAllPorts() {
    return number.isEmpty() && name.isEmpty();
  }

  /**
   * The port numbers of {@link #protocol()} this entry admits whatever the destination
   * (docs/semantics.md#ports): every port when none is given, {@code port} alone, or {@code
   * port..endPort} inclusive. A named port depends on the destination: empty.
   *
   * <pre>{@code
   * NetworkPolicyPort.all(Protocol.UDP).fixedNumbers();               // [1..65535]
   * NetworkPolicyPort.tcp(80).fixedNumbers();                         // [80..80]
   * NetworkPolicyPort.range(Protocol.TCP, 8000, 8080).fixedNumbers(); // [8000..8080]
   * NetworkPolicyPort.named(Protocol.TCP, "http").fixedNumbers();     // empty
   * }</pre>
   *
   * @return the inclusive range, or empty for a named port
   */
  public Optional<Range<Integer>> fixedNumbers() {
    return name.isPresent() ? Optional.empty() : Optional.of(Range.closed(first(), last()));
  }

  /**
   * The number a named entry admits on a destination pod: that of the pod's container port with
   * this name and protocol (docs/semantics.md#ports). Named ports are always resolved on the
   * destination, whether the policy judges the source's egress or the destination's ingress.
   *
   * @param destination the destination pod
   * @return the resolved number; empty if the pod declares no such port or the entry is not named
   */
  public Optional<Integer> resolvedOn(Pod destination) {
    return name.flatMap(n -> destination.resolveNamedPort(n, protocol));
  }

  /**
   * The port numbers of {@link #protocol()} this entry admits toward a destination.
   *
   * @param destination the destination pod, or empty for an address outside the cluster
   * @return the admitted numbers: {@link #fixedNumbers()}, or the {@linkplain #resolvedOn(Pod)
   *     resolved} named port, or none (a name the destination does not declare, or any name toward
   *     an outside address)
   */
  public ImmutableRangeSet<Integer> numbersToward(Optional<Pod> destination) {
    return fixedNumbers()
        .or(() -> destination.flatMap(this::resolvedOn).map(Range::singleton))
        .map(ImmutableRangeSet::of)
        .orElse(ImmutableRangeSet.of());
  }

  /**
   * Whether this entry admits a connection's destination port.
   *
   * @param port the connection's port
   * @param destination the destination pod, or empty for an address outside the cluster
   * @return true if the protocol is the same and the number is admitted
   */
  public boolean matches(Port port, Optional<Pod> destination) {
    return matchesOnEveryDestination(port)
        || (port.protocol() == protocol
            && destination.flatMap(this::resolvedOn).filter(n -> n == port.number()).isPresent());
  }

  /**
   * Whether this entry admits a port whatever the destination: same protocol, and the number in
   * {@link #fixedNumbers()}. A named entry never does (it needs a destination pod to resolve on),
   * so this is exactly how an entry judges a connection toward an address outside the cluster.
   *
   * @param port the connection's port
   * @return true if the port is admitted toward every destination
   */
  public boolean matchesOnEveryDestination(Port port) {
    return port.protocol() == protocol
        && name.isEmpty()
        && port.number() >= first()
        && port.number() <= last();
  }

  /** The first admitted number of a numeric or "every port" entry. */
  private int first() {
    return number.orElse(Port.MIN);
  }

  /** The last admitted number: {@code endPort}, else {@code port} alone, else the last port. */
  private int last() {
    return number.isEmpty() ? Port.MAX : endPort.orElse(number.get());
  }

  /**
   * Returns the entry as netpol prints it: {@code TCP/80}, {@code TCP/8000-8080}, {@code
   * TCP/http} (named), {@code UDP/*} (every UDP port).
   */
  @Override
  public String toString() {
    if (name.isPresent()) {
      return protocol + "/" + name.get();
    }
    if (number.isEmpty()) {
      return protocol + "/*";
    }
    return protocol + "/" + number.get() + endPort.map(e -> "-" + e).orElse("");
  }
}
