package dev.netpol.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One port of a Service ({@code spec.ports[]}): the port clients connect to, and the {@code
 * targetPort} on the pods that kube-proxy translates it to, by number or by container port name.
 *
 * <p>Policies judge the translated port (docs/semantics.md#ports): a connection to Service port 80
 * with
 * {@code targetPort: 8080} is allowed or denied as a connection to the pod's 8080.
 *
 * <pre>{@code
 * ServicePort.toNumber("web", 80, Protocol.TCP, 8080);
 * ServicePort.toName("web", 80, Protocol.TCP, "http");   // resolved per pod
 * }</pre>
 *
 * @param name the port's name within the Service, if any
 * @param port the port clients connect to
 * @param protocol its protocol
 * @param targetNumber the target port number, when {@code targetPort} is a number
 * @param targetName the target container port name, when {@code targetPort} is a name
 */
public record ServicePort(
    Optional<String> name,
    int port,
    Protocol protocol,
    Optional<Integer> targetNumber,
    Optional<String> targetName) {

  /**
   * Validates ranges and that exactly one form of target is given.
   *
   * @param name the port name
   * @param port the Service port
   * @param protocol the protocol
   * @param targetNumber the target port number
   * @param targetName the target port name
   */
  public ServicePort {
    List<Violation> violations = new ArrayList<>();
    if (port < Port.MIN || port > Port.MAX) {
      violations.add(new Violation("port", "must be between 1 and 65535, found " + port));
    }
    if (targetNumber.isPresent() == targetName.isPresent()) {
      violations.add(new Violation("targetPort", "must be exactly one of a number or a name"));
    }
    targetNumber
        .filter(n -> n < Port.MIN || n > Port.MAX)
        .ifPresent(
            n -> violations.add(new Violation("targetPort", "must be between 1 and 65535, found " + n)));
    targetName
        .flatMap(KubernetesNames::checkPortName)
        .ifPresent(m -> violations.add(new Violation("targetPort", m)));
    if (!violations.isEmpty()) {
      throw new InvalidModelException("service port", violations);
    }
  }

  /**
   * A Service port whose target is a number.
   *
   * @param name the port name, or {@code ""} for none
   * @param port the Service port
   * @param protocol the protocol
   * @param targetPort the pod port
   * @return the Service port
   */
  public static ServicePort toNumber(String name, int port, Protocol protocol, int targetPort) {
    return new ServicePort(
        name.isEmpty() ? Optional.empty() : Optional.of(name),
        port,
        protocol,
        Optional.of(targetPort),
        Optional.empty());
  }

  /**
   * A Service port whose target is a container port name, resolved on each pod.
   *
   * @param name the port name, or {@code ""} for none
   * @param port the Service port
   * @param protocol the protocol
   * @param targetPort the container port name
   * @return the Service port
   */
  public static ServicePort toName(String name, int port, Protocol protocol, String targetPort) {
    return new ServicePort(
        name.isEmpty() ? Optional.empty() : Optional.of(name),
        port,
        protocol,
        Optional.empty(),
        Optional.of(targetPort));
  }

  /**
   * The port a connection to this Service port arrives at on a given pod, as kube-proxy
   * translates it.
   *
   * @param pod a pod behind the Service
   * @return the pod's port, or empty if the target is a name the pod does not declare (kube-proxy
   *     then sends nothing to that pod)
   */
  public Optional<Port> targetOn(Pod pod) {
    if (targetNumber.isPresent()) {
      return Optional.of(new Port(protocol, targetNumber.get()));
    }
    return pod.resolveNamedPort(targetName.orElseThrow(), protocol).map(n -> new Port(protocol, n));
  }

  /** Returns e.g. {@code web:TCP/80->8080} or {@code TCP/80->http}. */
  @Override
  public String toString() {
    return name.map(n -> n + ":").orElse("")
        + protocol
        + "/"
        + port
        + "->"
        + targetNumber.map(String::valueOf).orElseGet(targetName::orElseThrow);
  }
}
