package dev.netpol.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A port a container declares ({@code spec.containers[].ports[]}): a number, a protocol and an
 * optional name. Names are what named ports in policies ({@code port: http}) and Services ({@code
 * targetPort: http}) resolve against, per pod.
 *
 * <pre>{@code
 * ContainerPort.named("http", 8080, Protocol.TCP);
 * ContainerPort.of(53, Protocol.UDP);
 * }</pre>
 *
 * @param name the port name (an IANA service name), if any
 * @param number the container port, 1 to 65535
 * @param protocol the protocol, TCP if the manifest says none
 */
public record ContainerPort(Optional<String> name, int number, Protocol protocol) {

  /**
   * Validates the number and name.
   *
   * @param name the port name, if any
   * @param number the container port
   * @param protocol the protocol
   */
  public ContainerPort {
    List<Violation> violations = new ArrayList<>();
    if (number < Port.MIN || number > Port.MAX) {
      violations.add(
          new Violation("containerPort", "must be between 1 and 65535, found " + number));
    }
    name.flatMap(KubernetesNames::checkPortName)
        .ifPresent(m -> violations.add(new Violation("name", m)));
    if (!violations.isEmpty()) {
      throw new InvalidModelException("container port", violations);
    }
  }

  /**
   * An unnamed container port.
   *
   * @param number the port number
   * @param protocol the protocol
   * @return the port
   */
  public static ContainerPort of(int number, Protocol protocol) {
    return new ContainerPort(Optional.empty(), number, protocol);
  }

  /**
   * A named container port.
   *
   * @param name the port name, e.g. {@code http}
   * @param number the port number
   * @param protocol the protocol
   * @return the port
   */
  public static ContainerPort named(String name, int number, Protocol protocol) {
    return new ContainerPort(Optional.of(name), number, protocol);
  }

  /**
   * The connection port this container port receives.
   *
   * @return protocol and number
   */
  public Port port() {
    return new Port(protocol, number);
  }

  /** Returns e.g. {@code http:TCP/8080} or {@code UDP/53}. */
  @Override
  public String toString() {
    return name.map(n -> n + ":").orElse("") + protocol + "/" + number;
  }
}
