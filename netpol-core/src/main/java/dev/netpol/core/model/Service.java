package dev.netpol.core.model;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * A Service: a selector for its pods and the ports it translates.
 *
 * <p>A Service with an empty (or absent) selector has no pods netpol can know of (its endpoints
 * are managed by hand), so it selects none.
 *
 * <pre>{@code
 * Service web = new Service("default", "web", Labels.of("app", "web"),
 *     ImmutableList.of(ServicePort.toNumber("http", 80, Protocol.TCP, 8080)));
 * web.selects(pod);   // true if the pod is in default and labelled app=web
 * }</pre>
 *
 * @param namespace the namespace name
 * @param name the Service name
 * @param selector the equality selector ({@code spec.selector}); empty for a selector-less Service
 * @param ports its ports
 */
public record Service(
    String namespace, String name, Labels selector, ImmutableList<ServicePort> ports) {

  /**
   * Validates the name.
   *
   * @param namespace the namespace name
   * @param name the Service name
   * @param selector the selector
   * @param ports the ports
   */
  public Service {
    KubernetesNames.checkDnsLabel(name)
        .ifPresent(
            m -> {
              throw new InvalidModelException(
                  "Service " + namespace + "/" + name, List.of(new Violation("metadata.name", m)));
            });
  }

  /**
   * Whether a pod is behind this Service: same namespace, and its labels include every selector
   * label. Never true for a selector-less Service.
   *
   * @param pod a pod
   * @return true if kube-proxy would send this Service's traffic to it
   */
  public boolean selects(Pod pod) {
    if (selector.isEmpty() || !pod.namespace().equals(namespace)) {
      return false;
    }
    return selector.asMap().entrySet().stream()
        .allMatch(e -> pod.labels().get(e.getKey()).filter(e.getValue()::equals).isPresent());
  }

  /**
   * Finds a port by its Service port number and protocol.
   *
   * @param port the Service port
   * @return the Service port, or empty if the Service does not expose it
   */
  public Optional<ServicePort> port(dev.netpol.core.model.Port port) {
    return ports.stream()
        .filter(p -> p.port() == port.number() && p.protocol() == port.protocol())
        .findFirst();
  }

  /**
   * The Service's identity.
   *
   * @return {@code namespace/name}
   */
  public String id() {
    return namespace + "/" + name;
  }

  /** Returns {@code Service namespace/name}. */
  @Override
  public String toString() {
    return "Service " + id();
  }
}
